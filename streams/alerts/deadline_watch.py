"""The deadline watch of the alert role: overdue and late alerts from coverage, once the crawl has looked.

Every FAZHI_DEADLINE_CHECK_INTERVAL seconds, for the subscriptions that ask for ``overdue`` or
``late``: the coverage rows of the latest year whose deadline has passed (1 April for governments,
1 March for departments, on the program's clock) are read from the database
(`streams.coverage`), and `streams.alerts.deadlines.pending_alerts` says which alerts they give.
They go to the alert outbox, whose key (alert id, channel) makes each one once per issuer, year and
subscription, across restarts.

An issuer is called overdue only when the crawl has looked for its report since the watch started:
every registry column in the subscription's scope (portals of its places, their provinces and
prefectures included) concluded a visit after the start (``crawl_columns.last_visited_at``), no page
those columns listed is still waiting to be fetched or stored (``crawl_pages``), and that state has
held for FAZHI_DEADLINE_SETTLE seconds (a report between the documents and reports tables is
still on its way). Without a registry, or with no column in scope, nothing is called overdue.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, not_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from schemas.coverage import CoverageRow
from schemas.events import AlertEvent
from schemas.registry import Portal, Registry
from schemas.subscriptions import Subscription, SubscriptionFilters
from streams import clock
from streams.alerts.deadlines import DEADLINE_KINDS, issuer_in_scope, pending_alerts
from streams.alerts.delivery import AlertMessage
from streams.alerts.subscriptions import province_key
from streams.analysis.deadlines import latest_year_due
from streams.coverage import Scope, beijing_today, coverage_rows, expected_issuers
from streams.coverage.reads import year_reports
from streams.sink.tables import crawl_columns, crawl_pages, documents

__all__ = ["DeadlineWatch", "portal_in_scope", "scope_columns"]

log = logging.getLogger(__name__)

Enqueue = Callable[[Subscription, AlertEvent, AlertMessage], Awaitable[None]]
READ_OUTCOMES = ("ok", "not_modified")
#: A page found this long ago and still not done is not waited for (its fetch or analysis keeps failing).
STORE_WAIT_LIMIT = timedelta(minutes=10)


def _significant(code: str) -> str:
    """The code without its trailing zero pairs: 410000 -> 41, 410400 -> 4104."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def portal_in_scope(portal: Portal, filters: SubscriptionFilters) -> bool:
    """Whether a portal may list reports of issuers in the scope: its place is in it, or contains it."""
    own = _significant(portal.region_code)
    if filters.region_codes and not any(own.startswith(p) or p.startswith(own) for p in filters.region_codes):
        return False
    if filters.provinces:
        from streams.coverage.expected import province_unit

        try:
            province = province_unit(portal.region_code[:2] + "0000")
        except ValueError:
            return False
        if province.short not in {province_key(p) for p in filters.provinces}:
            return False
    return True


def scope_columns(registry: Registry, filters: SubscriptionFilters) -> list[tuple[str, str]]:
    """(portal id, column id) of every registry column in the scope."""
    return [(portal.id, column.id) for portal in registry.portals if portal_in_scope(portal, filters)
            for column in portal.columns]  # fmt: skip


async def crawl_has_looked(engine: AsyncEngine, columns: Sequence[tuple[str, str]], since: datetime,
                           moment: datetime, done: ColumnElement[bool]) -> bool:  # fmt: skip
    """Every column read since `since`, and none of their pages still on its way to the database.

    `done` is the crawl ledger's SQL for a page that went all the way (`PageLedger.done_condition`,
    over ``crawl_pages`` outer-joined with ``documents``). A page found more than STORE_WAIT_LIMIT
    ago and still not done is not waited for (its fetch or analysis keeps failing).
    """
    if not columns:
        return False
    portals = sorted({portal for portal, _ in columns})
    async with engine.connect() as connection:
        # A visit counts when it read the list (or learnt it had not changed): a failed one saw nothing.
        visited = {(row.portal_id, row.column_id): row.last_visited_at for row in await connection.execute(
            select(crawl_columns.c.portal_id, crawl_columns.c.column_id, crawl_columns.c.last_visited_at)
            .where(crawl_columns.c.portal_id.in_(portals), crawl_columns.c.last_outcome.in_(READ_OUTCOMES)))}
        if any(visited.get(column) is None or visited[column] < since for column in columns):
            return False
        waiting = (await connection.execute(
            select(func.count())
            .select_from(crawl_pages.outerjoin(documents, documents.c.url == crawl_pages.c.url))
            .where(crawl_pages.c.portal_id.in_(portals), not_(done),
                   crawl_pages.c.discovered_at > moment - STORE_WAIT_LIMIT))).scalar_one()  # fmt: skip
    return waiting == 0


