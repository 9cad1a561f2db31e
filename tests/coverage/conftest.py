"""Report pages of Henan issuers and a database holding them (SQLite, or the real PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from schemas.events import DocumentEvent, ReportEvent, stable_id
from streams import identity
from streams.analysis import analyze
from streams.sink.database import StorageSink

REPORT_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{issuer}关于{year}年法治政府建设情况的报告</title></head>
<body><div class="article"><h1>{issuer}关于{year}年法治政府建设情况的报告</h1>
<p class="info">发布时间：{published} 来源：{issuer}</p>
<p>{year}年，{issuer}深入学习贯彻习近平法治思想，全面推进法治政府建设。现将有关情况报告如下。</p>
<p>一、主要举措和成效</p><p>全年办理行政复议案件56件，行政机关负责人出庭应诉率100%。</p>
<p>二、存在的不足和原因</p><p>法治宣传教育的针对性有待增强。</p>
{duty}
<p>四、{next_year}年主要安排</p><p>持续深化行政执法体制改革。</p>
<p>{issuer}</p></div></body></html>
"""
DUTY = ("<p>三、党政主要负责人履行推进法治建设第一责任人职责情况</p>"
        "<p>主要负责同志认真履行第一责任人职责。</p>")


def report_page(issuer: str, year: int, published: str, *, duty: bool = True) -> bytes:
    return REPORT_PAGE.format(issuer=issuer, year=year, published=published, next_year=year + 1,
                              duty=DUTY if duty else "").encode()  # fmt: skip


def report_event(page: bytes, url: str,
                 fetched_at: datetime | None = None) -> tuple[DocumentEvent, ReportEvent]:  # fmt: skip
    """The document and report events the process role sends for `page`."""
    analysis = analyze(page, url=url, content_type="text/html; charset=utf-8")
    assert analysis.verdict.is_report, analysis.verdict
    fetched_at = fetched_at or datetime(2026, 3, 21, tzinfo=UTC)
    digest = identity.content_hash(analysis.page)
    report_id = identity.report_key(analysis.facts, digest)
    document = DocumentEvent(event_id=stable_id("document", url, digest), url=url, fetched_at=fetched_at,
                             analyzed_at=fetched_at, title=analysis.page.title, published=None,
                             content_hash=digest, verdict=analysis.verdict, facts=analysis.facts)  # fmt: skip
    report = ReportEvent(event_id=stable_id("report", report_id, digest), report_id=report_id, kind="new",
                         content_hash=digest, url=url, source_urls=[url], canonical_url=url,
                         fetched_at=fetched_at, analyzed_at=fetched_at, title=analysis.page.title,
                         verdict=analysis.verdict, facts=analysis.facts)  # fmt: skip
    return document, report


def store(database_url: str, events: list[DocumentEvent | ReportEvent]) -> None:
    async def write() -> None:
        async with StorageSink(database_url) as sink:
            for event in events:
                sink.add(event)

    asyncio.run(write())


def henan_reports() -> list[DocumentEvent | ReportEvent]:
    """郏县 on time (2026-03-20), 鲁山县 late (2026-04-10) and without the first-responsibility section."""
    events: list[DocumentEvent | ReportEvent] = []
    events += report_event(report_page("郏县人民政府", 2025, "2026-03-20"),
                           "http://www.jiaxian.gov.cn/art/2026/3/20/art_1.html")
    events += report_event(report_page("鲁山县人民政府", 2025, "2026-04-10", duty=False),
                           "http://www.lushan.gov.cn/art/2026/4/10/art_2.html")
    return events
