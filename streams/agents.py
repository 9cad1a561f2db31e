"""Processing agents (role ``process``): raw -> clean + documents, and reports tracked per report id.

- **process** (`fazhi.pages.raw` -> `fazhi.pages.clean`, `fazhi.documents`): two steps per page, each
  a pure function with its own dead-letter stage. *clean* validates the `RawPage`, refuses pages over
  ``FAZHI_MAX_PAGE_BYTES``, decodes the original bytes and strips the page chrome; the result is
  published on `fazhi.pages.clean` for whoever consumes it. *analyze* then runs on the page just
  cleaned (rather than on the topic: a hop through the broker costs latency and a JSON round trip)
  and gives the verdict for every page on `fazhi.documents`; reports are also forwarded, keyed by
  report id, to the internal repartition topic `fazhi.reports.candidates` (pages arrive keyed by
  URL: copies of one report on several sites sit on different partitions).
- **track** (`fazhi.reports.candidates` -> `fazhi.reports`): keeps, in the Faust table
  ``report_state`` (partitioned like its input, so one worker owns each report id), the versions
  and sightings of each report, and emits ``new`` / ``revised`` / ``sighting`` events; nothing for
  a page it has already seen at the same URL with the same content, so replays are no-ops. The
  table is a cache: a report id it does not hold is looked up in the database
  (`streams.state.reports.ReportLedger`: versions stored and alerted, URLs stored), so after a
  restart on the embedded broker (whose changelogs died with it) known reports stay known. The
  state moves only once the broker acknowledged the event: a crash in between re-emits it (same
  event id), a state that ran ahead would swallow it for good.

Every message is handled inside a try/except: whatever fails (undecodable payload, schema
violation, oversize page, a bug in the analysis) becomes one dead letter, with the stage that
failed (``clean``, ``analyze``, ``track``) and the payload of the message consumed, and the agent
goes on. Cleaning and analysis run on the event loop, except for big pages (`INLINE_MAX_PAYLOAD`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import faust

from schemas import SourceKind
from schemas.crawl import CrawlOutcome
from schemas.events import CleanPage, DocumentEvent, RawPage, ReportEvent, stable_id
from streams.analysis import analyze_page
from streams.clock import now
from streams.codec import ModelCodec
from streams.deadletter import send_dead_letter
from streams.documents import Limits
from streams.documents.pages import read_raw_page, unread_outcomes
from streams.identity import Source, content_hash, prefer_source, report_key
from streams.observability.logs import log_context
from streams.observability.metrics import PAGE_ANALYSIS_SECONDS, PAGES_ANALYZED
from streams.settings import Settings
from streams.state.database import Database
from streams.state.reports import ReportLedger
from streams.topics import Topics

log = logging.getLogger(__name__)

RAW_CODEC = ModelCodec(RawPage)
CLEAN_CODEC = ModelCodec(CleanPage)
DOCUMENT_CODEC = ModelCodec(DocumentEvent)
REPORT_CODEC = ModelCodec(ReportEvent)
OUTCOME_CODEC = ModelCodec(CrawlOutcome)

REPORT_STATE_TABLE = "report_state"
# Raw payloads up to this size are cleaned and analyzed on the event loop; bigger ones in a thread.
# A thread hand-off per page cost more than a typical page's analysis (the loop and the thread
# contend for the GIL: 7.7 vs 5.0 ms of worker CPU per page in bench/pipeline.py), and blocking the
# loop for the few ms of a 50-150 KB page is harmless: heartbeats run in Faust's consumer thread.
# A multi-MB page can take most of a second, which would stall the loop's other work (the track
# agent, commits), so those still go to a thread.
INLINE_MAX_PAYLOAD = 512 * 1024


# The base64 of a document's first bytes as a RawPage's JSON starts its body: %PDF-, PK\x03\x04 (DOCX,
# OFD), the OLE2 magic (DOC, WPS). Only which thread runs the page depends on this cheap look.
_DOCUMENT_BODY_MARKS = (b'"body":"JVBERi0', b'"body":"UEsDB', b'"body":"0M8R4KGxGuE')


def may_carry_documents(payload: bytes | None) -> bool:
    """A raw page with attachments, or that is a document: its extraction runs off the event loop."""
    if not payload:
        return False
    return b'"attachments":[{' in payload or any(mark in payload for mark in _DOCUMENT_BODY_MARKS)


class OversizePage(ValueError):
    """A raw page whose body is larger than ``FAZHI_MAX_PAGE_BYTES``."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message an agent sends: to which topic, under which key."""

    topic: faust.ChannelT
    key: bytes
    value: bytes


