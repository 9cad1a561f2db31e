"""Database access of the storage sink: engine, migrations, idempotent upserts, queries.

SQLite (aiosqlite, the default file in the data directory) and PostgreSQL (asyncpg) take the same
code path: both dialects have ``INSERT ... ON CONFLICT``. Rows are keyed by deterministic ids, so
writing the same events again changes no row count (at-least-once delivery, replays).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Table, and_, case, func, or_, select, tuple_, update
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from schemas.events import DocumentEvent, ReportEvent, stable_id
from streams.clock import now as clock_now
from streams.sink.tables import (
    ALL_TABLES,
    crawl_pages,
    documents,
    indicators,
    report_sources,
    report_versions,
    reports,
)

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


class StorageError(RuntimeError):
    """The database cannot be reached or migrated (a clear message instead of a driver traceback)."""


def create_engine(database_url: str) -> AsyncEngine:
    """An async engine; for SQLite the directory is created and WAL mode switched on.

    WAL lets ``fazhi reports`` read while the store role writes; the busy timeout makes a second
    writer wait instead of failing with "database is locked".
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, pool_pre_ping=url.get_backend_name() != "sqlite")
    if url.get_backend_name() == "sqlite":

        @sa_event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

    return engine


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at the migrations shipped in this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision` (Alembic's sync API over the async engine via run_sync)."""

    def run(connection: Connection) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so each CREATE TABLE
                # would commit on its own: a worker killed mid-migration left tables without their
                # version row, and every later start failed on "table ... already exists". One
                # explicit transaction makes the migration all or nothing, as on PostgreSQL.
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
            await connection.run_sync(run)
    except OSError as exc:  # connection refused, unreadable file...
        raise StorageError(f"cannot reach {engine.url.render_as_string()}: {exc}") from exc


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema revision the database is at (None before the first upgrade)."""
    from alembic.runtime.migration import MigrationContext

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def row_counts(engine: AsyncEngine) -> dict[str, int]:
    """Rows per table: what a replay must leave unchanged."""
    async with engine.connect() as connection:
        return {
            table.name: (await connection.execute(select(func.count()).select_from(table))).scalar_one()
            for table in ALL_TABLES
        }


def _insert(connection: AsyncConnection | Connection, table: Table):
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


async def _upsert(
    connection: AsyncConnection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    update_columns: Iterable[str] | None = None,
    *,
    only_if_newer: str | None = None,
    set_: dict[str, Any] | None = None,
) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE (or DO NOTHING without update columns).

    `only_if_newer` names a timestamp column: an existing row is only overwritten by a row at
    least as recent, so an old event replayed after a newer one does not roll the row back.
    Rows must have distinct keys (PostgreSQL refuses to update one row twice in a statement).
    """
    if not rows:
        return
    statement = _insert(connection, table)
    excluded = statement.excluded
    assignments = dict(set_ or {})
    for name in update_columns or ():
        assignments.setdefault(name, excluded[name])
    if not assignments:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    else:
        where = table.c[only_if_newer] <= excluded[only_if_newer] if only_if_newer else None
        statement = statement.on_conflict_do_update(index_elements=list(keys), set_=assignments, where=where)
    await connection.execute(statement, list(rows))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _document_row(event: DocumentEvent) -> dict[str, Any]:
    verdict, facts = event.verdict, event.facts
    return {
        "url": event.url,
        "event_id": event.event_id,
        "is_report": verdict.is_report,
        "kind": verdict.kind.value,
        "confidence": verdict.confidence,
        "reasons": list(verdict.reasons),
        "source_kind": verdict.source_kind.value,
        "title": event.title,
        "published": event.published or facts.published,
        "issuer": facts.issuer,
        "report_year": facts.report_year,
        "region_code": facts.region.code,
        "content_hash": event.content_hash,
        "fetched_at": _utc(event.fetched_at),
        "analyzed_at": _utc(event.analyzed_at),
        "needs_ocr": event.needs_ocr,
        "documents": [read.model_dump(mode="json") for read in event.documents] or None,
    }


_REPORT_CONTENT = (
    "event_id", "kind", "confidence", "reasons", "source_kind", "title", "published", "issuer",
    "issuers", "issuer_kind", "level", "province", "prefecture", "county", "township", "region_code",
    "report_year", "addressee", "sections", "deadline", "on_time", "url", "content_hash", "content_at",
)  # fmt: skip


def _report_row(event: ReportEvent) -> dict[str, Any]:
    verdict, facts, region = event.verdict, event.facts, event.facts.region
    seen = _utc(event.fetched_at)
    return {
        "report_id": event.report_id,
        "event_id": event.event_id,
        "kind": verdict.kind.value,
        "confidence": verdict.confidence,
        "reasons": list(verdict.reasons),
        "source_kind": verdict.source_kind.value,
        "title": event.title,
        "published": facts.published,
        "issuer": facts.issuer,
        "issuers": list(facts.issuers),
        "issuer_kind": facts.issuer_kind.value if facts.issuer_kind else None,
        "level": facts.level.value if facts.level else None,
        "province": region.province,
        "prefecture": region.prefecture,
        "county": region.county,
        "township": region.township,
        "region_code": region.code,
        "report_year": facts.report_year,
        "addressee": facts.addressee,
        "sections": facts.sections.model_dump(),
        "deadline": facts.deadline,
        "on_time": facts.on_time,
        "url": event.url,
        "source_url": event.canonical_url,
        "content_hash": event.content_hash,
        "content_at": seen,
        "first_seen": seen,
        "last_seen": seen,
        "revisions": 0,
    }


def _indicator_rows(event: ReportEvent) -> list[dict[str, Any]]:
    rows = {}
    for indicator in event.facts.indicators:
        row_id = stable_id("indicator", event.report_id, event.content_hash, indicator.key, indicator.start)
        rows[row_id] = {
            "id": row_id,
            "report_id": event.report_id,
            "content_hash": event.content_hash,
            "key": indicator.key,
            "label": indicator.label,
            "value": float(indicator.value),
            "unit": indicator.unit,
            "approximate": indicator.approximate,
            "evidence": indicator.evidence,
            "start": indicator.start,
            "end": indicator.end,
        }
    return list(rows.values())


class StorageSink:
    """Buffered, idempotent writer of `DocumentEvent` and `ReportEvent` (Quix-style life cycle).

    ``await start()``, ``add(event)`` any number of times, ``await flush()`` (one transaction;
    the buffer is kept when it fails, so the caller can retry or dead-letter), ``await close()``.

    Report rules: the row holds the most recently fetched ``new``/``revised`` version (an older
    event replayed later does not roll it back); a ``sighting`` only adds its URL and widens
    first/last seen, unless the report was unknown, when it seeds the row. ``source_url`` follows
    the latest event's ``canonical_url`` (the analyze stage ranks the issuer's portal first).
    Indicators of a version are replaced as a whole by each new/revised event of that version,
    so re-analysis with a newer catalogue leaves no stale figures.
    """

    def __init__(self, database_url: str, *, engine: AsyncEngine | None = None, migrate: bool = True) -> None:
        self.database_url = database_url
        self._engine = engine
        self._own_engine = engine is None
        self._migrate = migrate
        self._documents: list[DocumentEvent] = []
        self._reports: list[ReportEvent] = []

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError("StorageSink not started: await start() first")
        return self._engine

    def __len__(self) -> int:
        return len(self._documents) + len(self._reports)

    async def start(self) -> None:
        if self._engine is None:
            self._engine = create_engine(self.database_url)
        if self._migrate:
            await upgrade(self._engine)

    def add(self, event: DocumentEvent | ReportEvent) -> None:
        if isinstance(event, DocumentEvent):
            self._documents.append(event)
        elif isinstance(event, ReportEvent):
            self._reports.append(event)
        else:
            raise TypeError(f"StorageSink stores DocumentEvent and ReportEvent, not {type(event).__name__}")

    async def flush(self) -> set[date | None]:
        """Write the buffer in one transaction.

        Returns the publication dates (None: unknown) of the reports written, before and after
        the write: the Parquet partitions that changed (see `streams.sink.parquet.ParquetFeed`).
        """
        if not self._documents and not self._reports:
            return set()
        docs, reps = self._documents, self._reports
        # One writer at a time per engine: SQLite refuses (without waiting) a write transaction
        # that read a snapshot another connection has since committed over.
        async with write_lock(self.engine), self.engine.begin() as connection:
            await self._write_documents(connection, docs)
            touched = await self._write_reports(connection, reps)
        self._documents, self._reports = [], []
        return touched

    def clear(self) -> None:
        """Drop the buffered events (after a failed flush the caller chose to handle otherwise)."""
        self._documents, self._reports = [], []

    async def close(self) -> None:
        if self._engine is not None and self._own_engine:
            await self._engine.dispose()
            self._engine = None

    async def __aenter__(self) -> StorageSink:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if exc_info[0] is None:
            await self.flush()
        await self.close()

    @staticmethod
    async def _write_documents(connection: AsyncConnection, events: list[DocumentEvent]) -> None:
        latest: dict[str, dict[str, Any]] = {}
        for event in events:
            row = _document_row(event)
            held = latest.get(row["url"])
            if held is None or (held["fetched_at"], held["analyzed_at"]) <= (
                row["fetched_at"], row["analyzed_at"]):
                latest[row["url"]] = row
        columns = [c.name for c in documents.columns if c.name != "url"]
        await _upsert(connection, documents, list(latest.values()), ["url"], columns,
                      only_if_newer="fetched_at")
        # The crawl ledger's pages are done once stored (`streams.state.pages`): marked in the
        # same transaction as their rows.
        await connection.execute(
            update(crawl_pages).where(crawl_pages.c.url.in_(list(latest)), crawl_pages.c.stored_at.is_(None))
            .values(stored_at=clock_now()))

    @staticmethod
    async def _write_reports(connection: AsyncConnection, events: list[ReportEvent]) -> set[date | None]:
        if not events:
            return set()
        content: dict[str, dict[str, Any]] = {}    # report id -> latest new/revised row
        seeds: dict[str, dict[str, Any]] = {}      # report id -> earliest sighting row (if unknown)
        seen: dict[str, tuple[datetime, datetime, str]] = {}  # first, last, canonical url
        versions: dict[tuple[str, str], dict[str, Any]] = {}
        sources: dict[tuple[str, str], dict[str, Any]] = {}
        indicator_sets: dict[tuple[str, str], list[dict[str, Any]]] = {}
        sighting_sets: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for event in events:
            row = _report_row(event)
            report_id, moment = event.report_id, row["content_at"]
            first, last, canonical = seen.get(report_id, (moment, moment, event.canonical_url))
            seen[report_id] = (min(first, moment), max(last, moment),
                               event.canonical_url if moment >= last else canonical)  # fmt: skip
            version = (report_id, event.content_hash)
            if event.kind == "sighting":
                held = seeds.get(report_id)
                if held is None or moment < held["content_at"]:
                    seeds[report_id] = row
                sighting_sets.setdefault(version, _indicator_rows(event))
            else:
                held = content.get(report_id)
                if held is None or held["content_at"] <= moment:
                    content[report_id] = row
                indicator_sets[version] = _indicator_rows(event)
            held_version = versions.get(version)
            if held_version is None or moment < held_version["first_seen"]:
                versions[version] = {"report_id": report_id, "content_hash": event.content_hash,
                                     "first_seen": moment, "url": event.url}  # fmt: skip
            for url in dict.fromkeys([event.url, *event.source_urls]):
                held_source = sources.get((report_id, url))
                if held_source is None or moment < held_source["first_seen"]:
                    sources[(report_id, url)] = {"report_id": report_id, "url": url, "first_seen": moment}

        for report_id, (first, last, canonical) in seen.items():
            for row in (content.get(report_id), seeds.get(report_id)):
                if row is not None:
                    row.update(first_seen=first, last_seen=last, source_url=canonical)

        # Partitions a report may leave: read its publication date before it changes.
        touched: set[date | None] = set()
        before = select(reports.c.published).where(reports.c.report_id.in_(list(seen)))
        touched.update((await connection.execute(before)).scalars())

        table = reports
        widen = {
            "first_seen": case((table.c.first_seen > _excluded_ref(connection, "first_seen"),
                                _excluded_ref(connection, "first_seen")), else_=table.c.first_seen),
            "last_seen": case((table.c.last_seen < _excluded_ref(connection, "last_seen"),
                               _excluded_ref(connection, "last_seen")), else_=table.c.last_seen),
            "source_url": case((table.c.last_seen <= _excluded_ref(connection, "last_seen"),
                                _excluded_ref(connection, "source_url")), else_=table.c.source_url),
        }  # fmt: skip
        newer = table.c.content_at <= _excluded_ref(connection, "content_at")
        content_set = {name: case((newer, _excluded_ref(connection, name)), else_=table.c[name])
                       for name in _REPORT_CONTENT}  # fmt: skip
        await _upsert(connection, table, list(content.values()), ["report_id"], set_={**content_set, **widen})
        # Sightings of reports already stored in this batch are covered by the content rows.
        await _upsert(connection, table, [r for k, r in seeds.items() if k not in content], ["report_id"],
                      set_=widen)
        await _upsert(connection, report_versions, list(versions.values()), ["report_id", "content_hash"],
                      set_={"first_seen": _earliest(connection, report_versions, "first_seen")})
        await _upsert(connection, report_sources, list(sources.values()), ["report_id", "url"],
                      set_={"first_seen": _earliest(connection, report_sources, "first_seen")})

        # Indicators: a new/revised event replaces its version's set; a sighting only fills a
        # version that has none (its offsets come from another page layout).
        if indicator_sets:
            await connection.execute(indicators.delete().where(
                tuple_(indicators.c.report_id, indicators.c.content_hash).in_(list(indicator_sets))))
        pending = {k: v for k, v in sighting_sets.items() if k not in indicator_sets}
        if pending:
            present = await connection.execute(
                select(indicators.c.report_id, indicators.c.content_hash).distinct()
                .where(tuple_(indicators.c.report_id, indicators.c.content_hash).in_(list(pending))))
            for key in present:
                pending.pop((key[0], key[1]), None)
        rows = [row for rows in (*indicator_sets.values(), *pending.values()) for row in rows]
        figures = [c.name for c in indicators.columns if c.name != "id"]
        await _upsert(connection, indicators, rows, ["id"], figures)

        # Revisions = distinct versions - 1, recounted (not incremented) so replays change nothing.
        count = (select(func.count()).select_from(report_versions)
                 .where(report_versions.c.report_id == reports.c.report_id).scalar_subquery())
        await connection.execute(update(reports).where(reports.c.report_id.in_(list(seen)))
                                 .values(revisions=count - 1))
        touched.update((await connection.execute(before)).scalars())
        return touched


def _earliest(connection: AsyncConnection, table: Table, name: str):
    """The earlier of the stored and the proposed value of `name` (first-seen times only go back)."""
    proposed = _excluded_ref(connection, name, table)
    return case((table.c[name] > proposed, proposed), else_=table.c[name])


_WRITE_LOCKS: weakref.WeakKeyDictionary[AsyncEngine, asyncio.Lock] = weakref.WeakKeyDictionary()


def write_lock(engine: AsyncEngine) -> asyncio.Lock:
    """The lock every writer of one engine takes (SQLite: one write transaction at a time)."""
    lock = _WRITE_LOCKS.get(engine)
    if lock is None:
        lock = _WRITE_LOCKS[engine] = asyncio.Lock()
    return lock


def _excluded_ref(connection: AsyncConnection, name: str, table: Table = reports):
    """``excluded.<name>`` of an upsert into `table` (the row that was proposed for insertion)."""
    return _insert(connection, table).excluded[name]


# -- queries ---------------------------------------------------------------------------------------


async def published_dates(engine: AsyncEngine) -> set[date | None]:
    """Every publication date of a stored report (None for unknown): the Parquet partitions."""
    async with engine.connect() as connection:
        return set((await connection.execute(select(reports.c.published).distinct())).scalars())


async def fetch_reports_published(engine: AsyncEngine, published: date | None) -> list[dict[str, Any]]:
    """The reports of one publication date (None: unknown date), as `fetch_reports` gives them."""
    where = reports.c.published.is_(None) if published is None else reports.c.published == published
    return await _fetch(engine, select(reports).where(where).order_by(reports.c.report_id))


async def fetch_reports(
    engine: AsyncEngine, *, province: str | None = None, since: date | None = None
) -> list[dict[str, Any]]:
    """Stored reports with the indicators of their current version, newest publication first.

    `province` matches a prefix of the province name (``浙江`` finds ``浙江省``) or of the
    region code. `since` keeps reports published on or after that date; a report whose
    publication date is unknown is kept when it was first seen on or after it.
    """
    query = select(reports)
    if province:
        query = query.where(or_(reports.c.province.startswith(province, autoescape=True),
                                reports.c.region_code.startswith(province, autoescape=True)))  # fmt: skip
    if since:
        since_moment = datetime.combine(since, time(), tzinfo=UTC)
        query = query.where(or_(reports.c.published >= since,
                                and_(reports.c.published.is_(None), reports.c.first_seen >= since_moment)))
    query = query.order_by(reports.c.published.desc().nulls_last(), reports.c.report_id)
    return await _fetch(engine, query)


async def fetch_report(engine: AsyncEngine, report_id: str) -> dict[str, Any] | None:
    """One stored report as `fetch_reports` gives it (indicators, source URLs), or None."""
    rows = await _fetch(engine, select(reports).where(reports.c.report_id == report_id))
    return rows[0] if rows else None


async def _fetch(engine: AsyncEngine, query) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        rows = [dict(row._mapping) for row in await connection.execute(query)]
        if rows:
            figures = await connection.execute(
                select(indicators)
                .join(reports, and_(reports.c.report_id == indicators.c.report_id,
                                    reports.c.content_hash == indicators.c.content_hash))
                .where(indicators.c.report_id.in_([row["report_id"] for row in rows]))
                .order_by(indicators.c.report_id, indicators.c.start, indicators.c.key))
            by_report: dict[str, list[dict[str, Any]]] = {}
            for figure in figures:
                by_report.setdefault(figure.report_id, []).append(dict(figure._mapping))
            urls: dict[str, list[str]] = {}
            for source in await connection.execute(
                select(report_sources.c.report_id, report_sources.c.url)
                .where(report_sources.c.report_id.in_([row["report_id"] for row in rows]))
                .order_by(report_sources.c.report_id, report_sources.c.first_seen, report_sources.c.url)
            ):
                urls.setdefault(source.report_id, []).append(source.url)
            # What was read from documents for the page of the current version (attachments, or
            # the file the page is), from that page's documents row.
            reads = {read.url: read for read in await connection.execute(
                select(documents.c.url, documents.c.needs_ocr, documents.c.documents)
                .where(documents.c.url.in_({row["url"] for row in rows})))}  # fmt: skip
            for row in rows:
                row["indicators"] = by_report.get(row["report_id"], [])
                row["source_urls"] = urls.get(row["report_id"], [])
                read = reads.get(row["url"])
                row["documents"] = (read.documents or []) if read is not None else []
                row["needs_ocr"] = bool(read.needs_ocr) if read is not None else False
    return rows
