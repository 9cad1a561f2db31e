"""The crawl role: due columns visited, new items fetched once, raw pages handed to `fazhi.pages.raw`.

Everything flows through `fazhi.crawl.tasks`, keyed by host, so the partitions of that topic share
the hosts among the crawl workers (Faust's consumer group does the sharing; nothing home-made):

- **scheduler** (a timer in every crawl worker): for each registry column whose list host falls in
  a task partition this worker owns, and whose ``due`` time in the ``crawl_columns`` table has
  come, send a ``column`` task.
- **crawl** agent, ``column`` task: visit the column (`crawlers.column.visit_column`: conditional
  GET, list hash, only items not seen before); send a ``page`` task per new item (keyed by the
  item's host) and wait until the broker acknowledged them; only then advance the column state
  (validators, list hash, seen items, next due time by `crawlers.schedule`).
- **crawl** agent, ``page`` task: skip a URL the ``crawl_pages`` table knows; else fetch it, send
  the `RawPage` (original bytes and headers) and wait for its acknowledgement; only then mark the
  URL in ``crawl_pages``, itself awaited (`streams.acks.AcknowledgedTable`). A worker killed in
  between fetches that one page again after the restart (the page was not handed over);
  everything acknowledged is never fetched again.

Per-host politeness lives in the worker's `Fetcher` (one request in flight per host, the delay):
since a host's tasks all sit in one partition, one worker owns each host. Every fetch gives one
`CrawlOutcome` event on `fazhi.crawl.outcomes` and counts in the ``crawl_hosts`` table. A task that
cannot be handled (undecodable, unknown portal, a bug) becomes a dead letter with stage ``crawl``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import faust
from aiokafka.partitioner import DefaultPartitioner

from crawlers.column import ColumnVisit, item_key, visit_column
from crawlers.fetcher import Fetcher, FetchResult, Validators
from crawlers.outcomes import Outcome
from crawlers.registry import load_registry
from crawlers.schedule import next_due, next_interval
from schemas.crawl import CrawlOutcome, CrawlTask, TaskKind
from schemas.events import RawPage, stable_id
from schemas.registry import Column, Portal, Registry
from streams.acks import AcknowledgedTable
from streams.app import RoleConfigError
from streams.codec import ModelCodec
from streams.deadletter import send_dead_letter
from streams.settings import Settings
from streams.topics import CRAWL_TASKS, Topics, topic_name

log = logging.getLogger(__name__)

TASK_CODEC = ModelCodec(CrawlTask)
OUTCOME_CODEC = ModelCodec(CrawlOutcome)
RAW_CODEC = ModelCodec(RawPage)
COLUMNS_TABLE, PAGES_TABLE, HOSTS_TABLE = "crawl_columns", "crawl_pages", "crawl_hosts"
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


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class CrawlState:
    """What the scheduler and the crawl agent share: the tables, the registry, the fetcher."""

    columns: AcknowledgedTable
    pages: AcknowledgedTable
    hosts: faust.types.TableT
    registry: Registry
    fetcher: Fetcher
    queued: dict[str, float] = field(default_factory=dict)  # column key -> when its task was sent


@dataclass(frozen=True, slots=True)
class CrawlAgents:
    """What `register` added to the app."""

    crawl: faust.types.AgentT
    state: CrawlState


def register(app: faust.App, topics: Topics, settings: Settings) -> CrawlAgents:
    """Register the scheduler timer, the crawl agent and its three tables on `app`."""
    if settings.crawl_registry is None:
        raise CrawlConfigError("the crawl role needs a portal registry: --registry FILE or "
                               "FAZHI_CRAWL_REGISTRY")
    try:
        registry = load_registry(settings.crawl_registry)
    except ValueError as exc:
        raise CrawlConfigError(str(exc)) from exc
    schema = faust.Schema(**_JSON_TABLE)
    partitions = settings.partitions
    columns = AcknowledgedTable.register(app, COLUMNS_TABLE, default=None, partitions=partitions,
                                         schema=schema, help="Per column: validators, list hash, seen, due")
    pages = AcknowledgedTable.register(app, PAGES_TABLE, default=None, partitions=partitions,
                                       schema=schema, help="Per detail URL fetched: outcome, raw event id")
    hosts = app.Table(HOSTS_TABLE, default=None, partitions=settings.partitions, schema=schema,
                      help="Per host: fetch outcome counts and the last outcome")  # fmt: skip
    state = CrawlState(columns=columns, pages=pages, hosts=hosts, registry=registry,
                       fetcher=Fetcher(settings))  # fmt: skip
    crawler = _Crawler(state, topics, settings)
    tasks_topic = topic_name(settings, CRAWL_TASKS)

    @app.timer(settings.crawl_tick)
    async def schedule_columns() -> None:
        owned = {tp.partition for tp in app.assignor.assigned_actives() if tp.topic == tasks_topic}
        if owned:
            await crawler.schedule(owned)

    async def crawl(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():
            try:
                task = TASK_CODEC.loads(event.value)
                await crawler.handle(task)
            except Exception as exc:  # any failure is a dead letter: none may stop the agent
                if not isinstance(exc, ValueError):
                    log.exception("crawl failed on %s[%s]@%s", event.message.topic, event.message.partition,
                                  event.message.offset)  # fmt: skip
                await send_dead_letter(topics, stage="crawl", error=exc, payload=event.value, event=event)
            yield None

    @app.on_before_shutdown.connect
    async def close_fetcher(app: faust.App, **_: Any) -> None:
        await state.fetcher.aclose()

    agent = app.agent(topics.crawl_tasks, name="fazhi.crawl", concurrency=settings.crawl_concurrency)
    return CrawlAgents(crawl=agent(crawl), state=state)


class _Crawler:
    """The work behind the timer and the agent, with the worker-local bookkeeping they share."""

    def __init__(self, state: CrawlState, topics: Topics, settings: Settings) -> None:
        self.state, self.topics, self.settings = state, topics, settings
        self.columns = [(portal, column) for portal in state.registry.portals for column in portal.columns]
        self._column_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._in_flight: set[str] = set()

    # --- scheduling

    async def schedule(self, owned: set[int]) -> None:
        now, clock = _now(), time.monotonic()
        for portal, column in self.columns:
            host = host_of(column.url)
            if task_partition(host, self.settings.partitions) not in owned:
                continue
            key = column_key(portal, column)
            state = self.state.columns.get(key)
            if state is not None and datetime.fromisoformat(state["due"]) > now:
                continue
            if clock - self.state.queued.get(key, float("-inf")) < self.settings.crawl_task_timeout:
                continue  # sent already, not handled yet
            self.state.queued[key] = clock
            await self._send_task(TaskKind.column, portal, column, column.url)

    async def _send_task(self, kind: TaskKind, portal: Portal, column: Column, url: str,
                         title: str | None = None, listed: Any = None) -> Any:  # fmt: skip
        created = _now()
        identity = stable_id("crawl-task", kind, portal.id, column.id, url, created.isoformat())
        task = CrawlTask(event_id=identity, kind=kind, portal_id=portal.id, column_id=column.id,
                         url=url, host=host_of(url), list_title=title, list_date=listed,
                         created_at=created)  # fmt: skip
        return await self.topics.crawl_tasks.send(key=task.host.encode(), value=TASK_CODEC.dumps(task))

    # --- tasks

    async def handle(self, task: CrawlTask) -> None:
        try:
            portal = self.state.registry.portal(task.portal_id)
            column = portal.column(task.column_id)
        except KeyError:
            raise ValueError(f"task for {task.portal_id}/{task.column_id}: not in the registry") from None
        if task.kind is TaskKind.column:
            await self._visit(portal, column)
        else:
            await self._fetch_page(portal, column, task)

    async def _visit(self, portal: Portal, column: Column) -> None:
        key = column_key(portal, column)
        async with self._column_locks[key]:
            state = self.state.columns.get(key) or {}
            if state and datetime.fromisoformat(state["due"]) > _now():
                self.state.queued.pop(key, None)
                return  # a duplicate task: visited since it was sent
            seen = set(state.get("seen", ()))
            visit = await visit_column(
                self.state.fetcher, portal, column,
                validators=Validators(**state.get("validators", {})), last_hash=state.get("list_hash"),
                seen=lambda url: item_key(url) in seen, max_pages=self.settings.crawl_max_list_pages,
            )  # fmt: skip
            # Page tasks acknowledged before the column state says their items were seen.
            sent = [await self._send_task(TaskKind.page, portal, column, item.url, item.title, item.date)
                    for item in visit.new_items]  # fmt: skip
            await asyncio.gather(*sent)
            self.state.columns[key] = self._column_state(portal, state, visit, seen)
            await self.state.columns.acknowledged()
            self.state.queued.pop(key, None)
            for result in visit.fetches:
                await self._record(TaskKind.column, portal, column, result, new_items=len(visit.new_items))
        for error in visit.errors:
            log.warning("column %s: %s", key, error)

    def _column_state(self, portal: Portal, state: dict[str, Any], visit: ColumnVisit,
                      seen: set[str]) -> dict[str, Any]:  # fmt: skip
        now = _now()
        interval = next_interval(portal.schedule, state.get("interval"), bool(visit.new_items))
        seen.update(item_key(item.url) for item in visit.new_items)
        return {
            "validators": {"etag": visit.validators.etag, "last_modified": visit.validators.last_modified},
            "list_hash": visit.list_hash,
            "seen": sorted(seen),
            "interval": interval,
            "due": next_due(portal.schedule, interval, now).isoformat(),
            "visited_at": now.isoformat(),
            "last_outcome": str(visit.first.outcome),
            "visits": state.get("visits", 0) + 1,
        }

    async def _fetch_page(self, portal: Portal, column: Column, task: CrawlTask) -> None:
        url = task.url
        if self.state.pages.get(url) is not None or url in self._in_flight:
            return  # fetched (and handed over) already, or being fetched by another actor
        self._in_flight.add(url)
        try:
            result = await self.state.fetcher.fetch(url, portal=portal)
            raw_event_id = None
            if result.outcome is Outcome.ok:
                raw = RawPage(event_id=stable_id("crawl", url, result.sha256), url=url,
                              final_url=result.final_url, status=result.status or 200,
                              headers=result.headers, body=result.body, fetched_at=result.fetched_at,
                              portal_id=portal.id, column_id=column.id, list_title=task.list_title,
                              list_date=task.list_date)  # fmt: skip
                acknowledged = await self.topics.raw.send(key=url.encode(), value=RAW_CODEC.dumps(raw))
                await acknowledged  # the page is the broker's before the state says "fetched"
                raw_event_id = raw.event_id
            self.state.pages[url] = {"outcome": str(result.outcome), "status": result.status,
                                      "raw_event_id": raw_event_id,
                                      "at": result.fetched_at.isoformat()}  # fmt: skip
            await self.state.pages.acknowledged()
            await self._record(TaskKind.page, portal, column, result, raw_event_id=raw_event_id)
        finally:
            self._in_flight.discard(url)

    async def _record(self, kind: TaskKind, portal: Portal, column: Column, result: FetchResult,
                      **extra: Any) -> None:  # fmt: skip
        host = host_of(result.url)
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
        await self.topics.crawl_outcomes.send(key=host.encode(), value=OUTCOME_CODEC.dumps(event))
