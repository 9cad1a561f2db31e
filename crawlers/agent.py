"""The crawl role: due columns visited, new items fetched once, raw pages handed to `fazhi.pages.raw`.

Everything flows through `fazhi.crawl.tasks`, keyed by host, so the partitions of that topic share
the hosts among the crawl workers (Faust's consumer group does the sharing; nothing home-made):

- **scheduler** (a timer in every crawl worker): for each registry column whose list host falls in
  a task partition this worker owns, and whose due time has come, send a ``column`` task; and for
  each page found but not fetched, send its ``page`` task again when no worker has it in hand.
- **crawl** agent: reads tasks as they come and puts each in its host's queue
  (`crawlers.frontier.HostQueues`): hosts are worked on side by side, one task at a time within a
  host, so one host's politeness delay never holds up another host's tasks.
- ``column`` task: visit the column (`crawlers.column.visit_column`: conditional GET, list hash,
  only items not seen before). A new item whose host falls in the same task partition is queued
  here; any other item becomes a ``page`` task on the topic, keyed by its host. Once the broker
  acknowledged those, the items are recorded as found in the database, then the column's state
  (validators, list hash, seen items, next due time by `crawlers.schedule`).
- ``page`` task: skip a URL that is done; else record it as found and queue it. Its turn: fetch
  it, send the `RawPage` (original bytes and headers) and the `CrawlOutcome`, wait for their
  acknowledgement, then record the fetch in the database.

**State lives in the database** (`streams.state.pages.PageLedger`: ``crawl_pages``,
``crawl_columns``), the system of record; this worker holds a copy of its hosts' part, loaded at
start and after every rebalance. What is *done* (stored, or failed for good) is never fetched
again; what was found but is not done (queued, fetched but not stored...) is sent as a page task
again. A worker killed between a fetch and its record fetches that one page again (at most one per
host is in flight). With an external broker, which keeps the raw pages of the pages fetched and
not stored, such a page is sent again only if the database still says it is not stored
FAZHI_CRAWL_STORE_GRACE after the ledger was read (the pipeline lost it). When partitions are
revoked, their hosts' queues are dropped after the request in flight finished.

Per-host politeness and the bound on requests in flight (FAZHI_CRAWL_CONCURRENCY) live in the
worker's `Fetcher`: since a host's tasks all sit in one partition, one worker owns each host.
Every fetch gives one `CrawlOutcome` event on `fazhi.crawl.outcomes`, counts in the
``crawl_hosts`` table (a cache) and in ``fazhi_pages_fetched_total``. A task that cannot be handled
(undecodable, unknown portal, a bug) becomes a dead letter with stage ``crawl``. Done pages and
seen items are bounded by retention (FAZHI_CRAWL_PAGES_RETENTION_DAYS, FAZHI_CRAWL_SEEN_PER_COLUMN).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import inf
from typing import Any
from urllib.parse import urlsplit

import faust
from aiokafka.partitioner import DefaultPartitioner
from faust.types import TP, EventT

from crawlers.column import ColumnVisit, item_key, remember_seen, visit_column
from crawlers.documents import fetch_attachments
from crawlers.fetcher import Fetcher, FetchResult, Validators
from crawlers.frontier import HostQueues, Work
from crawlers.outcomes import Outcome
from crawlers.registry import load_registry
from crawlers.schedule import next_due, next_interval
from schemas.crawl import CrawlOutcome, CrawlTask, TaskKind
from schemas.events import RawPage, stable_id
from schemas.registry import Column, Portal, Registry
from streams import clock
from streams.app import RoleConfigError
from streams.codec import ModelCodec
from streams.deadletter import send_dead_letter
from streams.observability.logs import log_context
from streams.observability.metrics import PAGES_FETCHED
from streams.settings import Settings
from streams.state.database import Database
from streams.state.pages import PageLedger
from streams.topics import CRAWL_TASKS, Topics, topic_name

log = logging.getLogger(__name__)

TASK_CODEC = ModelCodec(CrawlTask)
OUTCOME_CODEC = ModelCodec(CrawlOutcome)
RAW_CODEC = ModelCodec(RawPage)
HOSTS_TABLE = "crawl_hosts"
_JSON_TABLE = {"key_type": str, "key_serializer": "json", "value_serializer": "json"}


class CrawlConfigError(RoleConfigError):
    """The crawl role cannot start: no registry given, or it is invalid."""


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def column_key(portal: Portal, column: Column) -> str:
    return f"{portal.id}/{column.id}"


def task_partition(host: str, partitions: int) -> int:
    """The partition of `fazhi.crawl.tasks` a host's tasks go to (the Kafka client's default partitioner)."""
    every = list(range(partitions))
    return DefaultPartitioner()(host.encode(), every, every)


@dataclass
class CrawlState:
    """What the scheduler and the crawl agent share: the ledger and this worker's copy of it."""

    ledger: PageLedger
    hosts: faust.types.TableT
    registry: Registry
    fetcher: Fetcher
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)  # column key -> last visit's state
    done: set[str] = field(default_factory=set)  # URLs never to fetch again
    pending: dict[str, CrawlTask] = field(default_factory=dict)  # found, not done: URL -> page task
    # Pending pages a surviving broker may still hold for the pipeline: URL -> when to look again.
    handed_over: dict[str, datetime] = field(default_factory=dict)
    loaded: bool = False  # the ledger was read for the partitions owned
    queued: dict[str, float] = field(default_factory=dict)  # column key -> when its task was sent
    resent: dict[str, float] = field(default_factory=dict)  # page URL -> when its task was sent again


