"""``fazhi run``, ``fazhi ingest`` and ``fazhi replay``: the long-running worker and its feeds.

``fazhi run [--role process|store|alert|all]`` runs a Faust worker in this process with the
agents of the roles asked (repeat ``--role`` or give a comma list; default all). With no
``FAZHI_BROKER_URL`` it reuses the embedded broker recorded in the data dir or starts one, and
stops a broker it started on exit. SIGTERM / SIGINT stop the worker cleanly (offsets committed).

``fazhi ingest PATH...`` and ``fazhi replay`` send pages to ``fazhi.pages.raw`` of the configured
broker or of the embedded broker a ``fazhi run`` of the same data dir started: they do not start
one themselves, since the embedded broker keeps nothing once it stops.

Also runnable as ``python -m streams.runner run --role process`` (tests start workers this way).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from aiokafka.errors import KafkaError

from streams.app import (  # light: Faust is imported by create_app
    ROLES,
    RoleConfigError,
    UnknownRole,
    parse_roles,
)
from streams.broker import (
    BrokerUnavailable,
    bootstrap_servers,
    find_running_broker,
    normalize_broker_url,
    resolve_broker,
)
from streams.observability.logs import configure_logging
from streams.settings import Settings, environment_exit_code

log = logging.getLogger("fazhi.run")


class NoBroker(RuntimeError):
    """Neither FAZHI_BROKER_URL nor a running embedded broker for this data dir."""


def feed_broker_url(settings: Settings) -> str:
    """Broker for ingest/replay: the configured one, else the embedded one `fazhi run` started."""
    if settings.broker_url:
        return normalize_broker_url(settings.broker_url)
    record = find_running_broker(settings.data_dir)
    if record is None:
        raise NoBroker(
            f"no broker: FAZHI_BROKER_URL is not set and no embedded broker runs for data dir "
            f"{settings.data_dir} (start `fazhi run` with the same FAZHI_DATA_DIR first)"
        )
    return record.url


async def run_worker(settings: Settings, roles: Iterable[str], broker_url: str) -> int:
    """Run a worker until SIGTERM/SIGINT (exit 0) or until the app crashes (exit 1).

    With ``settings.web_port`` > 0 it serves ``/healthz`` and ``/metrics`` on that port.
    """
    from streams.app import create_app
    from streams.state.database import close_for_app
    from streams.topics import ensure_topics

    app, _topics = create_app(settings, roles, broker_url=broker_url, web_port=settings.web_port)
    try:
        await ensure_topics(bootstrap_servers(broker_url), settings)
    except KafkaError as exc:
        log.error("fazhi worker: cannot create the topics on broker %s: %s", broker_url, exc)
        return 1
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await app.start()
        names = ",".join(sorted(parse_roles(roles)))
        port = settings.web_port
        web = f", /healthz and /metrics on {settings.web_bind}:{port}" if port else ""
        log.info("fazhi worker started: roles %s, consumer group %s, broker %s%s",
                 names, app.conf.id, broker_url, web)  # fmt: skip
        # Faust marks a crashed app instead of raising here: poll for it alongside the signals.
        while not stop.is_set() and not app.crashed and not app.should_stop:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await app.stop()
        await close_for_app(app)  # after the roles' shutdown hooks, which may still write
    if app.crashed:
        log.error("fazhi worker crashed: %r", app.crash_reason)
        return 1
    log.info("fazhi worker stopped")
    return 0


def _stop_before_start(signum: int, frame: object) -> None:
    # A stop request while still starting up: nothing consumed yet, nothing to commit.
    raise SystemExit(0)


def web_port_problem(settings: Settings) -> str | None:
    """Why the worker could not serve /healthz and /metrics where the settings say, or None.

    Checked before anything starts (a busy port would otherwise end the worker with Faust's
    traceback once it has joined its group). Binds as aiohttp will, address reuse included.
    """
    if not settings.web_port:
        return None
    try:
        addresses = socket.getaddrinfo(settings.web_bind, settings.web_port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = addresses[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        return (f"cannot serve /healthz and /metrics on {settings.web_bind}:{settings.web_port}: "
                f"{exc.strerror or exc} (FAZHI_WEB_PORT or --web-port: another port, 0 for none; "
                "FAZHI_WEB_BIND: the address)")
    return None


def cmd_run(args: argparse.Namespace) -> int:
    # Until the worker's own handlers are installed (once its event loop runs), SIGTERM means
    # "exit now, cleanly" rather than the default death by signal.
    signal.signal(signal.SIGTERM, _stop_before_start)
    settings = Settings()
    configure_logging(args.log_level, settings.log_format)
    if args.registry is not None:
        settings = settings.model_copy(update={"crawl_registry": Path(args.registry)})
    if args.web_port is not None:
        settings = settings.model_copy(update={"web_port": args.web_port})
    try:
        roles = parse_roles(args.role, crawl=settings.crawl_registry is not None)
    except UnknownRole as exc:
        print(f"fazhi run: {exc}", file=sys.stderr)
        return 2
    if (problem := web_port_problem(settings)) is not None:
        print(f"fazhi run: {problem}", file=sys.stderr)
        return 2
    try:
        broker_url, owned = resolve_broker(settings)
    except BrokerUnavailable as exc:
        print(f"fazhi run: {exc}", file=sys.stderr)
        return 1
    if owned is not None:
        log.info("embedded broker %s started (recorded in %s)", owned.address, settings.broker_json_path)
    try:
        return asyncio.run(run_worker(settings, roles, broker_url))
    except RoleConfigError as exc:  # a role's configuration (subscriptions, registry) is invalid
        print(f"fazhi run: {exc}", file=sys.stderr)
        return 2
    finally:
        if owned is not None:
            owned.stop()


def _feed(args: argparse.Namespace, command: str) -> int:
    from streams.ingest import ingest_paths, replay_archive

    settings = Settings()
    try:
        broker_url = feed_broker_url(settings)
    except NoBroker as exc:
        print(f"fazhi {command}: {exc}", file=sys.stderr)
        return 1
    progress = not args.no_progress
    if command == "ingest":
        result = asyncio.run(ingest_paths(args.paths, settings, broker_url, progress=progress))
    else:
        result = asyncio.run(replay_archive(settings, broker_url, progress=progress))
    for error in result.errors:
        print(f"fazhi {command}: {error}", file=sys.stderr)
    print(f"fazhi {command}: {result.sent} pages sent, {result.dead_letters} dead letters, "
          f"{len(result.errors)} errors", file=sys.stderr)  # fmt: skip
    return 0 if result.ok else 1


def cmd_ingest(args: argparse.Namespace) -> int:
    return _feed(args, "ingest")


def cmd_replay(args: argparse.Namespace) -> int:
    return _feed(args, "replay")


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535)")
    return int(value)


def register(sub: argparse._SubParsersAction) -> None:
    run_p = sub.add_parser("run", help="run the stream pipeline (Faust worker) until SIGTERM")
    run_p.add_argument("--role", action="append", metavar="ROLE",
                       help=f"{'|'.join(ROLES)}|all (repeatable or comma list; default all)")  # fmt: skip
    run_p.add_argument("--registry", metavar="FILE",
                       help="portal registry (YAML) for the crawl role (default: FAZHI_CRAWL_REGISTRY)")
    run_p.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    run_p.add_argument("--web-port", type=_port, metavar="PORT",
                       help="serve GET /healthz and GET /metrics on PORT; 0: no web server "
                            "(default: FAZHI_WEB_PORT, 6066)")  # fmt: skip
    run_p.set_defaults(func=cmd_run)

    ingest_p = sub.add_parser("ingest", help="send saved pages (files or directories) to fazhi.pages.raw")
    ingest_p.add_argument("paths", nargs="+", metavar="PATH",
                          help=".html/.htm/.shtml/.txt files or directories")  # fmt: skip
    ingest_p.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest_p.set_defaults(func=cmd_ingest)

    replay_p = sub.add_parser("replay", help="re-send the archived raw pages (WARC) through the pipeline")
    replay_p.add_argument("--no-progress", action="store_true", help="no progress bar")
    replay_p.set_defaults(func=cmd_replay)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams.runner", description=__doc__)
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    if (code := environment_exit_code(sys.stderr)) is not None:
        return code
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
