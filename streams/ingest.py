"""Feed saved pages (the backfill path) or the WARC archive (replay) into ``fazhi.pages.raw``.

Pages are read with the same rules as ``fazhi analyze`` (.html/.htm/.shtml/.txt files, directories
recursively, the URL from a ``<page>.url`` sidecar or else a ``file://`` URL) and sent as `RawPage`
events with their ORIGINAL bytes. Event ids and ``fetched_at`` (the file's modification time) are
deterministic, so ingesting the same files twice produces identical events: every consumer
upserts them. A page over ``FAZHI_MAX_PAGE_BYTES`` goes straight to ``fazhi.deadletter`` (stage
``ingest``) instead of the broker's raw topic; an unreadable file is reported and skipped.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from aiokafka import AIOKafkaProducer

from schemas.events import RawPage, stable_id
from streams.broker import bootstrap_servers
from streams.codec import ModelCodec
from streams.deadletter import DEAD_LETTER_CODEC, build_dead_letter
from streams.settings import Settings
from streams.topics import DEADLETTER, RAW_PAGES, ensure_topics, topic_name

log = logging.getLogger(__name__)

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".txt"}
RAW_CODEC = ModelCodec(RawPage)


@dataclass
class IngestResult:
    """What an ingest or replay did: pages sent, pages dead-lettered, inputs that failed."""

    sent: int = 0
    dead_letters: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def iter_page_files(paths: Sequence[str | Path]) -> Iterator[Path | str]:
    """Every page file under `paths` (sorted per directory); a str is an error message."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
            if not files:
                yield f"{raw}: no .html, .htm, .shtml or .txt files in directory"
            yield from files
        elif path.is_file():
            yield path
        else:
            yield f"{raw}: no such file or directory"


def page_url(path: Path) -> str:
    """The page's address: its `<page>.url` sidecar, else the file's own `file://` URL."""
    try:
        url = Path(str(path) + ".url").read_text(encoding="utf-8").strip()
    except OSError:
        url = ""
    return url or path.resolve().as_uri()


def raw_page_from_file(path: Path, body: bytes) -> RawPage:
    """A deterministic RawPage for a saved page: same file, same event."""
    url = page_url(path)
    fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return RawPage(
        event_id=stable_id("raw", url, hashlib.sha256(body).hexdigest()),
        url=url,
        body=body,
        fetched_at=fetched_at,
    )


def make_producer(bootstrap: list[str], settings: Settings) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        compression_type=settings.compression_type,
        max_request_size=settings.max_message_bytes,
        acks="all",  # a page counts as ingested only once the broker has it
        linger_ms=5,
    )


async def send_pages(
    pages: AsyncIterator[RawPage | tuple[str, bytes] | str] | Iterable[RawPage | tuple[str, bytes] | str],
    broker_url: str,
    settings: Settings,
    *,
    total: int | None = None,
    progress: bool = True,
    description: str = "ingest",
) -> IngestResult:
    """Send RawPages to the raw topic; oversize bodies (source, bytes) to the dead-letter topic.

    Returns once the broker acknowledged every message.
    """
    from tqdm import tqdm

    bootstrap = bootstrap_servers(broker_url)
    await ensure_topics(bootstrap, settings)
    raw_topic, dead_topic = topic_name(settings, RAW_PAGES), topic_name(settings, DEADLETTER)
    result = IngestResult()
    bar = tqdm(total=total, unit="page", desc=description, disable=not progress, file=sys.stderr)
    producer = make_producer(bootstrap, settings)
    await producer.start()
    pending = []
    try:
        async for item in _aiter(pages):
            if isinstance(item, str):
                result.errors.append(item)
                log.error("%s", item)
            elif isinstance(item, tuple):
                source, body = item
                letter = build_dead_letter(
                    stage="ingest",
                    error="OversizePage",
                    payload=body,
                    key=source.encode(),
                    max_payload_bytes=min(settings.max_page_bytes, 1024 * 1024),
                )
                letter.message = (f"{source}: page of {len(body)} bytes exceeds FAZHI_MAX_PAGE_BYTES="
                                  f"{settings.max_page_bytes}; {letter.message}")  # fmt: skip
                value = DEAD_LETTER_CODEC.dumps(letter)
                pending.append(await producer.send(dead_topic, value, key=letter.key))
                result.dead_letters += 1
            else:
                value = RAW_CODEC.dumps(item)
                pending.append(await producer.send(raw_topic, value, key=item.url.encode()))
                result.sent += 1
            bar.update(1)
            if len(pending) >= 256:  # bound memory: wait for acks in batches
                for future in pending:
                    await future
                pending.clear()
        for future in pending:
            await future
    finally:
        await producer.stop()
        bar.close()
    return result


async def _aiter(items):  # type: ignore[no-untyped-def]
    if hasattr(items, "__aiter__"):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


Item = RawPage | tuple[str, bytes] | str


def file_items(paths: Sequence[str | Path], max_page_bytes: int) -> Iterator[Item]:
    """A RawPage per readable file; (source, bytes) for a page too big; an error message (str)."""
    for entry in iter_page_files(paths):
        if isinstance(entry, str):
            yield entry
            continue
        try:
            body = entry.read_bytes()
        except OSError as exc:
            yield f"{entry}: {exc.strerror or exc}"
            continue
        if len(body) > max_page_bytes:
            yield str(entry), body
        else:
            yield raw_page_from_file(entry, body)


async def ingest_paths(
    paths: Sequence[str | Path], settings: Settings, broker_url: str, *, progress: bool = True
) -> IngestResult:
    """Send every saved page under `paths` to the raw topic of the broker at `broker_url`."""
    total = sum(1 for entry in iter_page_files(paths) if not isinstance(entry, str))
    return await send_pages(file_items(paths, settings.max_page_bytes), broker_url, settings,
                            total=total, progress=progress)  # fmt: skip


async def replay_archive(settings: Settings, broker_url: str, *, progress: bool = True) -> IngestResult:
    """Re-send every raw page archived by the storage sink (WARC files) to the raw topic.

    The pages keep their event ids, so consumers upsert: a replay re-runs the current analysis
    over the archive without duplicating anything.
    """
    from streams.sink.warc import iter_raw_pages  # the storage sink owns the archive format

    def items() -> Iterator[RawPage | tuple[str, bytes]]:
        for page in iter_raw_pages(settings):
            if len(page.body) > settings.max_page_bytes:
                yield page.url, page.body
            else:
                yield page

    return await send_pages(items(), broker_url, settings, progress=progress, description="replay")
