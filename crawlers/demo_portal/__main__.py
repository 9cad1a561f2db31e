"""Serve the demo portal standalone: `python -m crawlers.demo_portal --port 8080`.

Prints the host names, their base URLs and the FAZHI_CRAWL_STATIC_HOSTS value that points them at
this server; `--registry-out FILE` writes the registry file for `fazhi run --role crawl --registry`.
Stops on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from pathlib import Path

from crawlers.demo_portal import DemoPortal


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crawlers.demo_portal",
                                     description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="TCP port (0: any free port)")
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on; default 127.0.0.1")
    parser.add_argument("--slow-seconds", type=float,
                        help="delay of the slow page (default: the read timeout + 1 s)")
    parser.add_argument("--oversize-bytes", type=int,
                        help="size of the oversized page (default: the page size limit + 256 KiB)")
    parser.add_argument("--crawl-delay", type=float, default=0.5,
                        help="Crawl-delay of the site that declares one")
    parser.add_argument("--publish-interval", type=float, help="publish a pre-written item every N seconds")
    parser.add_argument("--replicas", type=int, default=1, help="copies of every site under more host names")
    parser.add_argument("--registry-out", type=Path, help="write the registry YAML for these portals here")
    return parser


async def _serve(args: argparse.Namespace) -> None:
    portal = DemoPortal(port=args.port, bind=args.bind, slow_seconds=args.slow_seconds,
                        oversize_bytes=args.oversize_bytes, crawl_delay=args.crawl_delay,
                        publish_interval=args.publish_interval, replicas=args.replicas)
    await portal.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Windows event loops have no signal handlers; Ctrl-C (KeyboardInterrupt) still stops the server.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        for host in portal.hosts:
            print(f"{host:28} {portal.base_url(host)}/")
        print(f"FAZHI_CRAWL_STATIC_HOSTS='{json.dumps(portal.static_hosts())}'")
        if args.registry_out:
            args.registry_out.write_text(portal.registry_yaml(), encoding="utf-8")
            print(f"registry written to {args.registry_out}")
        print(f"{len(portal.pages())} detail pages, {portal.pending} to be published; Ctrl-C stops",
              flush=True)
        await stop.wait()
    finally:
        await portal.stop()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except OSError as exc:  # port in use, bad bind address
        print(f"demo portal: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