@dataclass(frozen=True, slots=True)
class CrawlAgents:
    """What `register` added to the app."""

    crawl: faust.types.AgentT
    state: CrawlState


def register(app: faust.App, topics: Topics, settings: Settings) -> CrawlAgents:
    """Register the scheduler timer, the crawl agent, its retention and its hosts table on `app`."""
    if settings.crawl_registry is None:
        raise CrawlConfigError("the crawl role needs a portal registry: --registry FILE or "
                               "FAZHI_CRAWL_REGISTRY")
    try:
        registry = load_registry(settings.crawl_registry)
    except ValueError as exc:
        raise CrawlConfigError(str(exc)) from exc
    ledger = PageLedger(Database.for_app(app, settings.database_url),
                        broker_keeps_messages=settings.broker_keeps_messages)  # fmt: skip
    hosts = app.Table(HOSTS_TABLE, default=None, partitions=settings.partitions,
                      schema=faust.Schema(**_JSON_TABLE),
                      help="Per host: fetch outcome counts and the last outcome")  # fmt: skip
    state = CrawlState(ledger=ledger, hosts=hosts, registry=registry, fetcher=Fetcher(settings))
    crawler = _Crawler(state, topics, settings, stopping=lambda: app.should_stop)
    tasks_topic = topic_name(settings, CRAWL_TASKS)

    def owned() -> set[int]:
        return {tp.partition for tp in app.assignor.assigned_actives() if tp.topic == tasks_topic}

    @app.timer(settings.crawl_tick)
    async def schedule_columns() -> None:
        if not app.rebalancing and state.loaded and (partitions := owned()):
            await crawler.schedule(partitions)

    @app.on_rebalance_complete.connect
    async def schedule_recovered(app: faust.App, **_: Any) -> None:
        # What the database knows of the hosts now owned; then what is due (and what was found and
        # is not done) goes out at once, not a tick later.
        if partitions := owned():
            await crawler.restore(partitions)
            await crawler.schedule(partitions)

    @app.timer(settings.retention_interval)
    async def prune_pages() -> None:
        before = clock.now() - timedelta(days=settings.crawl_pages_retention_days)
        if deleted := await ledger.prune(before):
            state.done.difference_update(deleted)  # this worker's copy stays bounded too
            log.info("crawl ledger: %d done pages fetched before %s forgotten", len(deleted), before)

    async def crawl(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():
            try:
                await crawler.accept(TASK_CODEC.loads(event.value), event)
            except Exception as exc:  # any failure is a dead letter: none may stop the agent
                await crawler.dead_letter(exc, event)
            yield None

    @app.on_partitions_revoked.connect
    async def drop_revoked_hosts(app: faust.App, revoked: set[TP], **_: Any) -> None:
        await crawler.revoke({tp.partition for tp in revoked if tp.topic == tasks_topic})

    @app.on_before_shutdown.connect
    async def close_fetcher(app: faust.App, **_: Any) -> None:
        await crawler.aclose()
        await state.fetcher.aclose()

    # Concurrency 1 (the default, kept on purpose): tasks are only queued here, in offset order, and
    # Faust commits no offset past a task still being handled (faust-streaming #606/#316).
    agent = app.agent(topics.crawl_tasks, name="fazhi.crawl", concurrency=1)
    return CrawlAgents(crawl=agent(crawl), state=state)


class _Crawler:
    """The work behind the timer and the agent, with the worker-local bookkeeping they share."""

    def __init__(self, state: CrawlState, topics: Topics, settings: Settings, *,
                 stopping: Callable[[], bool] = lambda: False) -> None:  # fmt: skip
        self.state, self.topics, self.settings = state, topics, settings
        # True once the worker's stop began: queued work is left for the next start (the ledger
        # holds every page found and not fetched), so a stop does not wait for a host queue to drain.
        self.stopping = stopping
        self.columns = [(portal, column) for portal in state.registry.portals for column in portal.columns]
        self.queues = HostQueues()
        self.restored = asyncio.Event()  # the ledger was read once: tasks may be handled
        self._column_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._background: set[asyncio.Future[None]] = set()

    def _partition(self, host: str) -> int:
        return task_partition(host, self.settings.partitions)

    # --- scheduling

    async def restore(self, owned: set[int]) -> None:
        """Read what the database knows of the hosts in `owned` partitions into this worker's copy.

        Column states the database holds newer than ours win (another worker visited them while
        it owned them); pages done are added; pages found and not done become pending.
        """
        snapshot = await self.state.ledger.load(lambda host: self._partition(host) in owned)
        # The pipeline gets the grace from now (not from the fetch): it drains what the broker kept
        # once it runs again, however long the workers were down.
        look_again = clock.now() + timedelta(seconds=self.settings.crawl_store_grace)
        for key, stored in snapshot.columns.items():
            held = self.state.columns.get(key)
            if held is None or stored["visited_at"] >= held["visited_at"]:
                self.state.columns[key] = stored
        self.state.done |= snapshot.done
        for url, task in snapshot.pending.items():
            if url not in self.state.done and url not in self.state.pending:
                self.state.pending[url] = CrawlTask.model_validate(task)
                if self.state.ledger.broker_keeps_messages and url in snapshot.handed_over:
                    self.state.handed_over[url] = look_again
        self.restored.set()
        if not self.state.loaded:
            log.info("crawl state from the database: %d columns, %d pages done, %d to fetch",
                     len(snapshot.columns), len(snapshot.done), len(snapshot.pending))  # fmt: skip
        self.state.loaded = True

    async def schedule(self, owned: set[int]) -> None:
        """Send the due columns' tasks, and the page tasks of pages found that no worker has in hand."""
        moment, ticks = clock.now(), time.monotonic()
        for portal, column in self.columns:
            if self._partition(host_of(column.url)) not in owned:
                continue
            key = column_key(portal, column)
            state = self.state.columns.get(key)
            if state is not None and datetime.fromisoformat(state["due"]) > moment:
                continue
            sent_at = self.state.queued.get(key, -inf)
            if key in self.queues or ticks - sent_at < self.settings.crawl_task_timeout:
                continue  # queued here, or sent and not arrived yet
            self.state.queued[key] = ticks
            await self._send_task(CrawlTask(**self._task_fields(TaskKind.column, portal, column, column.url)))
        await self._settle_handed_over(moment)
        for url, task in list(self.state.pending.items()):
            if url in self.queues or url in self.state.handed_over or self._partition(task.host) not in owned:
                continue
            if ticks - self.state.resent.get(url, -inf) < self.settings.crawl_task_timeout:
                continue
            self.state.resent[url] = ticks
            await self._send_task(task)

    async def _settle_handed_over(self, moment: datetime) -> None:
        """Pages handed over to a surviving broker, their grace over: done, or to be fetched again."""
        due = [url for url, look_again in self.state.handed_over.items() if look_again <= moment]
        if not due:
            return
        done = await self.state.ledger.done_among(due)
        for url in due:
            del self.state.handed_over[url]
            if url in done:
                self.state.done.add(url)
                self._unqueue(url)
            elif url in self.state.pending:
                log.warning("%s: fetched, and still not stored a grace after the restart: fetched again", url)

    def _task_fields(self, kind: TaskKind, portal: Portal, column: Column, url: str,
                     title: str | None = None, listed: Any = None) -> dict[str, Any]:  # fmt: skip
        created = clock.now()
        return {"event_id": stable_id("crawl-task", kind, portal.id, column.id, url, created.isoformat()),
                "kind": kind, "portal_id": portal.id, "column_id": column.id, "url": url,
                "host": host_of(url), "list_title": title, "list_date": listed,
                "created_at": created}  # fmt: skip

    async def _send_task(self, task: CrawlTask) -> Awaitable[Any]:
        return await self.topics.crawl_tasks.send(key=task.host.encode(), value=TASK_CODEC.dumps(task))

    async def revoke(self, partitions: set[int]) -> None:
        """Forget the queued work of hosts in revoked partitions (their new owner queues it again)."""
        if not partitions:
            return
        dropped = await self.queues.drop(lambda host: self._partition(host) in partitions)
        await self.settle()
        for key in dropped:
            self.state.resent.pop(key, None)
            self.state.queued.pop(key, None)
        moved = [url for url, task in self.state.pending.items() if self._partition(task.host) in partitions]
        for url in moved:
            del self.state.pending[url]  # the new owner reads them from the database
            self.state.handed_over.pop(url, None)

    # --- tasks

    async def accept(self, task: CrawlTask, event: EventT) -> None:
        """Queue a task for its host (a page task recorded as found first)."""
        log_context(portal=task.portal_id, url=task.url)
        # Tasks left on a broker that survived come in as soon as partitions are assigned: not
        # before this worker knows what is done (else it would fetch done pages again).
        await self.restored.wait()
        try:
            portal = self.state.registry.portal(task.portal_id)
            column = portal.column(task.column_id)
        except KeyError:
            raise ValueError(f"task for {task.portal_id}/{task.column_id}: not in the registry") from None
        if task.kind is TaskKind.column:
            key = column_key(portal, column)
            self.queues.put(task.host, key, self._guarded(event, lambda: self._visit(portal, column, event)),
                            keep=event)  # fmt: skip
            return
        if task.url in self.state.done:
            return  # fetched (and handed over) already
        if task.url not in self.state.pending:
            # Durable before the task's offset can be committed: sent again after a restart.
            await self.state.ledger.found([task.model_dump(mode="json")])
            self.state.pending[task.url] = task
        self._queue_page(portal, column, task, event)

    def _queue_page(self, portal: Portal, column: Column, task: CrawlTask, event: EventT) -> None:
        work = self._guarded(event, lambda: self._fetch_page(portal, column, task))
        self.queues.put(task.host, task.url, work, keep=event)

    def _guarded(self, event: EventT, work: Callable[[], Awaitable[None]]) -> Work:
        """`work` whose failure becomes a dead letter of `event` (a runner never sees it raise)."""
        async def guarded() -> None:
            if self.stopping():
                return
            try:
                await work()
            except Exception as exc:
                await self.dead_letter(exc, event)

        return guarded

    async def dead_letter(self, exc: Exception, event: EventT) -> None:
        if not isinstance(exc, ValueError):
            log.error("crawl failed on %s[%s]@%s", event.message.topic, event.message.partition,
                      event.message.offset, exc_info=exc)  # fmt: skip
        await send_dead_letter(self.topics, stage="crawl", error=exc, payload=event.value, event=event)

    async def _visit(self, portal: Portal, column: Column, event: EventT) -> None:
        key = column_key(portal, column)
        lock = self._column_locks[key]
        await lock.acquire()
        try:
            state = self.state.columns.get(key) or {}
            if state and datetime.fromisoformat(state["due"]) > clock.now():
                self.state.queued.pop(key, None)
                lock.release()
                return  # a duplicate task: visited since it was sent
            seen = list(state.get("seen", ()))  # newest first
            known = set(seen)
            visit = await visit_column(
                self.state.fetcher, portal, column,
                validators=Validators(**state.get("validators", {})), last_hash=state.get("list_hash"),
                seen=lambda url: item_key(url) in known, max_pages=self.settings.crawl_max_list_pages,
            )  # fmt: skip
            here = self._partition(host_of(column.url))
            sent, found = [], []
            for item in visit.new_items:
                task = CrawlTask(**self._task_fields(TaskKind.page, portal, column, item.url, item.title,
                                                     item.date))  # fmt: skip
                found.append(task.model_dump(mode="json"))
                if self._partition(task.host) != here:
                    sent.append(await self._send_task(task))
                elif task.url not in self.state.done:
                    task = self.state.pending.setdefault(task.url, task)
                    self._queue_page(portal, column, task, event)
        except BaseException:
            lock.release()
            raise
        # The host's pages go first; the column state follows once the broker has what it depends on.
        conclude = lambda: self._conclude(lock, portal, column, state, visit, seen, sent, found)  # noqa: E731
        self._spawn(self._guarded(event, conclude)())

    async def _conclude(self, lock: asyncio.Lock, portal: Portal, column: Column, state: dict[str, Any],
                        visit: ColumnVisit, seen: list[str], sent: list[Awaitable[Any]],
                        found: list[dict[str, Any]]) -> None:  # fmt: skip
        key = column_key(portal, column)
        try:
            # The new items are recorded as found (and the page tasks for other partitions are the
            # broker's) before the column state says they were seen.
            await asyncio.gather(*sent)
            await self.state.ledger.found(found)
            new_state = self._column_state(portal, state, visit, seen)
            await self.state.ledger.column_visited(portal.id, column.id, column.url, new_state)
            self.state.columns[key] = new_state
            self.state.queued.pop(key, None)
            for result in visit.fetches:
                await self._record(TaskKind.column, portal, column, result, new_items=len(visit.new_items))
        finally:
            lock.release()
        for error in visit.errors:
            log.warning("column %s: %s", key, error)

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def settle(self) -> None:
        """Wait for the column visits still concluding (before a revocation hands the tables over)."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    async def aclose(self) -> None:
        await self.queues.aclose()
        for task in self._background:
            task.cancel()
        await self.settle()

    def _column_state(self, portal: Portal, state: dict[str, Any], visit: ColumnVisit,
                      seen: list[str]) -> dict[str, Any]:  # fmt: skip
        moment = clock.now()
        interval = next_interval(portal.schedule, state.get("interval"), bool(visit.new_items))
        return {
            "validators": {"etag": visit.validators.etag, "last_modified": visit.validators.last_modified},
            "list_hash": visit.list_hash,
            "seen": remember_seen([item_key(item.url) for item in visit.new_items], seen,
                                  self.settings.crawl_seen_per_column),
            "interval": interval,
            "due": next_due(portal.schedule, interval, moment).isoformat(),
            "visited_at": moment.isoformat(),
            "last_outcome": str(visit.first.outcome),
            "visits": state.get("visits", 0) + 1,
        }

    async def _fetch_page(self, portal: Portal, column: Column, task: CrawlTask) -> None:
        url = task.url
        log_context(portal=portal.id, url=url)  # this item's own context (a copy): nothing leaks
        if url in self.state.done:
            self._unqueue(url)
            return  # fetched (and handed over) already
        result = await self.state.fetcher.fetch(url, portal=portal)
        raw_event_id, acknowledgements = None, []
        if result.outcome is Outcome.ok:
            # The page's attachments (PDF, DOCX...) go with it, fetched by the same fetcher.
            documents = await fetch_attachments(self.state.fetcher, result, portal=portal,
                                                max_attachments=self.settings.crawl_max_attachments,
                                                budget=self.settings.max_page_bytes)  # fmt: skip
            raw = RawPage(event_id=stable_id("crawl", url, result.sha256), url=url,
                          final_url=result.final_url, status=result.status or 200,
                          headers=result.headers, body=result.body, fetched_at=result.fetched_at,
                          portal_id=portal.id, column_id=column.id, list_title=task.list_title,
                          list_date=task.list_date, attachments=documents.attachments)  # fmt: skip
            acknowledgements.append(await self.topics.raw.send(key=url.encode(), value=RAW_CODEC.dumps(raw)))
            raw_event_id = raw.event_id
            log_context(portal=portal.id, url=url, page_id=raw_event_id)  # the page has its id now
            for attachment in documents.results:
                acknowledgements.append(await self._record(TaskKind.attachment, portal, column, attachment,
                                                           raw_event_id=raw_event_id))  # fmt: skip
        acknowledgements.append(await self._record(TaskKind.page, portal, column, result,
                                                   raw_event_id=raw_event_id))  # fmt: skip
        # The page and its outcome are the broker's before the ledger says "fetched".
        await asyncio.gather(*acknowledgements)
        await self.state.ledger.fetched(
            task.model_dump(mode="json"), outcome=str(result.outcome), status=result.status,
            etag=result.validators.etag, last_modified=result.validators.last_modified,
            content_hash=result.sha256, raw_event_id=raw_event_id, fetched_at=result.fetched_at)  # fmt: skip
        self.state.done.add(url)
        self._unqueue(url)

    def _unqueue(self, url: str) -> None:
        self.state.resent.pop(url, None)
        self.state.pending.pop(url, None)
        self.state.handed_over.pop(url, None)

    async def _record(self, kind: TaskKind, portal: Portal, column: Column, result: FetchResult,
                      **extra: Any) -> Awaitable[Any]:  # fmt: skip
        """Count the outcome on the host and send its event; returns the event's acknowledgement."""
        host = host_of(result.url)
        PAGES_FETCHED.labels(outcome=str(result.outcome), portal=portal.id).inc()
        health = dict(self.state.hosts.get(host) or {"outcomes": {}})
        outcomes = dict(health["outcomes"])
        outcomes[str(result.outcome)] = outcomes.get(str(result.outcome), 0) + 1
        self.state.hosts[host] = {"outcomes": outcomes, "last_outcome": str(result.outcome),
                                   "last_status": result.status,
                                   "at": result.fetched_at.isoformat()}  # fmt: skip
        event = CrawlOutcome(
            event_id=stable_id("crawl-outcome", kind, result.url, result.fetched_at.isoformat()),
            kind=kind, portal_id=portal.id, column_id=column.id, url=result.url, host=host,
            outcome=str(result.outcome), status=result.status, attempts=result.attempts,
            error=result.error, fetched_at=result.fetched_at, **extra,
        )  # fmt: skip
        return await self.topics.crawl_outcomes.send(key=host.encode(), value=OUTCOME_CODEC.dumps(event))
