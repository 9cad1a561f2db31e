"""Report events for the alert tests (the webhook receiver is in tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import DocumentKind, Level, Region, ReportFacts, SourceKind, Verdict
from schemas.events import ReportEvent


def make_report(
    kind: str = "new",
    *,
    report_id: str = "rid-guangzhou-2023",
    content_hash: str = "hash-1",
    title: str | None = "广州市2023年法治政府建设年度报告",
    issuer: str | None = "广州市人民政府",
    province: str | None = "广东省",
    prefecture: str | None = "广州市",
    code: str | None = "440100",
    level: Level | None = Level.prefecture,
    issuer_kind: str | None = "government",
    year: int | None = 2023,
    url: str = "https://www.gz.gov.cn/zwgk/fzzfjs/2024/report.html",
) -> ReportEvent:
    now = datetime(2024, 3, 1, tzinfo=UTC)
    return ReportEvent(
        event_id=f"ev-{report_id}-{kind}-{content_hash}",
        report_id=report_id,
        kind=kind,
        content_hash=content_hash,
        url=url,
        source_urls=[url],
        canonical_url=url,
        fetched_at=now,
        analyzed_at=now,
        title=title,
        verdict=Verdict(is_report=True, kind=DocumentKind.annual_report, confidence=0.95,
                        source_kind=SourceKind.own_portal),
        facts=ReportFacts(
            issuer=issuer,
            issuer_kind=issuer_kind,
            region=Region(province=province, prefecture=prefecture, code=code, confidence=0.9),
            level=level,
            report_year=year,
        ),
    )


@pytest.fixture
def report() -> type[ReportEvent] | object:
    """`make_report(kind, **overrides)`: a report event of Guangzhou's 2023 report by default."""
    return make_report
