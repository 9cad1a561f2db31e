"""Deadline alerts: overdue and late from coverage rows (pure), the crawl-pass gate on the real
database, and digests and quiet hours held in the database and released through the real outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from schemas.events import AlertEvent
from schemas.subscriptions import Subscription
from streams.alerts.deadline_watch import crawl_has_looked, portal_in_scope, scope_columns
from streams.alerts.deadlines import pending_alerts
from streams.alerts.delivery import AlertMessage, Notifier, RetryPolicy
from streams.alerts.holding import AlertDispatcher, quiet_end, release_time
from streams.alerts.outbox import Outbox
from streams.coverage import Scope, coverage_rows, expected_issuers
from streams.sink.tables import crawl_columns, crawl_pages, documents
from streams.state.database import Database
from streams.state.pages import PageLedger

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 4, 2, 9, tzinfo=BEIJING)


def subscription(**fields: object) -> Subscription:
    filters = {"region_codes": ["4104"], "kinds": ["new", "overdue", "late"]} | fields.pop("filters", {})
    base = {"name": "pds", "channels": ["console://"], "filters": filters}
    return Subscription.model_validate(base | fields)


def pingdingshan_rows() -> list:
    reports = [
        {"report_id": "jia", "issuer": "郏县人民政府", "issuer_kind": "government", "level": "county",
         "region_code": "410425", "report_year": 2025, "published": date(2026, 3, 20), "sections": {}},
        {"report_id": "lu", "issuer": "鲁山县人民政府", "issuer_kind": "government", "level": "county",
         "region_code": "410423", "report_year": 2025, "published": date(2026, 4, 1) + timedelta(days=1),
         "sections": {}, "source_url": "http://lu/1"},
    ]  # fmt: skip
    return coverage_rows(expected_issuers(Scope(province="河南")), 2025, reports, NOW.date())


def test_overdue_names_every_missing_issuer_in_scope_and_only_once_the_crawl_looked() -> None:
    rows = pingdingshan_rows()
    before = pending_alerts(subscription(), rows, NOW, overdue=False)
    assert [(a.kind, a.issuer) for a, _ in before] == [("late", "鲁山县人民政府")]

    alerts = pending_alerts(subscription(), rows, NOW, overdue=True)
    overdue = {a.issuer: (a, m) for a, m in alerts if a.kind == "overdue"}
    assert {"宝丰县人民政府", "叶县人民政府", "平顶山市人民政府", "舞钢市人民政府"} <= set(overdue)
    assert len(overdue) == 11  # 平顶山市 + its 12 county-level units, less 郏县 and 鲁山县 (found)
    assert all(a.region_code.startswith("4104") and a.report_year == 2025 for a, _ in overdue.values())
    for alert, message in overdue.values():
        assert "逾期" in message.title and alert.issuer in message.title and "逾期" in alert.title
    late = [(a, m) for a, m in alerts if a.kind == "late"]
    assert len(late) == 1 and all("逾期" not in m.title + m.body + (a.title or "") for a, m in late)
    assert late[0][0].report_id == "lu" and "晚于期限: 1 天" in late[0][1].body

    again = pending_alerts(subscription(), rows, NOW + timedelta(hours=1), overdue=True)
    assert {a.event_id for a, _ in again} == {a.event_id for a, _ in alerts}  # one id per issuer and year


def test_scope_filters_and_kinds() -> None:
    rows = pingdingshan_rows()
    counties = pending_alerts(subscription(filters={"levels": ["prefecture"]}), rows, NOW, overdue=True)
    assert [a.issuer for a, _ in counties] == ["平顶山市人民政府"]
    departments = pending_alerts(subscription(filters={"issuer_kinds": ["department"]}), rows, NOW,
                                 overdue=True)  # fmt: skip
    assert departments == []
    only_new = pending_alerts(subscription(filters={"kinds": ["new"]}), rows, NOW, overdue=True)
    assert only_new == []
    henan = pending_alerts(subscription(filters={"region_codes": [], "provinces": ["河南"]}), rows, NOW,
                           overdue=True)  # fmt: skip
    assert len(henan) > 100


def test_columns_in_scope_are_those_of_its_places_and_the_places_containing_them() -> None:
    from schemas.registry import Registry

    columns = [{"id": "tzgg", "name": "通知公告", "url": "/tzgg/"}]
    registry = Registry.model_validate({"portals": [
        {"id": pid, "name": name, "region_code": code, "level": level, "base_url": "https://x.gov.cn/",
         "columns": columns} for pid, name, code, level in (
            ("ha", "河南省人民政府", "410000", "province"),
            ("pds", "平顶山市人民政府", "410400", "prefecture"),
            ("jia", "郏县人民政府", "410425", "county"), ("ly", "洛阳市人民政府", "410300", "prefecture"),
            ("gd", "广东省人民政府", "440000", "province"))]})  # fmt: skip
    in_scope = scope_columns(registry, subscription().filters)
    assert in_scope == [("ha", "tzgg"), ("pds", "tzgg"), ("jia", "tzgg")]
    by_province = subscription(filters={"region_codes": [], "provinces": ["广东省"]}).filters
    assert [p.id for p in registry.portals if portal_in_scope(p, by_province)] == ["gd"]


def test_the_crawl_has_looked_when_every_column_was_visited_and_every_page_stored(database_url: str) -> None:
    since = datetime(2026, 4, 2, 1, tzinfo=UTC)
    moment = since + timedelta(minutes=1)
    columns = [("pds", "tzgg"), ("pds", "bg")]

    def column(column_id: str, visited: datetime) -> dict:
        return {"portal_id": "pds", "column_id": column_id, "url": f"http://pds/{column_id}/",
                "last_visited_at": visited, "seen": [], "interval": 60.0, "due_at": visited, "visits": 1,
                "last_outcome": "ok"}  # fmt: skip

    def page(url: str, **state: object) -> dict:
        return {"url": url, "portal_id": "pds", "column_id": "tzgg", "task": {},
                "discovered_at": since} | state

    document = {"url": "http://pds/1", "event_id": "d1", "is_report": False, "kind": "notice",
                "confidence": 0.9, "reasons": [], "source_kind": "unknown", "content_hash": "h",
                "fetched_at": since, "analyzed_at": since}  # fmt: skip

    async def scenario() -> list[bool]:
        database = Database(database_url)
        engine = await database.engine()
        done = PageLedger(database, broker_keeps_messages=False).done_condition()
        seen = []

        async def looked() -> None:
            seen.append(await crawl_has_looked(engine, columns, since, moment, done))

        async with database.writing() as connection:
            await connection.execute(insert(crawl_columns), [column("tzgg", since + timedelta(seconds=5)),
                                                             column("bg", since - timedelta(seconds=5))])
        await looked()
        async with database.writing() as connection:  # visited since, but the list did not answer
            later = since + timedelta(seconds=9)
            failed = {"last_visited_at": later, "last_outcome": "http_error"}
            await connection.execute(crawl_columns.update().values(**failed))
        await looked()
        async with database.writing() as connection:
            await connection.execute(crawl_columns.update().values(last_outcome="not_modified"))
            await connection.execute(insert(crawl_pages), [page("http://pds/1"), page("http://pds/2")])
        await looked()
        async with database.writing() as connection:
            await connection.execute(crawl_pages.update().values(outcome="ok", fetched_at=since))
        await looked()
        async with database.writing() as connection:
            await connection.execute(insert(documents), [document])
            await connection.execute(crawl_pages.update().where(crawl_pages.c.url == "http://pds/2")
                                     .values(outcome="timeout"))  # fmt: skip
        await looked()
        seen.append(await crawl_has_looked(engine, [], since, moment, done))
        # A page found long ago and never done is not waited for.
        async with database.writing() as connection:
            await connection.execute(insert(crawl_pages), [page("http://pds/3")])
        await looked()
        seen.append(await crawl_has_looked(engine, columns, since, since + timedelta(hours=1), done))
        await database.close()
        return seen

    # column not visited since; visits failed; pages not fetched; fetched not stored; all done;
    # no column at all; a new page found; the same an hour later
    assert asyncio.run(scenario()) == [False, False, False, False, True, False, False, True]


def test_quiet_hours_and_digest_release_times() -> None:
    quiet = "22:00-08:00"
    assert quiet_end(quiet, datetime(2026, 4, 2, 23, 30, tzinfo=BEIJING)) == datetime(2026, 4, 3, 8,
                                                                                       tzinfo=BEIJING)
    assert quiet_end(quiet, datetime(2026, 4, 3, 7, 59, tzinfo=BEIJING)) == datetime(2026, 4, 3, 8,
                                                                                      tzinfo=BEIJING)
    assert quiet_end(quiet, datetime(2026, 4, 3, 12, tzinfo=BEIJING)) is None
    assert quiet_end("01:00-06:00", datetime(2026, 4, 2, 19, tzinfo=UTC)) == datetime(2026, 4, 3, 6,
                                                                                       tzinfo=BEIJING)
    daily = subscription(digest="daily")
    assert release_time(daily, NOW) == (date(2026, 4, 2), datetime(2026, 4, 3, tzinfo=BEIJING))
    both = subscription(digest="daily", quiet_hours=quiet)
    assert release_time(both, NOW) == (date(2026, 4, 2), datetime(2026, 4, 3, 8, tzinfo=BEIJING))
    assert release_time(subscription(quiet_hours=quiet), NOW) is None


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    def stand(moment: datetime) -> None:
        monkeypatch.setenv("FAZHI_NOW", moment.isoformat())  # takes effect at once (streams.clock)

    yield stand


def _alert(name: str, number: int) -> tuple[AlertEvent, AlertMessage]:
    alert = AlertEvent(event_id=f"a{number}", subscription=name, kind="new", report_id=f"r{number}",
                       title=f"报告{number}", url=f"http://x/{number}", created_at=NOW)  # fmt: skip
    return alert, AlertMessage(f"[法治政府报告·新发布] 报告{number}", f"链接: http://x/{number}")


def test_held_alerts_reach_the_outbox_once_when_due(database_url: str, webhook, clock_at) -> None:
    quiet = subscription(name="quiet", quiet_hours="22:00-08:00", channels=[webhook.url("/quiet")])
    daily = subscription(name="daily", digest="daily", channels=[webhook.url("/daily")])
    plain = subscription(name="plain", channels=[webhook.url("/plain")])

    async def scenario() -> None:
        database = Database(database_url)
        outbox = Outbox(database, Notifier(RetryPolicy(max_attempts=1, timeout=5.0)))
        dispatcher = AlertDispatcher(database.engine, outbox.enqueue)

        async def deliver() -> None:
            while await outbox.send_due():
                await outbox.drain()

        clock_at(datetime(2026, 4, 2, 23, tzinfo=BEIJING))
        await dispatcher.dispatch(quiet, *_alert("quiet", 1))
        await dispatcher.dispatch(plain, *_alert("plain", 2))
        for number in (3, 4, 5):
            await dispatcher.dispatch(daily, *_alert("daily", number))
        await dispatcher.dispatch(daily, *_alert("daily", 3))  # the same alert again: held once
        assert await dispatcher.release([quiet, daily, plain]) == 0
        await deliver()
        assert [len(webhook.posts(p)) for p in ("/quiet", "/daily", "/plain")] == [0, 0, 1]

        clock_at(datetime(2026, 4, 3, 8, 1, tzinfo=BEIJING))
        assert await dispatcher.release([quiet, daily, plain]) == 2  # one quiet alert, one digest
        assert await dispatcher.release([quiet, daily, plain]) == 0
        await deliver()
        await database.close()

    asyncio.run(scenario())
    quiet_posts = webhook.wait_for(1, "/quiet")
    assert "报告1" in quiet_posts[0]["title"]
    [digest] = webhook.wait_for(1, "/daily")
    assert "每日摘要" in digest["title"] and "3 条" in digest["title"]
    assert all(f"报告{n}" in digest["message"] for n in (3, 4, 5))


def test_alerts_check_shows_what_is_held() -> None:
    from streams.alerts.commands import describe

    text = describe(subscription(digest="daily", quiet_hours="22:00-08:00"))
    assert "new/overdue/late reports where region codes: 4104*" in text
    assert "held: digest daily, quiet hours 22:00-08:00 (Beijing)" in text
    assert "held" not in describe(subscription())
