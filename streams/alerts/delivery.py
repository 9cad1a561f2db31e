"""Alert messages and their delivery to Apprise channels: one try bounded by a timeout, retries by tenacity.

- `build_alert` / `render_message`: the `AlertEvent` of a report for a subscription, and its text;
- `Notifier.send_once`: one try of one channel (the outbox sender, `streams.alerts.outbox`, retries
  it with `RetryPolicy.retrying`, persisting each failure so a restart resumes the schedule);
- `Notifier.deliver`: every channel concurrently, each retried in place (``fazhi alerts test``).

Backoff before retry n is ``base * 2^(n-1)``, capped, with "equal jitter" (between half and all of
it) so that many failing alerts do not retry in lock-step. A try that hangs costs at most the
timeout. The outcome is recorded on the `AlertEvent` that goes to ``fazhi.alerts`` (``delivered``,
``attempts``, ``last_error``): failures are visible there, never dropped silently.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import apprise
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from schemas.events import AlertEvent, ReportEvent, stable_id
from schemas.subscriptions import Subscription
from streams import clock
from streams.alerts._channels import ChannelError, load_channel, redact
from streams.settings import Settings

__all__ = ["AlertMessage", "ChannelFailed", "ChannelOutcome", "Delivery", "Notifier", "RetryPolicy",
           "build_alert", "render_message"]  # fmt: skip

log = logging.getLogger(__name__)

_KIND_LABEL = {"new": "新发布", "revised": "已修订", "overdue": "逾期未发布", "late": "晚于期限发布"}
_MAX_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    timeout: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_attempts=settings.alert_max_attempts,
            base_delay=settings.alert_retry_base_delay,
            max_delay=settings.alert_retry_max_delay,
            timeout=settings.alert_channel_timeout,
        )

    def backoff(self, retry: int, draw: float) -> float:
        """Seconds to wait before retry number `retry` (1 = the second try); `draw` in [0, 1)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (retry - 1))
        # "Equal jitter": at least half the backoff, so a failing channel is never hammered.
        return ceiling / 2 + ceiling / 2 * draw

    def retrying(
        self,
        *,
        done: int = 0,
        rng: random.Random | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        before_sleep: Callable[[RetryCallState], Awaitable[None] | None] | None = None,
    ) -> AsyncRetrying:
        """Tenacity's retrying of `ChannelFailed`: the tries left after `done`, this policy's backoff.

        The last failure is re-raised (``reraise``); `before_sleep` sees each failure and the wait.
        """
        draw = (rng or random.Random()).random
        return AsyncRetrying(
            retry=retry_if_exception_type(ChannelFailed),
            stop=stop_after_attempt(max(self.max_attempts - done, 1)),
            wait=lambda state: self.backoff(done + state.attempt_number, draw()),
            sleep=sleep,
            before_sleep=before_sleep,
            reraise=True,
        )


class ChannelFailed(Exception):
    """One try of a channel failed; the message says why (tenacity retries on it)."""


@dataclass(frozen=True, slots=True)
class AlertMessage:
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class ChannelOutcome:
    channel: str  # redacted URL: safe to log and to record
    delivered: bool
    attempts: int
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    outcomes: tuple[ChannelOutcome, ...]

    @property
    def delivered(self) -> bool:
        """Every channel accepted the alert."""
        return all(o.delivered for o in self.outcomes)

    @property
    def attempts(self) -> int:
        return sum(o.attempts for o in self.outcomes)

    @property
    def last_error(self) -> str | None:
        errors = [f"{o.channel}: {o.error}" for o in self.outcomes if not o.delivered]
        return "; ".join(errors)[:_MAX_ERROR_CHARS] if errors else None


def alert_id(subscription: str, report: ReportEvent) -> str:
    """Deterministic id and dedup key of one alert: a replayed report gives the same id.

    (subscription, report id, kind), and for a revision its content hash too: each revision of a
    report alerts once, a replay of one does not alert again.
    """
    revision = report.content_hash if report.kind == "revised" else None
    return stable_id("alert", subscription, report.report_id, report.kind, revision)


def build_alert(
    subscription: Subscription, report: ReportEvent, *, now: datetime | None = None
) -> AlertEvent:
    """The `AlertEvent` of `report` for `subscription` (not delivered yet)."""
    if report.kind not in _KIND_LABEL:
        raise ValueError(f"no alert for a report event of kind {report.kind!r}")
    return AlertEvent(
        event_id=alert_id(subscription.name, report),
        subscription=subscription.name,
        report_id=report.report_id,
        kind=report.kind,
        title=report.title,
        issuer=report.facts.issuer,
        url=report.canonical_url,
        created_at=now or clock.now(),
    )


