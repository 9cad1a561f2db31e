"""Store agents (role ``store``): documents and reports into the database, raw pages into WARC files.

- **store documents** (`fazhi.documents`) and **store reports** (`fazhi.reports`): batches of
  ``FAZHI_STORE_BATCH_SIZE`` events or ``FAZHI_STORE_BATCH_SECONDS``, one transaction each
  (`StorageSink`); after a reports batch the Parquet partitions it touched are rewritten.
- **archive** (`fazhi.pages.raw`): every raw page appended to the WARC archive (deduplicated by
  URL + body digest, see `streams.sink.warc`), fsynced before the batch is acknowledged.

Delivery: Faust's ``take_events`` acknowledges a batch only after the loop body has handled it,
so a worker killed mid-batch gets the batch again, and the upserts make that harmless.

Failures: an undecodable or schema-violating event becomes a dead letter (stage ``store``) and
the rest of its batch is written. A database that cannot be reached is retried with backoff
(the batch stays unacknowledged: nothing is lost while the database is down). Any other error
writing a batch is narrowed down by writing its events one by one; the ones that still fail are
dead letters. The archive agent leaves pages the clean stage rejects (undecodable, oversize) to
that stage's dead letters, so a poison message gives one dead letter, not two; its own failures
(a full disk...) are dead letters with stage ``archive``.

Migrations run when the role starts (a task), and before the first write in any case.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import faust

from schemas.events import DocumentEvent, RawPage, ReportEvent
from streams.codec import CodecError, ModelCodec
from streams.deadletter import send_dead_letter
from streams.observability.logs import log_context
from streams.observability.metrics import REPORTS_STORED
from streams.settings import Settings
from streams.sink.database import StorageSink
from streams.sink.parquet import ParquetFeed
from streams.sink.warc import WarcArchive
from streams.state.database import Database, database_retrying
from streams.topics import Topics

log = logging.getLogger(__name__)

DOCUMENT_CODEC = ModelCodec(DocumentEvent)
REPORT_CODEC = ModelCodec(ReportEvent)
RAW_CODEC = ModelCodec(RawPage)

@dataclass
class StoreRole:
    """The shared state of the store agents: the worker's database, its two sinks."""

    settings: Settings
    database: Database
    sinks: dict[str, StorageSink] = field(default_factory=dict)

    @property
    def engine(self) -> Any:
        return self.database._engine

    async def ready(self) -> None:
        """The database reachable and migrated (waited for), and the sinks started, once."""
        engine = await self.database.engine()
        if not self.sinks:
            for name in ("documents", "reports"):
                sink = StorageSink(self.settings.database_url, engine=engine, migrate=False)
                await sink.start()
                self.sinks[name] = sink

    async def close(self) -> None:
        self.sinks.clear()
        await self.database.close()


@dataclass(frozen=True, slots=True)
class StoreAgents:
    """What `register` added to the app (tests drive the agents through `test_context()`)."""

    documents: faust.types.AgentT
    reports: faust.types.AgentT
    archive: faust.types.AgentT
    role: StoreRole
    warc: WarcArchive
    feed: ParquetFeed


async def store_batch(
    role: StoreRole,
    topics: Topics,
    sink_name: str,
    codec: ModelCodec,
    events: Sequence[faust.types.EventT],
    feed: ParquetFeed | None = None,
) -> int:
    """Decode and write one batch; returns the number of events stored. Never raises for bad data."""
    await role.ready()
    sink = role.sinks[sink_name]
    decoded: list[tuple[faust.types.EventT, Any]] = []
    for event in events:
        try:
            decoded.append((event, codec.loads(event.value)))
        except CodecError as exc:
            await send_dead_letter(topics, stage="store", error=exc, payload=event.value, event=event)
    if not decoded:
        return 0
    for _, model in decoded:
        sink.add(model)
    try:
        touched = await _flush_retrying(sink)
    except Exception as exc:
        log.warning("store batch of %d failed (%s: %s); writing its events one by one",
                    len(decoded), type(exc).__name__, exc)  # fmt: skip
        sink.clear()
        touched, stored = set(), 0
        for event, model in decoded:
            log_context(url=getattr(model, "url", None), page_id=getattr(model, "event_id", None))
            sink.add(model)
            try:
                touched |= await _flush_retrying(sink)
                stored += 1
                _count_stored(model)
            except Exception as single:
                sink.clear()
                await send_dead_letter(topics, stage="store", error=single, payload=event.value, event=event)
        await _write_feed(role, feed, touched)
        return stored
    for _, model in decoded:
        _count_stored(model)
    await _write_feed(role, feed, touched)
    return len(decoded)


