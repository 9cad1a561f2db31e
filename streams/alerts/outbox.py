"""The alert outbox: every delivery is a database row before it is tried, so none is lost or repeated.

The alert agent (and any other alert source, e.g. overdue watches) calls `Outbox.enqueue`, which
writes one row per (alert id, channel) and returns: a slow or failing channel never holds up the
partition that carries reports. The sender (`Outbox.run`, a task of the ``alert`` role) drains the
rows that are due:

    pending --try ok--> sent
       |  \\--try failed--> failed (next_attempt_at = now + backoff) --...--> sent
       |                                 \\--tries used up--> dead (logged, AlertEvent delivered=false)

Retries are tenacity's (`RetryPolicy.retrying`); each failed try is written to the row (attempts,
last error, when the next try is due) before the wait, so a restart resumes the schedule instead
of starting it over. A channel that keeps failing ends ``dead`` after FAZHI_ALERT_MAX_ATTEMPTS
tries in all: reported in the log, on ``fazhi.alerts`` (an `AlertEvent` with ``delivered`` false)
and in ``fazhi_alerts_sent_total{outcome="dead"}``, not retried forever.

Exactly which rows exist is the dedup: (alert id, channel) is the primary key and `enqueue`
inserts with ON CONFLICT DO NOTHING, so an alert enqueued again after a restart or a replay is
never sent again once sent. What remains is the crash window of one try: a worker killed after a
channel accepted and before the row says ``sent`` sends that alert again after the restart, with
the same ``alert_id`` in the message (a receiver can drop it).

Several workers can drain one outbox: a row is claimed by moving its ``next_attempt_at`` one try
ahead (a lease) with a conditional UPDATE; a worker that dies with a claim leaves a row that is due
again when the lease ends. Channel URLs are not stored (they may hold tokens): a row keeps a hash
and the redacted URL, and the sender finds the URL among the channels it knows (the subscriptions'
and those given to `enqueue`). A row whose channel is in no subscription any more ends ``dead``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from tenacity import RetryCallState

from schemas.events import AlertEvent, stable_id
from streams.alerts._channels import redact
from streams.alerts.delivery import AlertMessage, ChannelFailed, Notifier
from streams.clock import now
from streams.observability.logs import log_context
from streams.observability.metrics import ALERTS_SENT
from streams.sink.tables import alert_outbox
from streams.state.database import Database

__all__ = ["FINAL_STATES", "Outbox", "OutboxRow", "channel_key"]

log = logging.getLogger(__name__)

PENDING, FAILED, SENT, DEAD = "pending", "failed", "sent", "dead"
FINAL_STATES = (SENT, DEAD)
LEASE_MARGIN = 5.0  # seconds a claim outlives one try's timeout


def channel_key(url: str) -> str:
    """How a channel is recorded: a hash, so no token or password is stored."""
    return stable_id("channel", url)[:16]


def _scheme(url: str) -> str:
    return url.partition("://")[0].lower() or "unknown"


@dataclass(frozen=True, slots=True)
class OutboxRow:
    alert_id: str
    channel_key: str
    channel: str  # redacted
    scheme: str
    subscription: str
    kind: str
    report_id: str | None
    alert: dict[str, Any]
    title: str
    body: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None


class Outbox:
    """Persisted alert deliveries: `enqueue` (idempotent), and the sender (`run`, `send_due`).

    `publish` receives the final `AlertEvent` of each row (the alert role sends it to
    ``fazhi.alerts``); `channels` lists the channel URLs the sender may resolve rows to (the
    current subscriptions'). `sleep` is what waits between tries (tests record the backoff).
    """

    def __init__(
        self,
        database: Database,
        notifier: Notifier,
        *,
        publish: Callable[[AlertEvent], Awaitable[Any]] | None = None,
        channels: Callable[[], Iterable[str]] = tuple,
        poll_interval: float = 1.0,
        batch: int = 100,
        sleep: Callable[[float], Awaitable[object]] | None = None,
    ) -> None:
        self.database, self.notifier = database, notifier
        self.policy = notifier.policy
        self._publish = publish
        self._channels = channels
        self._known: dict[str, str] = {}  # channel key -> URL, from enqueue
        self.poll_interval, self.batch = poll_interval, batch
        self._wait = sleep or notifier.sleep
        self._wake = asyncio.Event()
        self._closing = asyncio.Event()
        self._inflight: dict[tuple[str, str], asyncio.Task[None]] = {}

    # --- enqueue

    async def enqueue(self, alert: AlertEvent, message: AlertMessage, channels: Sequence[str]) -> None:
        """Record `alert` for delivery to each of `channels`; a row that exists is left as it is.

        Returns once the rows are committed; delivery happens later, in the sender. `alert` needs
        no report behind it (``report_id`` is stored when it has one).
        """
        if not channels:
            return
        moment = now()
        record = alert.model_dump(mode="json")
        rows = []
        for url in dict.fromkeys(channels):
            key = channel_key(url)
            self._known[key] = url
            rows.append({
                "alert_id": alert.event_id, "channel_key": key, "channel": redact(url),
                "scheme": _scheme(url),
                "subscription": alert.subscription, "kind": str(alert.kind), "report_id": alert.report_id,
                "alert": record, "title": message.title, "body": message.body, "state": PENDING,
                "attempts": 0, "next_attempt_at": moment, "last_error": None, "created_at": moment,
                "updated_at": moment,
            })  # fmt: skip

        async def work(connection: AsyncConnection) -> None:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(alert_outbox).on_conflict_do_nothing(
                index_elements=["alert_id", "channel_key"])
            await connection.execute(statement, rows)

        await self.database.write(work)
        self._wake.set()

    # --- reading

    async def rows(self) -> list[OutboxRow]:
        async with self.database.reading() as connection:
            result = await connection.execute(select(*_ROW_COLUMNS).order_by(alert_outbox.c.created_at))
            return [OutboxRow(**row._mapping) for row in result]

    async def counts(self) -> Counter[str]:
        """Rows per state."""
        async with self.database.reading() as connection:
            result = await connection.execute(
                select(alert_outbox.c.state, func.count()).group_by(alert_outbox.c.state))
            return Counter({state: count for state, count in result})

    # --- the sender

    async def run(self) -> None:
        """Drain due rows until cancelled: woken by `enqueue`, else every `poll_interval` seconds."""
        while True:
            try:
                await self.send_due()
            except Exception:  # the database may be away a moment: the next round tries again
                log.exception("alert outbox: sending due deliveries failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)

    async def send_due(self) -> int:
        """Claim the rows that are due and start their deliveries; how many were started."""
        if self._closing.is_set():
            return 0
        moment = now()
        async with self.database.reading() as connection:
            result = await connection.execute(
                select(*_ROW_COLUMNS)
                .where(alert_outbox.c.state.in_((PENDING, FAILED)),
                       alert_outbox.c.next_attempt_at <= moment)
                .order_by(alert_outbox.c.next_attempt_at).limit(self.batch))
            due = [OutboxRow(**row._mapping) for row in result]
        started = 0
        for row in due:
            key = (row.alert_id, row.channel_key)
            # The sender may have begun closing while this round read or claimed: a delivery started now
            # could reach its channel after the worker is gone, its row not saying so.
            if self._closing.is_set():
                break
            if key in self._inflight or not await self._claim(row, moment) or self._closing.is_set():
                continue
            task = asyncio.ensure_future(self._deliver(row))
            self._inflight[key] = task
            task.add_done_callback(lambda _, key=key: self._inflight.pop(key, None))
            started += 1
        return started

    async def drain(self) -> None:
        """Wait for the deliveries in progress (tests, shutdown)."""
        while self._inflight:
            await asyncio.gather(*list(self._inflight.values()), return_exceptions=True)

    async def close(self) -> None:
        """Stop sending: a try in progress may finish (one timeout at most), waits between tries end.

        A try cut short would leave a channel that accepted the alert with a row that says it did
        not (sent again after the restart); a row waiting for its next try is recorded already.
        """
        self._closing.set()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.policy.timeout + 2.0
        while self._inflight:       # and any started while this waits
            tasks = list(self._inflight.values())
            _, late = await asyncio.wait(tasks, timeout=max(0.0, deadline - loop.time()))
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _sleep(self, seconds: float) -> None:
        """The wait between tries; ends the delivery when the sender closes (its row is recorded)."""
        waits = [asyncio.ensure_future(self._wait(seconds)), asyncio.ensure_future(self._closing.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        if self._closing.is_set():
            raise _Closing

    def _lease(self, wait: float = 0.0) -> timedelta:
        return timedelta(seconds=wait + self.policy.timeout + 1.0 + LEASE_MARGIN)

    async def _claim(self, row: OutboxRow, moment: datetime) -> bool:
        async with self.database.writing() as connection:
            result = await connection.execute(
                update(alert_outbox)
                .where(_key(row), alert_outbox.c.state == row.state,
                       alert_outbox.c.next_attempt_at == row.next_attempt_at)
                .values(next_attempt_at=moment + self._lease()))
            return result.rowcount == 1

    def _resolve(self, key: str) -> str | None:
        if key not in self._known:
            for url in self._channels():
                self._known.setdefault(channel_key(url), url)
        return self._known.get(key)

    async def _deliver(self, row: OutboxRow) -> None:
        log_context(url=row.alert.get("url"), page_id=row.report_id)  # a task of its own: nothing leaks
        url = self._resolve(row.channel_key)
        if url is None:
            await self._finish(row, DEAD, row.attempts, "the channel is in no subscription any more")
            return
        message = AlertMessage(row.title, row.body)

        async def once() -> None:
            error = await self.notifier.send_once(url, message)
            if error is not None:
                ALERTS_SENT.labels(channel=row.scheme, outcome="failed").inc()
                raise ChannelFailed(error)

        async def record_failure(state: RetryCallState) -> None:
            # Written before the wait: a restart resumes the schedule (and the count of tries).
            error = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0.0
            log.info("alert %s to %s failed (try %d of %d): %s", row.alert_id, row.channel,
                     row.attempts + state.attempt_number, self.policy.max_attempts, error)  # fmt: skip
            await self._update(row, state=FAILED, attempts=row.attempts + state.attempt_number,
                               last_error=_short(error),
                               next_attempt_at=now() + self._lease(wait))  # fmt: skip

        retrying = self.policy.retrying(done=row.attempts, rng=self.notifier.rng, sleep=self._sleep,
                                        before_sleep=record_failure)  # fmt: skip
        try:
            await retrying(once)
        except _Closing:
            return  # the row says when its next try is due
        except ChannelFailed as exc:
            attempts = row.attempts + retrying.statistics["attempt_number"]
            await self._finish(row, DEAD, attempts, _short(exc))
            return
        ALERTS_SENT.labels(channel=row.scheme, outcome="delivered").inc()
        await self._finish(row, SENT, row.attempts + retrying.statistics["attempt_number"], None)

    async def _finish(self, row: OutboxRow, state: str, attempts: int, error: str | None) -> None:
        await self._update(row, state=state, attempts=attempts, last_error=error)
        if state == DEAD:
            ALERTS_SENT.labels(channel=row.scheme, outcome="dead").inc()
            log.warning("alert %s (%s) to %s given up after %d tries: %s", row.alert_id, row.subscription,
                        row.channel, attempts, error)  # fmt: skip
        if self._publish is not None:
            event = AlertEvent.model_validate(row.alert).model_copy(
                update={"delivered": state == SENT, "attempts": attempts, "last_error": error})
            try:
                await self._publish(event)
            except Exception:  # the row is the record; the topic is for watchers
                log.exception("alert %s: its outcome could not be published", row.alert_id)

    async def _update(self, row: OutboxRow, **values: Any) -> None:
        statement = update(alert_outbox).where(_key(row)).values(updated_at=now(), **values)

        async def work(connection: AsyncConnection) -> None:
            await connection.execute(statement)

        await self.database.write(work)

    # --- retention

    async def prune(self, before: datetime) -> int:
        """Delete sent and dead rows last updated before `before`; how many were deleted.

        The alert agent's long-term dedup is ``alerted_versions`` (one row per report version),
        so a replay of an old report does not alert again once its rows are gone.
        """
        async with self.database.writing() as connection:
            result = await connection.execute(
                delete(alert_outbox).where(alert_outbox.c.state.in_(FINAL_STATES),
                                           alert_outbox.c.updated_at < before))  # fmt: skip
            return result.rowcount or 0


class _Closing(Exception):
    """The sender closes during a wait between tries."""


_ROW_COLUMNS = [alert_outbox.c[name] for name in OutboxRow.__dataclass_fields__]


def _key(row: OutboxRow) -> Any:
    return and_(alert_outbox.c.alert_id == row.alert_id, alert_outbox.c.channel_key == row.channel_key)


def _short(error: BaseException | str | None) -> str | None:
    return None if error is None else str(error)[:500]
