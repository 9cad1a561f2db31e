"""Delivery through Apprise to a real local webhook: retries (tenacity), backoff, failures recorded,
isolation. The outbox that runs deliveries in the alert role is tested in test_outbox.py."""

from __future__ import annotations

import asyncio

import pytest

from schemas.subscriptions import Subscription
from streams.alerts.delivery import AlertMessage, Notifier, RetryPolicy, build_alert, render_message


class RecordedSleep:
    """Stands in for asyncio.sleep: records each backoff, waits no time (tests stay fast)."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


def notifier(attempts: int = 3, **policy: float) -> tuple[Notifier, RecordedSleep]:
    sleep = RecordedSleep()
    return Notifier(RetryPolicy(max_attempts=attempts, **policy), sleep=sleep), sleep


def subscription(name: str, *channels: str) -> Subscription:
    return Subscription(name=name, channels=list(channels))


def test_alert_reaches_the_webhook_as_json(webhook, report) -> None:
    event = report("new")
    alert = build_alert(subscription("gd", webhook.url()), event)
    sent = asyncio.run(notifier()[0].deliver_alert(alert, [webhook.url()], event))
    assert (sent.delivered, sent.attempts, sent.last_error) == (True, 1, None)
    [post] = webhook.wait_for(1)
    assert post["title"] == "[法治政府报告·新发布] 广州市人民政府 2023年度"
    for line in ("标题: 广州市2023年法治政府建设年度报告", "发布机关: 广州市人民政府",
                 "地区: 广东省广州市 (440100)", "年度: 2023", "类型: new (新发布)",
                 "链接: https://www.gz.gov.cn/zwgk/fzzfjs/2024/report.html", "订阅: gd",
                 f"alert_id: {alert.event_id}"):
        assert line in post["message"].splitlines()


def test_alert_ids_are_deterministic_and_per_revision(report) -> None:
    gd, other = subscription("gd", "console://"), subscription("other", "console://")
    assert build_alert(gd, report("new")).event_id == build_alert(gd, report("new")).event_id
    assert build_alert(gd, report("new")).event_id != build_alert(other, report("new")).event_id
    assert build_alert(gd, report("new")).event_id != build_alert(gd, report("revised")).event_id
    first = build_alert(gd, report("revised", content_hash="h2")).event_id
    assert first == build_alert(gd, report("revised", content_hash="h2")).event_id
    assert first != build_alert(gd, report("revised", content_hash="h3")).event_id
    with pytest.raises(ValueError, match="sighting"):
        build_alert(gd, report("sighting"))


def test_failing_channels_are_retried_then_recorded_while_others_succeed(
    webhook, report, refused_url
) -> None:
    event = report("new")
    broken = build_alert(subscription("broken", webhook.url("/fail"), refused_url), event)
    healthy = build_alert(subscription("healthy", webhook.url("/ok")), event)
    sender, sleep = notifier(attempts=3, base_delay=0.2, max_delay=0.3)

    async def both() -> list:
        return await asyncio.gather(sender.deliver_alert(broken, [webhook.url("/fail"), refused_url], event),
                                    sender.deliver_alert(healthy, [webhook.url("/ok")], event))

    failed, delivered = asyncio.run(both())
    assert (delivered.delivered, delivered.attempts) == (True, 1)
    assert len(webhook.posts("/ok")) == 1
    assert not failed.delivered
    assert failed.attempts == 6  # 3 tries on each of the two channels
    assert len(webhook.posts("/fail")) == 3
    assert "500" in failed.last_error and "Connection error" in failed.last_error
    assert f"127.0.0.1:{webhook.port}/fail" in failed.last_error
    # Backoff: 2 waits per failing channel, each between half and all of min(max, base * 2^n).
    assert len(sleep.delays) == 4
    for delay in sleep.delays:
        assert 0.1 <= delay <= 0.3


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0)
    assert [policy.backoff(n, 0.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 2.5]
    assert [policy.backoff(n, 0.999999) for n in (1, 2, 3, 4)] == pytest.approx([1.0, 2.0, 4.0, 5.0])


def test_a_hanging_channel_times_out_without_holding_others(webhook) -> None:
    sender, _ = notifier(attempts=1, timeout=0.5)
    result = asyncio.run(sender.deliver(AlertMessage("t", "b"), [webhook.url("/slow"), webhook.url("/ok")]))
    slow, ok = result.outcomes
    assert ok.delivered and not slow.delivered
    assert slow.error == "timed out after 0.5 s"


def test_console_channel_prints(capsys, report) -> None:
    event = report("revised", content_hash="h2")
    alert = build_alert(subscription("console", "console://"), event)
    sent = asyncio.run(notifier()[0].deliver_alert(alert, ["console://"], event))
    assert sent.delivered
    out = capsys.readouterr().out
    assert "[alert] [法治政府报告·已修订] 广州市人民政府 2023年度" in out
    assert "类型: revised (已修订)" in out


def test_message_without_report_details(report) -> None:
    alert = build_alert(subscription("s", "console://"), report("new", issuer=None, year=None))
    message = render_message(alert)
    assert message.title == "[法治政府报告·新发布] 广州市2023年法治政府建设年度报告"
    assert "地区: -" in message.body.splitlines()
