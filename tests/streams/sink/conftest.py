"""Events and pages for the storage sink tests (the `database_url` fixture, SQLite and the real
PostgreSQL, is in tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas.events import DocumentEvent, ReportEvent, stable_id
from streams import identity
from streams.analysis import analyze

REPORT_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="SiteName" content="{site}">
<meta name="ArticleTitle" content="{issuer}关于{year}年度法治政府建设情况的报告">
<meta name="PubDate" content="{published} 10:00">
<title>{issuer}关于{year}年度法治政府建设情况的报告</title></head>
<body><div class="nav">{chrome}</div>
<div class="article"><h1>{issuer}关于{year}年度法治政府建设情况的报告</h1>
<div id="zoom">
<p>{year}年，在市委、市政府的坚强领导下，{issuer}深入学习贯彻习近平法治思想，全面推进依法行政，法治政府建设取得新成效。现将有关情况报告如下。</p>
<p>一、主要举措和成效</p>
<p>（一）持续深化“放管服”改革。全年共办理政务服务事项{cases}件，全面推行证明事项告知承诺制。</p>
<p>（二）严格规范行政执法。全年共受理行政复议案件{reconsideration}件，办结行政诉讼案件{litigation}件，行政机关负责人出庭应诉率100%。</p>
<p>二、存在的不足和原因</p>
<p>一是依法行政能力仍需提升；二是基层执法力量相对薄弱。{revision}</p>
<p>三、党政主要负责人履行推进法治建设第一责任人职责情况</p>
<p>政府主要负责人认真履行推进法治建设第一责任人职责，专题研究法治政府建设工作。</p>
<p>四、下一年度主要安排</p>
<p>{next_year}年，我们将继续深入推进法治政府建设，加快建设职能科学、权责法定的法治政府。</p>
</div><p class="info">发布机构：{issuer}</p></div></body></html>
"""


def report_page(issuer: str = "秭归县人民政府", year: int = 2023, *, published: str = "2024-03-22",
                reconsideration: int = 120, revision: str = "", chrome: str = "首页 政务公开") -> bytes:
    return REPORT_PAGE.format(
        issuer=issuer, year=year, published=published, site=issuer, chrome=chrome, cases=3456,
        reconsideration=reconsideration, litigation=45, revision=revision, next_year=year + 1,
    ).encode()


def events_for(page: bytes, url: str, *, kind: str = "new", fetched_at: datetime | None = None,
               source_urls: list[str] | None = None,
               canonical_url: str | None = None) -> tuple[DocumentEvent, ReportEvent]:
    """The document and report event the analyze stage would send for `page`."""
    analysis = analyze(page, url=url, content_type="text/html; charset=utf-8")
    assert analysis.verdict.is_report, analysis.verdict
    fetched_at = fetched_at or datetime(2024, 4, 1, 8, 0, tzinfo=UTC)
    digest = identity.content_hash(analysis.page)
    report_id = identity.report_key(analysis.facts, digest)
    document = DocumentEvent(
        event_id=stable_id("document", url, digest), url=url, fetched_at=fetched_at,
        analyzed_at=fetched_at, title=analysis.page.title, published=analysis.page.published,
        content_hash=digest, verdict=analysis.verdict, facts=analysis.facts,
    )
    report = ReportEvent(
        event_id=stable_id("report", report_id, kind, digest, url), report_id=report_id, kind=kind,
        content_hash=digest, url=url, source_urls=source_urls or [url],
        canonical_url=canonical_url or url, fetched_at=fetched_at, analyzed_at=fetched_at,
        title=analysis.page.title, verdict=analysis.verdict, facts=analysis.facts,
    )
    return document, report