def _count_stored(model: Any) -> None:
    if isinstance(model, ReportEvent):
        REPORTS_STORED.labels(kind=model.kind).inc()


async def _flush_retrying(sink: StorageSink) -> set:
    """Flush, waiting out a database that is down (the batch stays unacknowledged meanwhile)."""
    async for attempt in database_retrying():
        with attempt:
            return await sink.flush()
    raise AssertionError("unreachable: database_retrying never stops")


async def _write_feed(role: StoreRole, feed: ParquetFeed | None, touched: set) -> None:
    if feed is None or not touched:
        return
    try:
        await feed.write(role.engine, touched)
    except Exception:  # the rows are stored; `fazhi db export-parquet` rebuilds the feed from them
        log.exception("Parquet feed not updated for %s", sorted(str(d) for d in touched))


def _archive_pages(
    archive: WarcArchive, payloads: Sequence[bytes | None], max_page_bytes: int
) -> tuple[int, list[tuple[int, Exception]]]:
    """Write a batch of raw payloads to the archive (blocking): (pages new, [(index, error)])."""
    written, failures = 0, []
    for index, payload in enumerate(payloads):
        try:
            page = RAW_CODEC.loads(payload)
        except CodecError:
            continue  # the clean stage dead-letters it
        log_context(portal=page.portal_id, url=page.url, page_id=page.event_id)
        if len(page.body) > max_page_bytes:
            continue  # the clean stage dead-letters it
        try:
            written += archive.write(page)
        except Exception as exc:  # a full disk...: that page's dead letter, the batch goes on
            log.exception("WARC archive failed for %s", page.url)
            failures.append((index, exc))
    if written:
        archive.flush()
    return written, failures


async def archive_batch(
    archive: WarcArchive, topics: Topics, events: Sequence[faust.types.EventT], max_page_bytes: int
) -> int:
    """Append the pages of one batch to the WARC archive; returns how many were new.

    The whole batch goes to one thread: a hand-off per page cost more than its gzip.
    """
    payloads = [event.value for event in events]
    written, failures = await asyncio.to_thread(_archive_pages, archive, payloads, max_page_bytes)
    for index, exc in failures:
        event = events[index]
        await send_dead_letter(topics, stage="archive", error=exc, payload=event.value, event=event)
    return written


def register(app: faust.App, topics: Topics, settings: Settings) -> StoreAgents:
    """Register the store and archive agents on `app`; migrations run when the app starts."""
    role = StoreRole(settings, Database.for_app(app, settings.database_url))
    warc = WarcArchive.from_settings(settings)
    feed = ParquetFeed(settings.data_dir)
    size, within = settings.store_batch_size, settings.store_batch_seconds

    @app.task
    async def migrate_storage() -> None:
        await role.ready()

    async def store_documents(stream: faust.StreamT[bytes]) -> Any:
        async for events in stream.take_events(size, within=within):
            yield await store_batch(role, topics, "documents", DOCUMENT_CODEC, events)

    async def store_reports(stream: faust.StreamT[bytes]) -> Any:
        async for events in stream.take_events(size, within=within):
            yield await store_batch(role, topics, "reports", REPORT_CODEC, events, feed)

    async def archive_pages(stream: faust.StreamT[bytes]) -> Any:
        async for events in stream.take_events(size, within=within):
            yield await archive_batch(warc, topics, events, settings.max_page_bytes)

    @app.on_before_shutdown.connect  # after the consumer stopped: no batch is in flight any more
    async def close_storage(app: faust.App, **_: Any) -> None:
        warc.close()  # the database is closed by its own shutdown hook (`Database.for_app`)

    return StoreAgents(
        documents=app.agent(topics.documents, name="fazhi.store.documents")(store_documents),
        reports=app.agent(topics.reports, name="fazhi.store.reports")(store_reports),
        archive=app.agent(topics.raw, name="fazhi.store.archive")(archive_pages),
        role=role,
        warc=warc,
        feed=feed,
    )
