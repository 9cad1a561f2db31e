"""Processing agents (role ``process``): raw -> clean -> documents, and reports tracked per report id.

- **clean** (`fazhi.pages.raw` -> `fazhi.pages.clean`): validates the `RawPage`, refuses pages over
  ``FAZHI_MAX_PAGE_BYTES``, decodes the original bytes and strips the page chrome.
- **analyze** (`fazhi.pages.clean` -> `fazhi.documents`): the verdict for every page; reports are
  also forwarded, keyed by report id, to the internal repartition topic `fazhi.reports.candidates`
  (pages arrive keyed by URL: copies of one report on several sites sit on different partitions).
- **track** (`fazhi.reports.candidates` -> `fazhi.reports`): keeps, in the Faust table
  ``report_state`` (partitioned like its input, so one worker owns each report id), the versions
  and sightings of each report, and emits ``new`` / ``revised`` / ``sighting`` events; nothing for
  a page it has already seen at the same URL with the same content, so replays are no-ops.

Every message is handled inside a try/except: whatever fails (undecodable payload, schema
violation, oversize page, a bug in the analysis) becomes one dead letter and the agent goes on.
CPU-heavy analysis runs in a worker thread so the event loop keeps heartbeating during big pages.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import faust

from schemas import SourceKind
from schemas.events import CleanPage, DocumentEvent, RawPage, ReportEvent, stable_id
from streams.analysis import classify, clean, decode, extract
from streams.codec import ModelCodec
from streams.deadletter import send_dead_letter
from streams.identity import Source, content_hash, prefer_source, report_key
from streams.settings import Settings
from streams.topics import Topics

log = logging.getLogger(__name__)

RAW_CODEC = ModelCodec(RawPage)
CLEAN_CODEC = ModelCodec(CleanPage)
DOCUMENT_CODEC = ModelCodec(DocumentEvent)
REPORT_CODEC = ModelCodec(ReportEvent)

REPORT_STATE_TABLE = "report_state"


class OversizePage(ValueError):
    """A raw page whose body is larger than ``FAZHI_MAX_PAGE_BYTES``."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message an agent sends: to which topic, under which key."""

    topic: faust.ChannelT
    key: bytes
    value: bytes


@dataclass(frozen=True, slots=True)
class ProcessAgents:
    """What `register` added to the app (tests drive the agents through `test_context()`)."""

    clean: faust.types.AgentT
    analyze: faust.types.AgentT
    track: faust.types.AgentT
    report_state: faust.types.TableT


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- pure steps


def clean_raw_page(payload: bytes | None, max_page_bytes: int) -> CleanPage:
    """RawPage bytes -> CleanPage; raises `CodecError` or `OversizePage` for poison input."""
    raw = RAW_CODEC.loads(payload)
    if len(raw.body) > max_page_bytes:
        raise OversizePage(
            f"page body of {len(raw.body)} bytes exceeds FAZHI_MAX_PAGE_BYTES={max_page_bytes}"
        )
    decoded = decode(raw.body, raw.content_type)
    page = clean(decoded.text, raw.url, encoding=decoded.encoding, decode_errors=decoded.errors)
    return CleanPage(
        event_id=stable_id("clean", raw.event_id),
        raw_event_id=raw.event_id,
        url=raw.url,
        fetched_at=raw.fetched_at,
        cleaned_at=_now(),
        portal_id=raw.portal_id,
        page=page,
    )


def analyze_clean_page(payload: bytes | None) -> tuple[DocumentEvent, str | None]:
    """CleanPage bytes -> (DocumentEvent, report key or None when the page is not a report)."""
    clean_page = CLEAN_CODEC.loads(payload)
    page = clean_page.page
    facts = extract(page)
    verdict = classify(page, facts)
    body_hash = content_hash(page)
    document = DocumentEvent(
        event_id=stable_id("document", clean_page.url, body_hash),
        url=clean_page.url,
        fetched_at=clean_page.fetched_at,
        analyzed_at=_now(),
        title=page.title,
        published=facts.published or page.published,
        content_hash=body_hash,
        verdict=verdict,
        facts=facts,
    )
    return document, (report_key(facts, body_hash) if verdict.is_report else None)


