"""Daily digests and quiet hours: alerts held in the database, released to the outbox later.

A subscription with ``digest: daily`` gets one message per Beijing day listing that day's alerts,
sent after the day ends; one with ``quiet_hours: "22:00-08:00"`` gets each alert held while the
hours last and sent when they end (a digest due within quiet hours waits for their end too).
Held alerts are rows of ``alert_held``: a restart neither loses nor repeats them (a digest's id
is made of the ids it holds, and the outbox drops an id it has).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from schemas.events import AlertEvent, stable_id
from schemas.subscriptions import Subscription
from streams import clock
from streams.alerts.delivery import AlertMessage
from streams.sink.database import write_lock
from streams.sink.tables import alert_held

__all__ = ["AlertDispatcher", "Dispatch", "digest_message", "quiet_end", "release_time"]

log = logging.getLogger(__name__)

BEIJING = timezone(timedelta(hours=8))
Send = Callable[[AlertEvent, AlertMessage, Sequence[str]], Awaitable[None]]
#: Hand an alert of a subscription on (`AlertDispatcher.dispatch`).
Dispatch = Callable[[Subscription, AlertEvent, AlertMessage], Awaitable[None]]


def _clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def quiet_end(spec: str | None, moment: datetime) -> datetime | None:
    """The end of the quiet hours `moment` falls in (Beijing time), or None outside them."""
    if not spec:
        return None
    start, end = (_clock_time(part) for part in spec.split("-"))
    local = moment.astimezone(BEIJING)
    today = local.date()
    if start == end:
        return None
    if start < end:  # 01:00-06:00
        inside = start <= local.time() < end
        end_day = today
    else:  # 22:00-08:00 spans midnight
        inside = local.time() >= start or local.time() < end
        end_day = today + timedelta(days=1) if local.time() >= start else today
    return datetime.combine(end_day, end, tzinfo=BEIJING) if inside else None


def release_time(subscription: Subscription, moment: datetime) -> tuple[date | None, datetime] | None:
    """(digest day, when to send) for an alert created at `moment`; None: send it now."""
    if subscription.digest == "daily":
        day = moment.astimezone(BEIJING).date()
        at = datetime.combine(day + timedelta(days=1), time(), tzinfo=BEIJING)
        return day, quiet_end(subscription.quiet_hours, at) or at
    end = quiet_end(subscription.quiet_hours, moment)
    return (None, end) if end is not None else None


def digest_message(subscription: str, day: date, held: Sequence[tuple[str, str, str]]) -> AlertMessage:
    """One message for a day's alerts: (alert id, title, body) of each, in the order they came."""
    lines = [f"订阅: {subscription}", f"日期: {day.isoformat()}", f"共 {len(held)} 条", ""]
    for number, (_, title, body) in enumerate(held, 1):
        lines.append(f"{number}. {title}")
        lines += [f"   {line}" for line in body.splitlines() if line.startswith(("链接", "发布机关", "期限"))]
    title = f"[法治政府报告·每日摘要] {day.isoformat()} {len(held)} 条"
    return AlertMessage(title=title, body="\n".join(lines))


@dataclass
class AlertDispatcher:
    """Where an alert goes: straight to the outbox (`send`), or held for a digest or quiet hours."""

    engine: Callable[[], Awaitable[AsyncEngine]]
    send: Send

    async def dispatch(self, subscription: Subscription, alert: AlertEvent, message: AlertMessage) -> None:
        moment = clock.now()
        hold = release_time(subscription, moment)
        if hold is None:
            await self.send(alert, message, subscription.channels)
            return
        day, at = hold
        row = {"alert_id": alert.event_id, "subscription": subscription.name, "kind": alert.kind,
               "alert": alert.model_dump(mode="json"), "title": message.title, "body": message.body,
               "digest_day": day, "release_at": at, "released_at": None, "created_at": moment}  # fmt: skip
        engine = await self.engine()
        async with write_lock(engine), engine.begin() as connection:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            await connection.execute(dialect.insert(alert_held).on_conflict_do_nothing(
                index_elements=["alert_id"]), [row])  # fmt: skip

    async def release(self, subscriptions: Iterable[Subscription]) -> int:
        """Send what is due: each digest as one message, each quiet-hours alert as it was. How many sent."""
        by_name = {s.name: s for s in subscriptions}
        moment = clock.now()
        engine = await self.engine()
        async with engine.connect() as connection:
            due = (await connection.execute(
                select(alert_held)
                .where(alert_held.c.released_at.is_(None), alert_held.c.release_at <= moment)
                .order_by(alert_held.c.created_at, alert_held.c.alert_id))).mappings().all()  # fmt: skip
        digests: dict[tuple[str, date], list] = {}
        jobs: list[tuple[list[str], AlertEvent, AlertMessage, Subscription | None]] = []
        for row in due:
            if row["digest_day"] is not None:
                digests.setdefault((row["subscription"], row["digest_day"]), []).append(row)
            else:
                jobs.append(([row["alert_id"]], AlertEvent.model_validate(row["alert"]),
                             AlertMessage(row["title"], row["body"]), by_name.get(row["subscription"])))
        for (name, day), rows in digests.items():
            ids = [row["alert_id"] for row in rows]
            message = digest_message(name, day, [(r["alert_id"], r["title"], r["body"]) for r in rows])
            alert = AlertEvent(event_id=stable_id("digest", name, day, *ids), subscription=name,
                               kind="digest", title=message.title, created_at=moment)  # fmt: skip
            jobs.append((ids, alert, message, by_name.get(name)))
        for ids, alert, message, subscription in jobs:
            if subscription is None:
                log.warning("held alert %s: subscription %r is gone; dropped", alert.event_id,
                            alert.subscription)  # fmt: skip
            else:
                await self.send(alert, message, subscription.channels)
            async with write_lock(engine), engine.begin() as connection:
                await connection.execute(update(alert_held).where(alert_held.c.alert_id.in_(ids))
                                         .values(released_at=moment))  # fmt: skip
        return sum(1 for job in jobs if job[3] is not None)