@dataclass
class DeadlineWatch:
    """Overdue and late alerts for the subscriptions in force (`check` is called by a timer)."""

    engine: Callable[[], Awaitable[AsyncEngine]]
    registry: Registry | None
    subscriptions: Callable[[], Iterable[Subscription]]
    enqueue: Enqueue
    done: ColumnElement[bool]  # the crawl ledger's "page done" (`PageLedger.done_condition`)
    settle: float = 30.0
    started_at: datetime = field(default_factory=clock.now)
    _expected: list | None = field(default=None, init=False, repr=False)
    _looked_since: dict[str, datetime] = field(default_factory=dict, init=False, repr=False)
    _enqueued: set[str] = field(default_factory=set, init=False, repr=False)
    _warned: set[str] = field(default_factory=set, init=False, repr=False)

    async def check(self) -> list[AlertEvent]:
        """One round: the alerts newly handed to the outbox."""
        watched = [s for s in self.subscriptions()
                   if s.enabled and set(s.filters.kinds) & set(DEADLINE_KINDS)]  # fmt: skip
        if not watched:
            return []
        engine = await self.engine()
        moment = clock.now()
        rows = await self._rows(engine, watched)
        sent: list[AlertEvent] = []
        for subscription in watched:
            overdue = "overdue" in subscription.filters.kinds and await self._may_call_overdue(
                engine, subscription, moment)  # fmt: skip
            for alert, message in pending_alerts(subscription, rows, moment, overdue=overdue):
                if alert.event_id in self._enqueued:
                    continue
                await self.enqueue(subscription, alert, message)
                self._enqueued.add(alert.event_id)
                sent.append(alert)
        if sent:
            log.info("deadline watch: %d alert(s) enqueued (%s)", len(sent),
                     ", ".join(sorted({a.kind for a in sent})))  # fmt: skip
        return sent

    def prepare(self) -> None:
        """Load the expected issuers now (seconds of CPU: the region table), not on the event loop.

        Called when the alert role is registered, before the worker connects: a loop held that
        long while pages are in flight stalls the worker's producer.
        """
        if self._expected is None and any(set(s.filters.kinds) & set(DEADLINE_KINDS)
                                          for s in self.subscriptions()):  # fmt: skip
            self._expected = expected_issuers(Scope(), self.registry)

    async def _rows(self, engine: AsyncEngine, watched: list[Subscription]) -> list[CoverageRow]:
        """The rows of the issuers the subscriptions watch: governments' of their latest year due,
        departments' of theirs."""
        if self._expected is None:  # a deadline subscription added while running
            self._expected = await asyncio.to_thread(expected_issuers, Scope(), self.registry)
        today = beijing_today()
        rows: list[CoverageRow] = []
        for kind, department in (("government", False), ("department", True)):
            year = latest_year_due(today, department=department)
            expected = [issuer for issuer in self._expected if issuer.kind == kind and any(
                issuer_in_scope(issuer.region_code, issuer.province, issuer.level, issuer.kind, s.filters)
                for s in watched)]  # fmt: skip
            if not expected:
                continue
            rows += coverage_rows(expected, year, await year_reports(engine, year), today)
        return rows

    async def _may_call_overdue(self, engine: AsyncEngine, subscription: Subscription,
                                moment: datetime) -> bool:  # fmt: skip
        columns = scope_columns(self.registry, subscription.filters) if self.registry else []
        if not columns:
            if subscription.name not in self._warned:
                self._warned.add(subscription.name)
                log.warning("subscription %r asks for overdue alerts, but no crawled column is in its "
                            "scope: no issuer is called overdue without a crawl pass",
                            subscription.name)  # fmt: skip
            return False
        if not await crawl_has_looked(engine, columns, self.started_at, moment, self.done):
            self._looked_since.pop(subscription.name, None)
            return False
        since = self._looked_since.setdefault(subscription.name, moment)
        return (moment - since).total_seconds() >= self.settle