def track_report(
    state: dict[str, Any] | None, report_id: str, document: DocumentEvent
) -> tuple[dict[str, Any], ReportEvent | None]:
    """(new state, event or None) for one sighting of a report: the versioning rules in one place.

    State: ``hash`` (current version), ``hashes`` (every version seen, so a replay of an older
    version is not mistaken for a revision), ``sources`` (url -> source kind, every URL seen).
    - unknown report id -> ``new``;
    - a content hash never seen for this id -> ``revised`` (the current version changes);
    - a known hash at a URL not seen before -> ``sighting`` (its `content_hash` is the copy's);
    - a known hash at a known URL -> nothing (replay, or the same page fetched again).
    """
    url, body_hash = document.url, document.content_hash
    kind_here = document.verdict.source_kind
    if state is None:
        kind = "new"
        state = {"hash": body_hash, "hashes": [body_hash], "sources": {url: kind_here.value}}
    else:
        hashes: list[str] = list(state["hashes"])
        sources: dict[str, str] = dict(state["sources"])
        if body_hash not in hashes:
            kind = "revised"
            hashes.append(body_hash)
            current = body_hash
        elif url not in sources:
            kind = "sighting"
            current = state["hash"]
        else:
            return state, None
        sources[url] = kind_here.value
        state = {"hash": current, "hashes": hashes, "sources": sources}
    sources_seen = [Source(u, SourceKind(k)) for u, k in state["sources"].items()]
    canonical = sources_seen[0]
    for source in sources_seen[1:]:
        canonical = prefer_source(canonical, source)
    event = ReportEvent(
        event_id=stable_id("report-event", report_id, kind, body_hash, url),
        report_id=report_id,
        kind=kind,
        content_hash=body_hash,
        url=url,
        source_urls=list(state["sources"]),
        canonical_url=canonical.url,
        fetched_at=document.fetched_at,
        analyzed_at=document.analyzed_at,
        title=document.title,
        verdict=document.verdict,
        facts=document.facts,
    )
    return state, event


# --------------------------------------------------------------------------- agents


async def _handle(
    topics: Topics,
    stage: str,
    event: faust.types.EventT,
    work: Callable[[], Awaitable[list[Outgoing]]],
    max_payload_bytes: int,
) -> list[Outgoing]:
    """Run `work` for one message and send its output; any failure becomes one dead letter."""
    try:
        outgoing = await work()
    except Exception as exc:  # every failure is routed to the dead letters: none may stop the agent
        if not isinstance(exc, ValueError):
            log.exception("%s failed on %s[%s]@%s", stage, event.message.topic, event.message.partition,
                          event.message.offset)  # fmt: skip
        await send_dead_letter(topics, stage=stage, error=exc, payload=event.value, event=event,
                               max_payload_bytes=max_payload_bytes)  # fmt: skip
        return []
    for message in outgoing:
        await message.topic.send(key=message.key, value=message.value)
    return outgoing


def register(app: faust.App, topics: Topics, settings: Settings) -> ProcessAgents:
    """Register the clean, analyze and track agents and the ``report_state`` table on `app`."""
    report_state = app.Table(
        REPORT_STATE_TABLE,
        default=None,
        partitions=settings.partitions,
        help="Per report id: current content hash, every hash seen, every source URL and its kind.",
    )
    max_page_bytes = settings.max_page_bytes

    async def clean_pages(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():

            async def work(payload: bytes | None = event.value) -> list[Outgoing]:
                page = await asyncio.to_thread(clean_raw_page, payload, max_page_bytes)
                return [Outgoing(topics.clean, page.url.encode(), CLEAN_CODEC.dumps(page))]

            yield await _handle(topics, "clean", event, work, max_page_bytes)

    async def analyze_pages(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():

            async def work(payload: bytes | None = event.value) -> list[Outgoing]:
                document, key = await asyncio.to_thread(analyze_clean_page, payload)
                value = DOCUMENT_CODEC.dumps(document)
                outgoing = [Outgoing(topics.documents, document.url.encode(), value)]
                if key is not None:
                    outgoing.append(Outgoing(topics.report_candidates, key.encode(), value))
                return outgoing

            yield await _handle(topics, "analyze", event, work, max_page_bytes)

    async def track_reports(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():

            async def work(payload: bytes | None = event.value) -> list[Outgoing]:
                document = DOCUMENT_CODEC.loads(payload)
                # Recomputed rather than read from the message key: the id cannot disagree with
                # the facts, whoever produced the message.
                report_id = report_key(document.facts, document.content_hash)
                state, report = track_report(report_state.get(report_id), report_id, document)
                if report is None:
                    return []
                report_state[report_id] = state
                return [Outgoing(topics.reports, report_id.encode(), REPORT_CODEC.dumps(report))]

            yield await _handle(topics, "track", event, work, max_page_bytes)

    return ProcessAgents(
        clean=app.agent(topics.raw, name="fazhi.clean")(clean_pages),
        analyze=app.agent(topics.clean, name="fazhi.analyze")(analyze_pages),
        track=app.agent(topics.report_candidates, name="fazhi.track")(track_reports),
        report_state=report_state,
    )