@dataclass(frozen=True, slots=True)
class Processed:
    """What the process agent makes of one raw page: the values to send, or the stage that failed.

    A page that fails to clean has nothing to send; a page that cleans but fails its analysis
    still has its clean page sent (the clean stage did its job), and `error` is the analysis's.
    """

    url: str | None = None
    portal_id: str | None = None
    page_id: str | None = None  # the RawPage's event id
    clean: bytes | None = None  # CleanPage JSON for fazhi.pages.clean
    document: bytes | None = None  # DocumentEvent JSON for fazhi.documents
    report_key: str | None = None  # a report: the document also goes to the candidates, under this key
    failed_stage: str | None = None  # "clean" or "analyze"
    error: Exception | None = None
    # (host, CrawlOutcome JSON) for fazhi.crawl.outcomes: crawled documents that gave no text
    outcomes: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class ProcessAgents:
    """What `register` added to the app (tests drive the agents through `test_context()`)."""

    process: faust.types.AgentT
    track: faust.types.AgentT
    report_state: faust.types.TableT


# --------------------------------------------------------------------------- pure steps


def clean_raw_page(payload: bytes | None, max_page_bytes: int, limits: Limits | None = None) -> CleanPage:
    """RawPage bytes -> CleanPage; raises `CodecError` or `OversizePage` for poison input."""
    return _clean(RAW_CODEC.loads(payload), max_page_bytes, limits)


def _clean(raw: RawPage, max_page_bytes: int, limits: Limits | None) -> CleanPage:
    if len(raw.body) > max_page_bytes:
        raise OversizePage(
            f"page body of {len(raw.body)} bytes exceeds FAZHI_MAX_PAGE_BYTES={max_page_bytes}"
        )
    page, documents = read_raw_page(raw, limits=limits)
    return CleanPage(
        event_id=stable_id("clean", raw.event_id),
        raw_event_id=raw.event_id,
        url=raw.url,
        fetched_at=raw.fetched_at,
        cleaned_at=now(),
        portal_id=raw.portal_id,
        page=page,
        documents=documents,
    )


def analyze_clean_page(clean_page: CleanPage) -> tuple[DocumentEvent, str | None]:
    """CleanPage -> (DocumentEvent, report key or None when the page is not a report)."""
    # The analysis `analyze` runs (reflow, facts, verdict, a report's indicators); the identity hash is
    # the cleaned page's, as before reflow, so a stored report keeps its hash.
    body_hash = content_hash(clean_page.page)
    analysis = analyze_page(clean_page.page)
    page, facts, verdict = analysis.page, analysis.facts, analysis.verdict
    document = DocumentEvent(
        event_id=stable_id("document", clean_page.url, body_hash),
        url=clean_page.url,
        fetched_at=clean_page.fetched_at,
        analyzed_at=now(),
        title=page.title,
        published=facts.published or page.published,
        content_hash=body_hash,
        verdict=verdict,
        facts=facts,
        documents=clean_page.documents,
        needs_ocr=any(document.needs_ocr for document in clean_page.documents),
    )
    return document, (report_key(facts, body_hash) if verdict.is_report else None)


Analyzer = Callable[[CleanPage], tuple[DocumentEvent, str | None]]


def process_raw_page(
    payload: bytes | None, max_page_bytes: int, analyzer: Analyzer = analyze_clean_page,
    limits: Limits | None = None,
) -> Processed:
    """Clean, then analyze, one RawPage payload; a failure of either step is an outcome, not a raise."""
    try:
        raw = RAW_CODEC.loads(payload)
        page = _clean(raw, max_page_bytes, limits)
        clean_value = CLEAN_CODEC.dumps(page)
        outcomes = tuple((outcome.host, OUTCOME_CODEC.dumps(outcome))
                         for outcome in unread_outcomes(raw, page.documents))  # fmt: skip
    except Exception as exc:  # routed to the dead letters by the agent
        return Processed(failed_stage="clean", error=exc)
    try:
        document, key = analyzer(page)
        document_value = DOCUMENT_CODEC.dumps(document)
    except Exception as exc:  # routed to the dead letters by the agent
        return Processed(url=page.url, portal_id=page.portal_id, page_id=page.raw_event_id, clean=clean_value,
                         failed_stage="analyze", error=exc, outcomes=outcomes)  # fmt: skip
    return Processed(url=page.url, portal_id=page.portal_id, page_id=page.raw_event_id, clean=clean_value,
                     document=document_value, report_key=key, outcomes=outcomes)  # fmt: skip


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


async def _dead_letter(topics: Topics, stage: str, event: faust.types.EventT, error: Exception,
                       max_payload_bytes: int) -> None:  # fmt: skip
    if not isinstance(error, ValueError):  # not bad input: a bug, worth its traceback in the log
        log.error("%s failed on %s[%s]@%s", stage, event.message.topic, event.message.partition,
                  event.message.offset, exc_info=error)  # fmt: skip
    await send_dead_letter(topics, stage=stage, error=error, payload=event.value, event=event,
                           max_payload_bytes=max_payload_bytes)  # fmt: skip


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
        await _dead_letter(topics, stage, event, exc, max_payload_bytes)
        return []
    for message in outgoing:
        await message.topic.send(key=message.key, value=message.value)
    return outgoing


