"""The crawl role's ledger: every detail page found, fetched and done, and every column's last visit.

A page's life: *found* (a column visit listed it: a row with its page task) -> *fetched* (its
`RawPage` and outcome were acknowledged by the broker: validators, content hash, outcome) ->
*done*, only once the pipeline's output is in the database: its ``documents`` row (``stored_at``,
set by the store role) and, on the embedded default, for a report page, the report version stored
at that URL and its alerts decided (`streams.state.reports`). A fetch that failed for good (404,
challenge, too large...) is done at once: it is recorded with its outcome and not fetched again
automatically.

A page fetched and not stored is fetched again after a restart. On the embedded default the
broker died with the worker, so at once. An external broker (FAZHI_BROKER_URL) keeps the raw page
for the pipeline, which stores it after the restart; but a raw page acknowledged by the broker can
still be lost downstream (seen once in 63 restart runs: fetched during a SIGTERM stop, archived,
never stored), so a page still not stored FAZHI_CRAWL_STORE_GRACE after a crawl worker read the
ledger is fetched again too (`PageSnapshot.handed_over`, `PageLedger.done_among`).

At start (and after every rebalance) the crawl role loads what is done (never fetched again) and
what is found but not done (its page task is sent again). Column states come back the same way:
validators for the conditional GET, the list hash, the items seen, the revisit interval and due
time. ``crawl_columns.last_visited_at`` is the instant a visit concluded (list pages read, new
items recorded); other features read it to know a full pass of the columns happened.

Retention (`prune`): done pages fetched more than FAZHI_CRAWL_PAGES_RETENTION_DAYS ago are
deleted; pages not done are kept whatever their age. The items a column remembers as seen are
capped (FAZHI_CRAWL_SEEN_PER_COLUMN, newest first) where the crawler writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, delete, exists, false, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from streams.clock import now
from streams.sink.tables import alerted_versions, crawl_columns, crawl_pages, documents, report_sources
from streams.state.database import Database, GroupCommit

__all__ = ["PageLedger", "PageSnapshot"]

#: What a fetch sets on a page's row (found or not before); ``stored_at`` is the store role's.
_FETCH_COLUMNS = ("fetched_at", "outcome", "status", "etag", "last_modified", "content_hash", "raw_event_id")


@dataclass
class PageSnapshot:
    """What the database knows, for the hosts a worker owns."""

    done: set[str] = field(default_factory=set)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)  # url -> its page task (JSON)
    handed_over: dict[str, datetime] = field(default_factory=dict)  # pending, fetched: url -> fetched_at
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)  # "portal/column" -> state


def _insert(connection: AsyncConnection, table: Any) -> Any:
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(table)


class PageLedger:
    def __init__(self, database: Database, *, broker_keeps_messages: bool) -> None:
        self.database = database
        self.broker_keeps_messages = broker_keeps_messages
        self._fetches = GroupCommit(database, self._write_fetches)

    def done_condition(self) -> Any:
        """SQL: the ``crawl_pages`` row (outer-joined with its ``documents`` row) is done."""
        fetched = crawl_pages.c.fetched_at.is_not(None)
        # ``stored_at`` is set by the store role when the row exists; a page whose documents row
        # came first (the fetch's record raced the pipeline) is stored as well.
        stored = and_(documents.c.url.is_not(None),
                      or_(crawl_pages.c.stored_at.is_not(None),
                          documents.c.fetched_at >= crawl_pages.c.fetched_at))  # fmt: skip
        if not self.broker_keeps_messages:  # the report event died with the broker unless handled
            report_handled = exists(
                select(report_sources.c.url)
                .join(alerted_versions, alerted_versions.c.report_id == report_sources.c.report_id)
                .where(report_sources.c.url == crawl_pages.c.url,
                       alerted_versions.c.content_hash == documents.c.content_hash))  # fmt: skip
            stored = and_(stored, or_(documents.c.is_report == false(), report_handled))
        return and_(fetched, or_(crawl_pages.c.outcome != "ok", stored))

    async def load(self, owned: Callable[[str], bool] = lambda host: True) -> PageSnapshot:
        """Pages done and pending, and column states, of the hosts `owned` accepts."""
        snapshot = PageSnapshot()
        done = case((self.done_condition(), true()), else_=false())

        async def work(connection: AsyncConnection) -> None:
            rows = await connection.execute(
                select(crawl_pages.c.url, crawl_pages.c.task, crawl_pages.c.fetched_at, done.label("done"))
                .select_from(crawl_pages.outerjoin(documents, documents.c.url == crawl_pages.c.url)))
            for url, task, fetched_at, is_done in rows:
                if not owned(task.get("host", "")):
                    continue
                if is_done:
                    snapshot.done.add(url)
                else:
                    snapshot.pending[url] = task
                    if fetched_at is not None:
                        snapshot.handed_over[url] = fetched_at
            for row in await connection.execute(select(crawl_columns)):
                snapshot.columns[f"{row.portal_id}/{row.column_id}"] = _column_state(row._mapping)

        await self.database.read(work)
        return snapshot

    async def done_among(self, urls: Sequence[str]) -> set[str]:
        """Those of `urls` that are done now (e.g. stored since the ledger was loaded)."""
        query = (select(crawl_pages.c.url)
                 .select_from(crawl_pages.outerjoin(documents, documents.c.url == crawl_pages.c.url))
                 .where(self.done_condition()))  # fmt: skip

        async def work(connection: AsyncConnection) -> set[str]:
            done: set[str] = set()
            for start in range(0, len(urls), 500):  # bounded statements (SQLite's variable limit)
                chunk = urls[start:start + 500]
                done.update((await connection.execute(query.where(crawl_pages.c.url.in_(chunk)))).scalars())
            return done

        return await self.database.read(work)

    async def found(self, tasks: Sequence[dict[str, Any]]) -> None:
        """Record pages found (their page tasks, JSON); a page known already is left as it is."""
        if not tasks:
            return
        moment = now()
        rows = {task["url"]: {"url": task["url"], "portal_id": task["portal_id"],
                              "column_id": task["column_id"], "task": task, "discovered_at": moment}
                for task in tasks}  # fmt: skip

        async def work(connection: AsyncConnection) -> None:
            statement = _insert(connection, crawl_pages).on_conflict_do_nothing(index_elements=["url"])
            await connection.execute(statement, list(rows.values()))

        await self.database.write(work)

    async def fetched(self, task: dict[str, Any], *, outcome: str, status: int | None, etag: str | None,
                      last_modified: str | None, content_hash: str | None, raw_event_id: str | None,
                      fetched_at: datetime) -> None:  # fmt: skip
        """Record a fetch handed over to the broker (the page found first, should it be unknown).

        Returns once committed; fetches that finish together on many hosts share a transaction.
        """
        await self._fetches.add({
            "url": task["url"], "portal_id": task["portal_id"], "column_id": task["column_id"],
            "task": task, "discovered_at": fetched_at, "fetched_at": fetched_at, "outcome": outcome,
            "status": status, "etag": etag, "last_modified": last_modified, "content_hash": content_hash,
            "raw_event_id": raw_event_id,
        })  # fmt: skip

    @staticmethod
    async def _write_fetches(connection: AsyncConnection, rows: list[dict[str, Any]]) -> None:
        latest = {row["url"]: row for row in rows}  # one row per URL and statement (PostgreSQL)
        statement = _insert(connection, crawl_pages)
        statement = statement.on_conflict_do_update(
            index_elements=["url"], set_={name: statement.excluded[name] for name in _FETCH_COLUMNS})
        await connection.execute(statement, list(latest.values()))

    async def column_visited(self, portal_id: str, column_id: str, url: str, state: dict[str, Any]) -> None:
        """Record the state a concluded visit left (the crawler's column state)."""
        validators = state.get("validators") or {}
        values = {"url": url, "last_visited_at": datetime.fromisoformat(state["visited_at"]),
                  "etag": validators.get("etag"), "last_modified": validators.get("last_modified"),
                  "list_hash": state.get("list_hash"), "seen": list(state.get("seen", ())),
                  "interval": state["interval"], "due_at": datetime.fromisoformat(state["due"]),
                  "visits": state.get("visits", 1),
                  "last_outcome": state.get("last_outcome") or ""}  # fmt: skip

        async def work(connection: AsyncConnection) -> None:
            statement = _insert(connection, crawl_columns).on_conflict_do_update(
                index_elements=["portal_id", "column_id"], set_=values)
            await connection.execute(statement, [{"portal_id": portal_id, "column_id": column_id, **values}])

        await self.database.write(work)

    async def prune(self, before: datetime) -> list[str]:
        """Delete done pages fetched before `before`; the URLs deleted (a worker forgets them too)."""
        done_urls = (select(crawl_pages.c.url)
                     .select_from(crawl_pages.outerjoin(documents, documents.c.url == crawl_pages.c.url))
                     .where(crawl_pages.c.fetched_at < before, self.done_condition()))  # fmt: skip

        async def work(connection: AsyncConnection) -> list[str]:
            urls = list((await connection.execute(done_urls)).scalars())
            for start in range(0, len(urls), 500):  # bounded statements (SQLite's variable limit)
                chunk = urls[start:start + 500]
                await connection.execute(delete(crawl_pages).where(crawl_pages.c.url.in_(chunk)))
            return urls

        return await self.database.write(work)


def _column_state(row: Any) -> dict[str, Any]:
    """A ``crawl_columns`` row in the crawl agent's shape of a column state."""
    return {
        "validators": {"etag": row["etag"], "last_modified": row["last_modified"]},
        "list_hash": row["list_hash"],
        "seen": list(row["seen"] or ()),
        "interval": row["interval"],
        "due": row["due_at"].isoformat(),
        "visited_at": row["last_visited_at"].isoformat(),
        "last_outcome": row["last_outcome"],
        "visits": row["visits"],
    }
