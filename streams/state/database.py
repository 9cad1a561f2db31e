"""The database as the system of record of a worker: one engine per app, migrated once, retried.

Every role of a worker that keeps state which must outlive the process (the crawl ledger, report
versions, the alert outbox, the storage sink) shares one `Database`: one engine (one SQLite
connection pool, one write lock), migrations run once before the first use. A database that cannot
be reached is waited for with backoff (`tenacity`), never given up on: nothing is acknowledged
while it is down, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential

from streams.sink.database import create_engine, upgrade, write_lock

__all__ = ["Database", "GroupCommit", "close_for_app", "database_retrying", "transient"]

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_FIRST, RETRY_MAX = 0.5, 30.0  # seconds between tries while the database is unreachable


def transient(exc: BaseException) -> bool:
    """The database is down or busy (retry later), as opposed to the statement being wrong."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError) and "no such table" in str(exc):
        return False  # a schema problem: retrying will not help
    if isinstance(exc.__cause__, OSError):
        return True  # `upgrade` wraps connection failures
    return isinstance(exc, OperationalError | InterfaceError | DisconnectionError | OSError | TimeoutError)


def _racing_migration(exc: BaseException) -> bool:
    # Two workers of one database migrating at once: the loser sees the winner's tables or version row.
    return transient(exc) or isinstance(exc, IntegrityError | ProgrammingError)


def _log_wait(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    log.warning("database not available (%s: %s); trying again in %.1f s", type(error).__name__, error, wait)


def database_retrying(*, attempts: int | None = None, migrating: bool = False) -> AsyncRetrying:
    """Tries with exponential backoff (0.5 s doubling up to 30 s) on transient failures, then forever.

    `attempts` bounds the tries (the last failure is raised); `migrating` also retries what a
    concurrent migration by another worker looks like.
    """
    from tenacity import stop_after_attempt, stop_never

    return AsyncRetrying(
        retry=retry_if_exception(_racing_migration if migrating else transient),
        wait=wait_exponential(multiplier=RETRY_FIRST, max=RETRY_MAX),
        stop=stop_after_attempt(attempts) if attempts else stop_never,
        before_sleep=_log_wait,
        reraise=True,
    )


_BY_APP: weakref.WeakKeyDictionary[Any, Database] = weakref.WeakKeyDictionary()


class Database:
    """One engine and its migrations, shared by the roles of a worker.

    ``await db.engine()`` (creates it and migrates on first use, waiting for the database to be
    reachable); ``async with db.writing() as connection`` (one transaction, this engine's write
    lock held); ``await db.close()``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: AsyncEngine | None = None
        self._ready = asyncio.Lock()
        self._migrated = False

    @classmethod
    def for_app(cls, app: Any, url: str) -> Database:
        """The database of `app` (every role registered on one app shares it).

        `close_for_app` closes it once the app stopped (the roles' own shutdown hooks, which run in
        no fixed order, may still write: a delivery finishing, a column visit concluding).
        """
        database = _BY_APP.get(app)
        if database is None:
            database = _BY_APP[app] = cls(url)
        return database

    async def engine(self) -> AsyncEngine:
        if self._migrated and self._engine is not None:
            return self._engine
        async with self._ready:
            if not self._migrated:
                async for attempt in database_retrying(migrating=True):
                    with attempt:
                        self._engine = self._engine or create_engine(self.url)
                        await upgrade(self._engine)
                self._migrated = True
                log.info("database ready: %s", self._engine.url.render_as_string(hide_password=True))
        assert self._engine is not None
        return self._engine

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction, with the engine's write lock (SQLite: one writer at a time)."""
        engine = await self.engine()
        async with write_lock(engine), engine.begin() as connection:
            yield connection

    async def write(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run `work` in a write transaction; a database that is down is waited for (backoff).

        `work` may run more than once: it must be idempotent (upserts, conditional updates).
        """
        async for attempt in database_retrying():
            with attempt:
                async with self.writing() as connection:
                    return await work(connection)
        raise AssertionError("unreachable: database_retrying never stops")

    async def read(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run `work` on a connection; a database that is down is waited for (backoff)."""
        async for attempt in database_retrying():
            with attempt:
                async with self.reading() as connection:
                    return await work(connection)
        raise AssertionError("unreachable: database_retrying never stops")

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        engine = await self.engine()
        async with engine.connect() as connection:
            yield connection

    async def close(self) -> None:
        engine, self._engine, self._migrated = self._engine, None, False
        if engine is not None:
            await engine.dispose()


async def close_for_app(app: Any) -> None:
    """Close the database `Database.for_app` gave `app`, if any (after `app.stop()`)."""
    database = _BY_APP.pop(app, None)
    if database is not None:
        await database.close()


class GroupCommit:
    """Rows written together: each caller awaits its own row's commit, and the rows that arrive
    while a transaction runs go into the next one (group commit: one transaction per burst instead
    of one per row, no added wait when rows come one at a time).

    `write(connection, rows)` writes a batch (it may run again on a transient failure).
    """

    def __init__(self, database: Database,
                 write: Callable[[AsyncConnection, list[dict[str, Any]]], Awaitable[None]]) -> None:
        self.database, self._write = database, write
        self._rows: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def add(self, row: dict[str, Any]) -> None:
        """Return once `row` is committed (raise what its transaction raised)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._rows.append((row, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.ensure_future(self._flush())
        await asyncio.shield(future)

    async def _flush(self) -> None:
        while self._rows:
            batch, self._rows = self._rows, []
            rows = [row for row, _ in batch]
            try:
                await self.database.write(lambda connection, rows=rows: self._write(connection, rows))
            except Exception as exc:
                outcome: BaseException | None = exc
            else:
                outcome = None
            for _, future in batch:
                if future.done():
                    continue
                if outcome is None:
                    future.set_result(None)
                else:
                    future.set_exception(outcome)
