"""The crawl ledger on a real database (SQLite file and the real PostgreSQL): when a page is done,
what a restart reloads, and retention keeping the ledger bounded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from schemas import DocumentKind, Region, ReportFacts, SourceKind, Verdict
from schemas.events import DocumentEvent, ReportEvent
from streams.sink.database import StorageSink
from streams.state.database import Database
from streams.state.pages import PageLedger
from streams.state.reports import ReportLedger

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def task(url: str) -> dict:
    return {"schema_version": 1, "event_id": f"t-{url}", "kind": "page", "portal_id": "p", "column_id": "c",
            "url": url, "host": "www.example.gov.cn", "list_title": None, "list_date": None,
            "created_at": T0.isoformat()}  # fmt: skip


async def fetch(ledger: PageLedger, url: str, *, outcome: str = "ok", at: datetime = T0) -> None:
    await ledger.fetched(task(url), outcome=outcome, status=200 if outcome == "ok" else 404, etag=None,
                         last_modified=None, content_hash="h", raw_event_id="r", fetched_at=at)  # fmt: skip


def document(url: str, at: datetime, *, is_report: bool = False) -> DocumentEvent:
    kind = DocumentKind.annual_report if is_report else DocumentKind.notice
    verdict = Verdict(is_report=is_report, kind=kind, confidence=0.9, source_kind=SourceKind.own_portal)
    region = Region(province="湖北省", code="420527")
    facts = ReportFacts(issuer="秭归县人民政府", report_year=2025, region=region)
    return DocumentEvent(event_id=f"d-{url}", url=url, fetched_at=at, analyzed_at=at, content_hash=f"c-{url}",
                         verdict=verdict, facts=facts)  # fmt: skip


def report_of(page: DocumentEvent, report_id: str) -> ReportEvent:
    return ReportEvent(event_id=f"r-{page.url}", report_id=report_id, kind="new", url=page.url,
                       content_hash=page.content_hash, source_urls=[page.url], canonical_url=page.url,
                       fetched_at=page.fetched_at, analyzed_at=page.analyzed_at, title=page.title,
                       verdict=page.verdict, facts=page.facts)  # fmt: skip


def notice(url: str, at: datetime) -> DocumentEvent:
    return document(url, at)


def test_a_page_is_done_once_stored_and_on_the_embedded_broker_a_report_page_once_alerted_too(
    database_url: str,
) -> None:
    base = "http://www.example.gov.cn/art/"
    found, fetched, stored, failed, report, alerted = (f"{base}{n}.html" for n in range(6))

    async def scenario() -> tuple:
        database = Database(database_url)
        embedded = PageLedger(database, broker_keeps_messages=False)
        external = PageLedger(database, broker_keeps_messages=True)
        await embedded.found([task(url) for url in (found, fetched, stored, failed, report, alerted)])
        for url in (fetched, stored, report, alerted):
            await fetch(embedded, url)
        await fetch(embedded, failed, outcome="http_error")
        document_report = document(report, T0, is_report=True)
        document_alerted = document(alerted, T0, is_report=True)
        report_event, alerted_event = report_of(document_report, "r1"), report_of(document_alerted, "r2")
        sink = StorageSink(database_url, engine=await database.engine(), migrate=False)
        for event in (notice(stored, T0), document_report, report_event, document_alerted, alerted_event):
            sink.add(event)
        await sink.flush()
        # The alerts of one report version decided (the alert role), not of the other.
        await ReportLedger(database).mark_alerted(alerted_event.report_id, alerted_event.content_hash)
        snapshots = await embedded.load(), await external.load()
        done_now = await external.done_among([found, fetched, stored, failed, report])
        await database.close()
        return (*snapshots, done_now)

    on_embedded, on_external, done_now = asyncio.run(scenario())
    # Embedded broker: stored (a report page: stored and its alerts decided), or failed for good.
    assert on_embedded.done == {stored, failed, alerted}
    assert set(on_embedded.pending) == {found, fetched, report}
    assert on_embedded.pending[found]["url"] == found  # the page task to send again
    assert on_embedded.handed_over == {fetched: T0, report: T0}  # fetched, not done
    # External broker: stored too (handed over is not enough: the pipeline can lose a raw page the
    # broker acknowledged); the report event is the broker's, so a stored report page is done.
    assert on_external.done == {stored, failed, report, alerted}
    assert set(on_external.pending) == {found, fetched}
    assert on_external.handed_over == {fetched: T0}  # fetched, not done: looked at again later
    assert done_now == {stored, failed, report}


def test_column_states_come_back_as_the_crawler_left_them(database_url: str) -> None:
    state = {"validators": {"etag": '"abc"', "last_modified": "Sun, 01 Mar 2026 08:00:00 GMT"},
             "list_hash": "f" * 64, "seen": ["k3", "k2", "k1"], "interval": 3600.0,
             "due": (T0 + timedelta(hours=1)).isoformat(), "visited_at": T0.isoformat(),
             "last_outcome": "ok", "visits": 3}  # fmt: skip

    async def scenario() -> dict:
        database = Database(database_url)
        ledger = PageLedger(database, broker_keeps_messages=False)
        await ledger.column_visited("p", "c", "http://www.example.gov.cn/tzgg/", state)
        snapshot = await ledger.load()
        await database.close()
        return snapshot.columns

    assert asyncio.run(scenario()) == {"p/c": state}


def test_retention_keeps_the_ledger_bounded_while_pages_keep_coming(database_url: str) -> None:
    # Three months of a busy column: 10 pages a day, each fetched and stored, retention of 10 days,
    # pruned daily. The ledger holds 10 days of pages however long it runs; pages not done stay.
    retention, per_day, days = timedelta(days=10), 10, 90

    async def scenario() -> tuple[list[int], set[str]]:
        database = Database(database_url)
        ledger = PageLedger(database, broker_keeps_messages=False)
        sink = StorageSink(database_url, engine=await database.engine(), migrate=False)
        sizes = []
        stuck = "http://www.example.gov.cn/stuck.html"
        await ledger.found([task(stuck)])  # found, never fetched: never forgotten
        for day in range(days):
            moment = T0 + timedelta(days=day)
            urls = [f"http://www.example.gov.cn/{day}/{n}.html" for n in range(per_day)]
            await ledger.found([task(url) for url in urls])
            for url in urls:
                await fetch(ledger, url, at=moment)
                sink.add(notice(url, moment))
            await sink.flush()
            forgotten = await ledger.prune(moment - retention)
            assert all(f"/{day - retention.days - 1}/" in url for url in forgotten)  # the oldest day's
            snapshot = await ledger.load()
            sizes.append(len(snapshot.done) + len(snapshot.pending))
        pending = set((await ledger.load()).pending)
        await database.close()
        return sizes, pending

    sizes, pending = asyncio.run(scenario())
    bound = (retention.days + 1) * per_day + 1
    assert max(sizes) <= bound, max(sizes)
    assert sizes[-1] == sizes[30] < days * per_day  # steady: as many forgotten as added each day
    assert pending == {"http://www.example.gov.cn/stuck.html"}
