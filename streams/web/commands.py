"""``fazhi serve``: the read-only web view on the database (uvicorn serving `streams.web.create_app`)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from streams.settings import Settings, get_settings

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve", help="read-only web view: reports, coverage, JSON API",
        description="Serve the reports, the coverage per year and province and a JSON API under /api/ "
                    "from the database (FAZHI_DATABASE_URL). No login: it listens on loopback unless "
                    "--host says otherwise.",
    )  # fmt: skip
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.set_defaults(func=cmd_serve)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace, settings: Settings | None = None) -> int:
    import uvicorn

    from streams.sink.commands import _missing_database
    from streams.web import create_app

    settings = settings or get_settings()
    if (problem := _missing_database(settings)) is not None:
        print(f"fazhi serve: {problem}", file=sys.stderr)
        return 1
    if not is_loopback(args.host):
        print(f"fazhi serve: WARNING: listening on {args.host}: this view has no authentication; anyone who "
              "can reach the address reads everything in the database", file=sys.stderr)  # fmt: skip
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"fazhi serve: http://{host}:{args.port}/ (reports), /coverage, /api/ — Ctrl-C stops", flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0