def render_message(alert: AlertEvent, report: ReportEvent | None = None) -> AlertMessage:
    """Title and plain-text body: issuer, region, year, URL, kind (readable in every channel)."""
    facts = report.facts if report is not None else None
    year = facts.report_year if facts else None
    subject = alert.issuer or alert.title or alert.report_id
    title = f"[法治政府报告·{_KIND_LABEL[alert.kind]}] {subject}" + (f" {year}年度" if year else "")
    region = None
    if facts is not None:
        parts = [facts.region.province, facts.region.prefecture, facts.region.county, facts.region.township]
        names = "".join(dict.fromkeys(p for p in parts if p))  # 北京市北京市 -> 北京市
        region = " ".join(x for x in (names, f"({facts.region.code})" if facts.region.code else "") if x)
    lines = [
        f"标题: {alert.title or '-'}",
        f"发布机关: {alert.issuer or '-'}",
        f"地区: {region or '-'}",
        f"年度: {year or '-'}",
        f"类型: {alert.kind} ({_KIND_LABEL[alert.kind]})",
        f"链接: {alert.url}",
        f"订阅: {alert.subscription}",
        f"alert_id: {alert.event_id}",  # lets a receiver drop a redelivered alert
    ]
    if facts is not None and facts.indicators:
        lines.insert(4, f"指标: {len(facts.indicators)} 项")
    return AlertMessage(title=title, body="\n".join(lines))


@dataclass
class Notifier:
    """Sends alert messages to Apprise channel URLs; holds one `Apprise` object per channel."""

    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    _channels: dict[str, apprise.Apprise] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Notifier:
        return cls(RetryPolicy.from_settings(settings))

    async def send_once(self, url: str, message: AlertMessage) -> str | None:
        """One try of one channel: None when it accepted, else why not (never raises)."""
        try:
            channel = self._channel(url)
        except ChannelError as exc:
            # Subscriptions are checked at load time; this only guards a hand-built call.
            return str(exc)
        return await self._try(channel, message)

    async def deliver(self, message: AlertMessage, channels: Sequence[str]) -> Delivery:
        """Send `message` to every channel concurrently, each with its retries; never raises."""
        outcomes = await asyncio.gather(*(self._deliver_one(message, url) for url in channels))
        return Delivery(tuple(outcomes))

    async def deliver_alert(
        self, alert: AlertEvent, channels: Sequence[str], report: ReportEvent | None = None
    ) -> AlertEvent:
        """Deliver `alert` and return it with ``delivered``, ``attempts`` and ``last_error`` filled."""
        delivery = await self.deliver(render_message(alert, report), channels)
        if not delivery.delivered:
            log.warning("alert %s (%s, %s) not delivered: %s", alert.event_id, alert.subscription,
                        alert.report_id, delivery.last_error)  # fmt: skip
        return alert.model_copy(update={
            "delivered": delivery.delivered,
            "attempts": delivery.attempts,
            "last_error": delivery.last_error,
        })  # fmt: skip

    async def _deliver_one(self, message: AlertMessage, url: str) -> ChannelOutcome:
        shown = redact(url)

        async def once() -> None:
            error = await self.send_once(url, message)
            if error is not None:
                log.info("alert to %s failed: %s", shown, error)
                raise ChannelFailed(error)

        retrying = self.policy.retrying(rng=self.rng, sleep=self.sleep)
        try:
            await retrying(once)
        except ChannelFailed as exc:
            return ChannelOutcome(shown, False, retrying.statistics["attempt_number"], str(exc))
        return ChannelOutcome(shown, True, retrying.statistics["attempt_number"])

    async def _try(self, channel: apprise.Apprise, message: AlertMessage) -> str | None:
        """One try; the error text, or None on success."""
        timeout = self.policy.timeout
        try:
            # Apprise's own deadline first; wait_for is the backstop should a plugin ignore it.
            result = await asyncio.wait_for(
                channel.async_notify(body=message.body, title=message.title, timeout=timeout),
                timeout + 1.0,
            )
        except TimeoutError:
            return f"timed out after {timeout:g} s"
        except Exception as exc:  # a plugin bug must not take the worker down
            return f"{type(exc).__name__}: {exc}"
        if result:
            return None
        return _result_error(result, timeout)

    def _channel(self, url: str) -> apprise.Apprise:
        channel = self._channels.get(url)
        if channel is None:
            channel = self._channels[url] = load_channel(url)
        return channel


def _result_error(result: object, timeout: float) -> str:
    status = getattr(result, "status", None)
    if status is not None and status == apprise.AppriseResultStatus.TIMEOUT:
        return f"timed out after {timeout:g} s"
    logs = getattr(result, "logs", None)
    messages = []
    if callable(logs):
        messages = [e.message for e in logs() if e.level in ("WARNING", "ERROR", "CRITICAL")]
    return (messages[-1] if messages else "the channel reported a failure")[:_MAX_ERROR_CHARS]
