"""Alert role: `fazhi.reports` -> the alert outbox -> channels, and outcomes on `fazhi.alerts`.

- **alert** agent: for each ``new`` or ``revised`` report event (``sighting`` never alerts) whose
  version the database does not know as alerted, and each subscription it matches, the alert is
  written to the outbox (`streams.alerts.outbox.Outbox.enqueue`: one row per alert and channel);
  then the version is marked alerted (``alerted_versions``). Nothing is delivered here, so a slow
  or dead channel never stalls the partition that carries reports.
- **sender** (a task): drains the outbox with retries and backoff; each row's final outcome goes
  to ``fazhi.alerts`` as an `AlertEvent` (key = report id; ``delivered`` false for a channel given up).
- **retention** (a timer): sent and dead outbox rows older than FAZHI_ALERT_OUTBOX_RETENTION_DAYS
  are deleted; ``alerted_versions`` keeps the dedup of their report versions.

Dedup is the database's: the outbox's primary key (alert id, channel) and ``alerted_versions``;
both outlive the worker and its broker. Alert ids are deterministic — (subscription, report id,
kind), plus the content hash for a revision — so a report event consumed again (restart, replay,
``fazhi replay``) enqueues nothing new. Anything that goes wrong with a message (not a
`ReportEvent`, a bug) becomes a dead letter with stage ``alert``; the agent goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import faust

from schemas.events import AlertEvent, ReportEvent
from schemas.registry import Registry
from schemas.subscriptions import Subscription, SubscriptionsFile
from streams.alerts.deadline_watch import DeadlineWatch
from streams.alerts.delivery import Notifier, build_alert, render_message
from streams.alerts.holding import AlertDispatcher, Dispatch
from streams.alerts.matching import matching_subscriptions
from streams.alerts.outbox import Outbox, channel_key
from streams.alerts.subscriptions import SubscriptionsError, load_subscriptions
from streams.clock import now
from streams.codec import ModelCodec
from streams.deadletter import send_dead_letter
from streams.observability.logs import log_context
from streams.settings import Settings
from streams.state.database import Database
from streams.state.pages import PageLedger
from streams.state.reports import ReportLedger
from streams.topics import Topics

__all__ = ["ALERT_CODEC", "AlertAgents", "SubscriptionSource", "channel_key", "register"]

log = logging.getLogger(__name__)

ALERT_CODEC = ModelCodec(AlertEvent)
REPORT_CODEC = ModelCodec(ReportEvent)


@dataclass
class SubscriptionSource:
    """The subscriptions in force; re-read when the file changes (checked per report event).

    A file that becomes invalid while running keeps the previous subscriptions (logged as an
    error): a typo must not switch every alert off. At start an invalid file is an error.
    """

    path: Path | None
    _loaded: SubscriptionsFile = field(default_factory=SubscriptionsFile)
    _stamp: tuple[int, int] | None = None

    @classmethod
    def open(cls, path: Path | None) -> SubscriptionSource:
        source = cls(path)
        source._refresh(strict=True)
        return source

    @classmethod
    def fixed(cls, subscriptions: SubscriptionsFile) -> SubscriptionSource:
        return cls(None, subscriptions)

    def current(self) -> list[Subscription]:
        self._refresh(strict=False)
        return self._loaded.subscriptions

    def _refresh(self, *, strict: bool) -> None:
        if self.path is None:
            return
        try:
            info = self.path.stat()
            stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp == self._stamp and (stamp is not None or not strict):
            return
        try:
            loaded = load_subscriptions(self.path, missing_ok=True)
        except SubscriptionsError as exc:
            if strict:
                raise
            log.error("subscriptions not reloaded, keeping the previous ones: %s", exc)
            self._stamp = stamp  # report a broken file once, not on every event
            return
        self._loaded, self._stamp = loaded, stamp
        log.info("alert subscriptions: %d from %s", len(loaded.subscriptions), self.path)


@dataclass(frozen=True, slots=True)
class AlertAgents:
    """What `register` added to the app (tests drive the agent through `agent.test_context()`)."""

    alert: faust.types.AgentT
    outbox: Outbox
    ledger: ReportLedger
    subscriptions: SubscriptionSource
    notifier: Notifier
    dispatcher: AlertDispatcher
    deadlines: DeadlineWatch


def register(app: faust.App, topics: Topics, settings: Settings) -> AlertAgents:
    """Register the alert agent, the outbox sender and its retention on `app`.

    Raises `SubscriptionsError` when the subscriptions file is invalid (a missing one means none).
    """
    subscriptions = SubscriptionSource.open(settings.subscriptions_file)
    notifier = Notifier.from_settings(settings)
    database = Database.for_app(app, settings.database_url)
    ledger = ReportLedger(database)

    async def publish(alert: AlertEvent) -> None:
        await topics.alerts.send(key=(alert.report_id or alert.subscription).encode(),
                                 value=ALERT_CODEC.dumps(alert))  # fmt: skip

    def channels() -> Iterator[str]:
        for subscription in subscriptions.current():
            yield from subscription.channels

    outbox = Outbox(database, notifier, publish=publish, channels=channels,
                    poll_interval=settings.alert_outbox_poll_interval)  # fmt: skip
    # Digests and quiet hours hold alerts in the database; the rest go straight to the outbox.
    dispatcher = AlertDispatcher(database.engine, outbox.enqueue)
    # A page is "done" for the watch once stored, whatever the broker (not only once fetched).
    done = PageLedger(database, broker_keeps_messages=False).done_condition()
    deadlines = DeadlineWatch(database.engine, _registry(settings), subscriptions.current,
                              dispatcher.dispatch, done, settle=settings.deadline_settle)  # fmt: skip
    deadlines.prepare()

    async def alert_reports(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():
            try:
                report = REPORT_CODEC.loads(event.value)
                log_context(url=report.url, page_id=report.report_id)
                alerts = await enqueue_alerts(report, subscriptions.current(), dispatcher.dispatch, ledger)
            except Exception as exc:  # any failure is a dead letter: none may stop the agent
                if not isinstance(exc, ValueError):
                    log.exception("alert failed on %s[%s]@%s", event.message.topic,
                                  event.message.partition, event.message.offset)  # fmt: skip
                await send_dead_letter(topics, stage="alert", error=exc, payload=event.value, event=event)
                alerts = []
            yield alerts

    @app.task
    async def send_alerts() -> None:
        await outbox.run()

    @app.timer(settings.retention_interval)
    async def prune_outbox() -> None:
        before = now() - timedelta(days=settings.alert_outbox_retention_days)
        if deleted := await outbox.prune(before):
            log.info("alert outbox: %d sent or dead rows older than %s deleted", deleted, before)

    @app.timer(settings.deadline_check_interval)
    async def watch_deadlines() -> None:
        try:
            await deadlines.check()
            await dispatcher.release(subscriptions.current())
        except Exception:  # the database is away or a bug: the next round tries again
            log.exception("deadline watch failed; trying again in %g s", settings.deadline_check_interval)

    @app.on_before_shutdown.connect
    async def stop_sender(app: faust.App, **_: Any) -> None:
        await outbox.close()

    # Concurrency 1 (the default, kept on purpose): events of a report are handled in order, and
    # Faust commits no offset past an event still in progress (faust-streaming #606/#316).
    agent = app.agent(topics.reports, name="fazhi.alert", concurrency=1)(alert_reports)
    return AlertAgents(alert=agent, outbox=outbox, ledger=ledger, subscriptions=subscriptions,
                       notifier=notifier, dispatcher=dispatcher, deadlines=deadlines)  # fmt: skip


def _registry(settings: Settings) -> Registry | None:
    """The portal registry the crawl role uses (overdue needs its columns); None without one."""
    if settings.crawl_registry is None:
        return None
    from crawlers.registry import load_registry

    return load_registry(settings.crawl_registry, check_regions=False)


async def enqueue_alerts(
    report: ReportEvent, subscriptions: list[Subscription], dispatch: Dispatch, ledger: ReportLedger
) -> list[AlertEvent]:
    """Write the alerts `report` triggers to the outbox; the alerts enqueued (none for a known version).

    The version is marked alerted after its rows are committed: a worker killed in between
    enqueues again after the restart, which the outbox's key makes a no-op.
    """
    matched = matching_subscriptions(report, subscriptions)
    if report.kind == "sighting" or await ledger.alerted(report.report_id, report.content_hash):
        return []
    alerts = []
    for subscription in matched:
        alert = build_alert(subscription, report)
        await dispatch(subscription, alert, render_message(alert, report))
        alerts.append(alert)
    await ledger.mark_alerted(report.report_id, report.content_hash)
    return alerts
