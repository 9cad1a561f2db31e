"""Alert agent (role ``alert``): `fazhi.reports` -> deliveries and `fazhi.alerts`.

For each ``new`` or ``revised`` report event (``sighting`` never alerts) and each subscription it
matches, the alert is delivered to the subscription's channels and recorded as one `AlertEvent`
on ``fazhi.alerts`` (key = report id).

Dedup: the Faust table ``alert_sent`` (changelog-backed, so it survives restarts) maps each alert
id — (subscription, report id, kind), plus the content hash for a revision — to the channels
that accepted it. The report topic is keyed by report id, so the table partition holding an
alert is always the one this worker consumes.

Delivery guarantee, chosen: **at least once per channel, duplicates confined to a crash window
of milliseconds.** The order per report event is deliver -> mark the channels that accepted in
the table -> wait until the broker acknowledged the marks (`streams.acks.AcknowledgedTable`: a plain
table write sits in Faust's producer buffer, which a producer flush may leave behind) -> send the
`AlertEvent` and wait for its acknowledgement -> let Faust commit the offset. So:

- killed before delivering: the event is consumed again after the restart and delivered (nothing
  lost — marking *before* delivery would lose it for good, silently);
- killed after the broker acknowledged the mark: the table restored from the changelog says
  "sent", nothing is sent again;
- killed in between (the channel accepted, the mark was not acknowledged yet: one broker round
  trip) is the only case that re-sends; the message carries its deterministic ``alert_id`` so a
  receiver can drop it. Exactly-once to an external webhook would need the receiver's help.

A channel that failed all its tries is not marked: the next time the report event is consumed
(restart, ``fazhi replay``) only that channel is tried again, never the ones that accepted.
Anything else that goes wrong with a message (not a `ReportEvent`, a bug) becomes a dead letter
with stage ``alert``; the agent goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faust

from schemas.events import AlertEvent, ReportEvent, stable_id
from schemas.subscriptions import Subscription, SubscriptionsFile
from streams.acks import AcknowledgedTable
from streams.alerts.delivery import Notifier, build_alert, render_message
from streams.alerts.matching import matching_subscriptions
from streams.alerts.subscriptions import SubscriptionsError, load_subscriptions
from streams.clock import now
from streams.codec import ModelCodec
from streams.deadletter import send_dead_letter
from streams.observability.logs import log_context
from streams.settings import Settings
from streams.topics import Topics

__all__ = ["ALERT_CODEC", "ALERT_SENT_TABLE", "AlertAgents", "SubscriptionSource", "register"]

log = logging.getLogger(__name__)

ALERT_CODEC = ModelCodec(AlertEvent)
REPORT_CODEC = ModelCodec(ReportEvent)
ALERT_SENT_TABLE = "alert_sent"


def channel_key(url: str) -> str:
    """How a channel is remembered in the table: a hash, so no token or password is stored."""
    return stable_id("channel", url)[:16]


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
    sent: faust.types.TableT
    subscriptions: SubscriptionSource
    notifier: Notifier


def register(app: faust.App, topics: Topics, settings: Settings) -> AlertAgents:
    """Register the alert agent and its ``alert_sent`` dedup table on `app`.

    Raises `SubscriptionsError` when the subscriptions file is invalid (a missing one means none).
    """
    subscriptions = SubscriptionSource.open(settings.subscriptions_file)
    notifier = Notifier.from_settings(settings)
    sent = AcknowledgedTable.register(
        app,
        ALERT_SENT_TABLE,
        default=None,
        partitions=settings.partitions,
        # JSON keys: with the raw default they would come back as bytes after a changelog recovery.
        schema=faust.Schema(key_type=str, key_serializer="json", value_serializer="json"),
        help="Per alert id: hashes of the channels that accepted it (dedup across restarts).",
    )

    async def alert_reports(stream: faust.StreamT[bytes]) -> Any:
        async for event in stream.events():
            try:
                report = REPORT_CODEC.loads(event.value)
                log_context(url=report.url, page_id=report.report_id)
                alerts = await _alert(report, subscriptions.current(), notifier, sent)
                # The dedup marks first: an alert event on the topic means its mark survives a crash.
                await sent.acknowledged()
                published = [await topics.alerts.send(key=report.report_id.encode(),
                                                      value=ALERT_CODEC.dumps(alert)) for alert in alerts]
                # Alert events acknowledged before the offset can be committed.
                await asyncio.gather(*published)
            except Exception as exc:  # any failure is a dead letter: none may stop the agent
                if not isinstance(exc, ValueError):
                    log.exception("alert failed on %s[%s]@%s", event.message.topic,
                                  event.message.partition, event.message.offset)  # fmt: skip
                await send_dead_letter(topics, stage="alert", error=exc, payload=event.value, event=event)
                alerts = []
            yield alerts

    agent = app.agent(topics.reports, name="fazhi.alert")(alert_reports)
    return AlertAgents(alert=agent, sent=sent, subscriptions=subscriptions, notifier=notifier)


async def _alert(
    report: ReportEvent,
    subscriptions: Sequence[Subscription],
    notifier: Notifier,
    sent: Any,
) -> list[AlertEvent]:
    """Deliver the alerts `report` triggers to the channels that have not accepted them yet."""
    jobs: list[tuple[Subscription, AlertEvent, list[str], list[str]]] = []
    for subscription in matching_subscriptions(report, subscriptions):
        alert = build_alert(subscription, report)
        accepted = list((sent.get(alert.event_id) or {}).get("channels", ()))
        pending = [url for url in subscription.channels if channel_key(url) not in accepted]
        if pending:
            jobs.append((subscription, alert, accepted, pending))
    # Concurrently: a subscription whose channels fail does not wait for, nor hold up, the others.
    deliveries = await asyncio.gather(*(notifier.deliver(render_message(alert, report), pending)
                                        for _, alert, _, pending in jobs))  # fmt: skip
    results = []
    for (subscription, alert, accepted, pending), delivery in zip(jobs, deliveries, strict=True):
        newly = [channel_key(url) for url, o in zip(pending, delivery.outcomes, strict=True) if o.delivered]
        if newly:
            sent[alert.event_id] = {"channels": accepted + newly, "at": now().isoformat()}
        if not delivery.delivered:
            log.warning("alert %s (%s, %s) not delivered: %s", alert.event_id, subscription.name,
                        report.report_id, delivery.last_error)  # fmt: skip
        results.append(alert.model_copy(update={
            # The whole subscription: every one of its channels has the alert now.
            "delivered": len(accepted) + len(newly) == len(subscription.channels),
            "attempts": delivery.attempts,
            "last_error": delivery.last_error,
        }))  # fmt: skip
    return results
