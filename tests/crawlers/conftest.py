"""Real local HTTP(S) servers for the fetcher tests, serving several host names from loopback.

`LocalServer` runs aiohttp in a thread of its own (its own event loop, so the client's work does
not delay the server's clock) and records every request as it arrives (`hits`), with the time on
the same monotonic clock the fetcher uses.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web

from schemas import Level
from schemas.registry import Column, Politeness, Portal
from streams.settings import Settings

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Hit:
    host: str
    path: str
    at: float
    headers: dict[str, str]


class LocalServer:
    """An aiohttp server on 127.0.0.1; routes are (host name, path) -> handler; unknown -> 404."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.hits: list[Hit] = []
        self._routes: dict[tuple[str, str], Handler] = {}
        self._ssl = ssl_context
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    def route(self, host: str, path: str, handler: Handler) -> None:
        self._routes[(host, path)] = handler

    def page(self, host: str, path: str, body: bytes | str = "<html>ok</html>", status: int = 200,
             headers: dict[str, str] | None = None) -> None:
        """A fixed answer."""
        data = body.encode() if isinstance(body, str) else body

        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(body=data, status=status, headers=headers or {},
                                content_type=None if headers and "Content-Type" in headers else "text/html")

        self.route(host, path, handler)

    def hits_of(self, host: str, path: str | None = None) -> list[Hit]:
        return [hit for hit in self.hits if hit.host == host and (path is None or hit.path == path)]

    def url(self, host: str, path: str) -> str:
        scheme = "https" if self._ssl else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        host = (request.host or "").rsplit(":", 1)[0]
        self.hits.append(Hit(host, request.path_qs, time.monotonic(), dict(request.headers)))
        handler = self._routes.get((host, request.path_qs)) or self._routes.get((host, request.path))
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    def start(self) -> LocalServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self._ssl)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer().start()
    yield local
    local.stop()


#: Host names served by `server` (through FAZHI_CRAWL_STATIC_HOSTS): two "portals" on loopback.
HOSTS = ("www.alpha-demo.test", "sft.beta-demo.test")


def crawl_settings(**overrides: Any) -> Settings:
    """Settings for tests: fast retries and small limits, the demo host names on loopback."""
    values: dict[str, Any] = {
        "crawl_static_hosts": {name: "127.0.0.1" for name in HOSTS},
        "crawl_delay": 0.0,
        "crawl_retry_attempts": 1,
        "crawl_retry_base_delay": 0.01,
        "crawl_retry_max_delay": 0.05,
        "crawl_connect_timeout": 2.0,
        "crawl_read_timeout": 2.0,
        "crawl_total_timeout": 10.0,
        "crawl_contact_url": "https://example.org/contact",
    }
    values.update(overrides)
    return Settings(**values)


def local_portal(*, allow_private: bool = True, delay: float | None = None, host: str = HOSTS[0],
                 concurrency: int | None = None) -> Portal:
    politeness = Politeness(delay=delay, concurrency=concurrency) if delay or concurrency else None
    return Portal(id="local", name="本地测试门户", region_code="440300", level=Level.prefecture,
                  base_url=f"http://{host}/", columns=[Column(id="tzgg", name="通知公告", url="/tzgg/")],
                  politeness=politeness, allow_private=allow_private)


@pytest.fixture
def settings_for() -> Callable[..., Settings]:
    return crawl_settings


@pytest.fixture
def portal_for() -> Callable[..., Portal]:
    return local_portal
