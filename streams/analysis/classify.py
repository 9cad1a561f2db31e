"""CleanedPage -> Verdict. (Placeholder: replaced by the full classifier.)"""

from __future__ import annotations

from schemas import CleanedPage, DocumentKind, ReportFacts, Verdict


def classify(page: CleanedPage, facts: ReportFacts | None = None) -> Verdict:
    head = (page.title or "") + page.text[:300]
    hit = "法治政府建设" in head and "报告" in head
    return Verdict(is_report=hit, kind=DocumentKind.annual_report if hit else DocumentKind.other,
                   confidence=0.5, reasons=["placeholder"])
