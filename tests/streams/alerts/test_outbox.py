"""The alert outbox on a real database (SQLite file and the real PostgreSQL) and a real local webhook."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from schemas.events import AlertEvent
from schemas.subscriptions import Subscription
from streams.alerts.delivery import AlertMessage, Notifier, RetryPolicy, build_alert, render_message
from streams.alerts.outbox import Outbox
from streams.clock import now
from streams.observability.metrics import ALERTS_SENT
from streams.state.database import Database


def outbox_for(database: Database, *, attempts: int = 3, published: list[AlertEvent] | None = None,
               channels: Callable[[], list[str]] = list,
               **policy: float) -> tuple[Outbox, list[float]]:  # fmt: skip
    """An outbox whose waits between tries are recorded (and take no time)."""
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    notifier = Notifier(RetryPolicy(max_attempts=attempts, timeout=2.0, **policy))

    async def publish(alert: AlertEvent) -> None:
        if published is not None:
            published.append(alert)

    return Outbox(database, notifier, publish=publish, channels=channels, sleep=sleep), delays


async def send_all(outbox: Outbox) -> None:
    while await outbox.send_due():
        await outbox.drain()


def an_alert(report: Callable, name: str, *channels: str, **facts: object) -> tuple[AlertEvent, AlertMessage]:
    event = report("new", **facts)
    alert = build_alert(Subscription(name=name, channels=list(channels)), event)
    return alert, render_message(alert, event)


def test_enqueue_is_idempotent_and_a_sent_row_is_never_sent_again_after_a_restart(
    database_url: str, webhook, report
) -> None:
    url = webhook.url("/ok")
    alert, message = an_alert(report, "all", url)

    async def scenario() -> tuple[list, list]:
        database = Database(database_url)
        published: list[AlertEvent] = []
        outbox, _ = outbox_for(database, published=published)
        await outbox.enqueue(alert, message, [url])
        await outbox.enqueue(alert, message, [url])  # the same alert again (a replay): one row
        await send_all(outbox)
        await database.close()
        # A new worker on the same database: the alert is enqueued again (as after a crash before
        # the offset commit) and its sender drains the outbox: nothing is sent twice.
        database = Database(database_url)
        restarted, _ = outbox_for(database, channels=lambda: [url])
        await restarted.enqueue(alert, message, [url])
        await send_all(restarted)
        rows = await restarted.rows()
        await database.close()
        return rows, published

    rows, published = asyncio.run(scenario())
    assert len(webhook.posts("/ok")) == 1
    [row] = rows
    assert (row.state, row.attempts, row.alert_id) == ("sent", 1, alert.event_id)
    assert "127.0.0.1" in row.channel and row.scheme == "json"
    [event] = published
    assert event.delivered and event.attempts == 1 and event.event_id == alert.event_id


def test_a_failing_channel_is_retried_with_backoff_then_dead_and_reported(
    database_url: str, webhook, report, refused_url
) -> None:
    webhook.failing.add("/flaky")
    flaky, healthy = webhook.url("/flaky"), webhook.url("/ok")
    alert, message = an_alert(report, "both", flaky, healthy, refused_url)
    dead_before = ALERTS_SENT.labels(channel="json", outcome="dead")._value.get()

    async def scenario() -> tuple[list, list, list[float]]:
        database = Database(database_url)
        published: list[AlertEvent] = []
        outbox, delays = outbox_for(database, attempts=4, published=published, base_delay=0.2, max_delay=0.5)
        await outbox.enqueue(alert, message, [flaky, healthy, refused_url])
        await send_all(outbox)
        rows = await outbox.rows()
        await database.close()
        return rows, published, delays

    rows, published, delays = asyncio.run(scenario())
    states = {row.channel.rsplit("/", 1)[-1]: (row.state, row.attempts) for row in rows}
    assert states == {"flaky": ("dead", 4), "ok": ("sent", 1), "hook": ("dead", 4)}
    assert len(webhook.posts("/flaky")) == 4 and len(webhook.posts("/ok")) == 1
    dead = [row for row in rows if row.state == "dead"]
    assert any("500" in (row.last_error or "") for row in dead)
    assert any("Connection" in (row.last_error or "") for row in dead)
    # Backoff: 3 waits per failing channel, each between half and all of min(max, base * 2^(n-1)).
    assert len(delays) == 6
    assert all(0.1 <= delay <= 0.5 for delay in delays)
    assert sorted(delays)[-1] >= 0.2  # the waits grow: the third is at least half of 0.2 * 4 capped
    reported = {(e.delivered, e.attempts) for e in published}
    assert reported == {(True, 1), (False, 4)} and len(published) == 3
    assert ALERTS_SENT.labels(channel="json", outcome="dead")._value.get() == dead_before + 2


def test_tries_already_made_are_not_made_again_after_a_restart(database_url: str, webhook, report) -> None:
    webhook.failing.add("/flaky")
    flaky = webhook.url("/flaky")
    alert, message = an_alert(report, "one", flaky)

    async def scenario() -> list:
        database = Database(database_url)
        outbox, _ = outbox_for(database, attempts=5, base_delay=0.0)
        await outbox.enqueue(alert, message, [flaky])
        # The first worker dies during its retries: simulated by cancelling them after two tries.
        await outbox.send_due()
        while len(webhook.posts("/flaky")) < 2:
            await asyncio.sleep(0.01)
        await outbox.close()
        [row] = await outbox.rows()
        assert row.state == "failed" and row.attempts >= 1
        tried = row.attempts
        from sqlalchemy import update

        from streams.sink.tables import alert_outbox

        async with database.writing() as connection:  # its claim (lease) runs out
            await connection.execute(update(alert_outbox).values(next_attempt_at=now()))
        await database.close()
        database = Database(database_url)
        restarted, _ = outbox_for(database, attempts=5, base_delay=0.0, channels=lambda: [flaky])
        await send_all(restarted)
        rows = await restarted.rows()
        await database.close()
        return [tried, rows]

    tried, rows = asyncio.run(scenario())
    [row] = rows
    assert row.state == "dead" and row.attempts == 5
    # Every try in the log is one of the five: the restart went on from the tries recorded.
    assert len(webhook.posts("/flaky")) <= 5 + 1  # at most the try in flight at the cancel is repeated
    assert tried >= 1


def test_a_round_under_way_when_the_sender_closes_starts_no_delivery_close_does_not_wait_for(
    database_url: str, webhook, report
) -> None:
    # The worker's shutdown closes the sender while a round of `send_due` is reading its due rows: no
    # delivery may begin after `close` returned (the process is gone by the time its channel answers).
    slow = webhook.url("/slow")
    alert, message = an_alert(report, "slow", slow)

    async def scenario() -> tuple[int, int, str]:
        database = Database(database_url)
        outbox, _ = outbox_for(database, channels=lambda: [slow])
        await outbox.enqueue(alert, message, [slow])
        sending = asyncio.ensure_future(outbox.send_due())     # runs up to its read of the due rows
        await asyncio.sleep(0)
        await outbox.close()
        posted_at_close = len(webhook.posts("/slow"))
        [row] = await outbox.rows()
        await sending
        await asyncio.sleep(3.5)                               # a /slow post would have arrived by now
        await database.close()
        return posted_at_close, len(webhook.posts("/slow")), row.state

    posted_at_close, posted_later, state = asyncio.run(scenario())
    # Every post the channel got is one the row records as sent: none in flight past the close.
    assert posted_later == posted_at_close and (posted_at_close == 0 or state == "sent")


def test_an_alert_without_a_report_can_be_enqueued(database_url: str, webhook) -> None:
    # Other alert kinds (an overdue report) have no ReportEvent behind them.
    alert = AlertEvent(event_id="overdue-1", subscription="watch", report_id="issuer-440300-2025", kind="new",
                       title=None, issuer="深圳市人民政府", url="https://www.sz.gov.cn/", created_at=now())
    url = webhook.url("/watch")

    async def scenario() -> list:
        database = Database(database_url)
        outbox, _ = outbox_for(database)
        await outbox.enqueue(alert, AlertMessage("逾期提醒", "深圳市人民政府 2025年度报告未发布"), [url])
        await send_all(outbox)
        rows = await outbox.rows()
        await database.close()
        return rows

    [row] = asyncio.run(scenario())
    assert row.state == "sent"
    [post] = webhook.posts("/watch")
    assert post["title"] == "逾期提醒"


def test_sent_and_dead_rows_past_their_retention_are_deleted(database_url: str, webhook, report) -> None:
    url = webhook.url("/ok")

    async def scenario() -> tuple[int, int, int]:
        database = Database(database_url)
        outbox, _ = outbox_for(database)
        for n in range(30):
            alert, message = an_alert(report, f"s{n}", url)
            await outbox.enqueue(alert, message, [url])
        await send_all(outbox)
        before = len(await outbox.rows())
        kept_pending, pending_message = an_alert(report, "later", url)
        await outbox.enqueue(kept_pending, pending_message, [url])  # not sent yet: never pruned
        deleted = await outbox.prune(now())
        after = len(await outbox.rows())
        await database.close()
        return before, deleted, after

    before, deleted, after = asyncio.run(scenario())
    assert (before, deleted, after) == (30, 30, 1)