def _key(event: faust.types.EventT) -> str | None:
    """The message key as text (a page's URL, a report's id), for the log context."""
    key = event.key
    return key.decode("utf-8", "replace") if isinstance(key, bytes) else key


def _count_analysis(processed: Processed, seconds: float) -> None:
    """Metrics of one page through the process role: its verdict, and the time cleaning and analysis took."""
    if processed.error is not None:
        verdict = "failed"
    else:
        verdict = "report" if processed.report_key is not None else "not_report"
    PAGES_ANALYZED.labels(verdict=verdict).inc()
    PAGE_ANALYSIS_SECONDS.observe(seconds)


def _outgoing(topics: Topics, processed: Processed) -> list[Outgoing]:
    if processed.url is None or processed.clean is None:
        return []
    key = processed.url.encode()
    outgoing = [Outgoing(topics.clean, key, processed.clean)]
    if processed.document is not None:
        outgoing.append(Outgoing(topics.documents, key, processed.document))
        if processed.report_key is not None:
            candidate = Outgoing(topics.report_candidates, processed.report_key.encode(), processed.document)
            outgoing.append(candidate)
    outgoing += [Outgoing(topics.crawl_outcomes, host.encode(), value) for host, value in processed.outcomes]
    return outgoing


def register(
    app: faust.App, topics: Topics, settings: Settings, *, analyzer: Analyzer = analyze_clean_page
) -> ProcessAgents:
    """Register the process and track agents and the ``report_state`` table on `app`.

    `analyzer` is the analysis step (tests pass one that fails to see the ``analyze`` dead letters).
    """
    reports_known = ReportLedger(Database.for_app(app, settings.database_url))
    report_state = app.Table(
        REPORT_STATE_TABLE,
        default=None,
        partitions=settings.partitions,
        help="Per report id: current content hash, every hash seen, every source URL and its kind.",
    )
    max_page_bytes = settings.max_page_bytes
    limits = settings.document_limits()

    async def process_pages(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():
            # Failures come back as outcomes: nothing here raises for a bad page.
            started = time.perf_counter()
            if len(event.value or b"") <= INLINE_MAX_PAYLOAD and not may_carry_documents(event.value):
                processed = process_raw_page(event.value, max_page_bytes, analyzer, limits)
                # Let the loop's other tasks (the track agent, the producer) run between pages:
                # with a backlog nothing below suspends, and they would wait for it to drain.
                await asyncio.sleep(0)
            else:
                processed = await asyncio.to_thread(process_raw_page, event.value, max_page_bytes, analyzer,
                                                    limits)
            _count_analysis(processed, time.perf_counter() - started)
            log_context(portal=processed.portal_id, url=processed.url or _key(event),
                        page_id=processed.page_id)  # fmt: skip
            outgoing = _outgoing(topics, processed)
            for message in outgoing:
                await message.topic.send(key=message.key, value=message.value)
            if processed.error is not None:
                await _dead_letter(topics, processed.failed_stage or "clean", event, processed.error,
                                   max_page_bytes)  # fmt: skip
            yield outgoing

    async def track_reports(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():
            log_context(url=_key(event))

            async def work(payload: bytes | None = event.value) -> list[Outgoing]:
                document = DOCUMENT_CODEC.loads(payload)
                # Recomputed rather than read from the message key: the id cannot disagree with
                # the facts, whoever produced the message.
                report_id = report_key(document.facts, document.content_hash)
                known = report_state.get(report_id)
                if known is None:  # not in the cache: a restart on the embedded broker, or a new report
                    known = await reports_known.tracker_state(report_id)
                state, report = track_report(known, report_id, document)
                if report is None:
                    return []
                # The event is the broker's before the state says it was emitted: a worker killed in
                # between emits it again (same event id, downstream upserts) instead of never.
                value = REPORT_CODEC.dumps(report)
                await (await topics.reports.send(key=report_id.encode(), value=value))
                report_state[report_id] = state
                return []

            yield await _handle(topics, "track", event, work, max_page_bytes)

    return ProcessAgents(
        process=app.agent(topics.raw, name="fazhi.process")(process_pages),
        # Concurrency 1, on purpose: a report's events are decided in order, and Faust commits no offset
        # past an event still in progress (faust-streaming #606/#316).
        track=app.agent(topics.report_candidates, name="fazhi.track", concurrency=1)(track_reports),
        report_state=report_state,
    )
