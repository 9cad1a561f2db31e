"""decode -> clean -> classify -> extract, composed; and the flat record the CLI prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from schemas import AnalysisRecord, CleanedPage, DocumentRead, ReportFacts, Verdict
from streams.analysis.classify import classify
from streams.analysis.clean import clean, clean_decoded
from streams.analysis.decode import decode
from streams.analysis.extract import extract_facts
from streams.analysis.indicators import find_indicators
from streams.analysis.reflow import reflow


@dataclass(frozen=True, slots=True)
class Analysis:
    page: CleanedPage
    verdict: Verdict
    facts: ReportFacts

    def record(self, source: str, item_id: str | None = None, *, with_text: bool = False,
               documents: Sequence[DocumentRead] = ()) -> AnalysisRecord:  # fmt: skip
        """The flat record; `with_text` adds the cleaned body, `documents` what was read from files."""
        facts, verdict, page = self.facts, self.verdict, self.page
        region = facts.region
        return AnalysisRecord(
            source=source,
            id=item_id,
            url=page.url,
            is_report=verdict.is_report,
            kind=verdict.kind,
            confidence=verdict.confidence,
            reasons=verdict.reasons,
            source_kind=verdict.source_kind,
            title=page.title,
            published=facts.published or page.published,
            issuer=facts.issuer,
            issuers=facts.issuers,
            issuer_kind=facts.issuer_kind,
            level=facts.level,
            province=region.province,
            prefecture=region.prefecture,
            county=region.county,
            township=region.township,
            region_code=region.code,
            report_year=facts.report_year,
            addressee=facts.addressee,
            sections=facts.sections,
            deadline=facts.deadline,
            on_time=facts.on_time,
            indicators=facts.indicators,
            encoding=page.encoding,
            decode_errors=page.decode_errors,
            documents=list(documents),
            needs_ocr=any(document.needs_ocr for document in documents),
            text=page.text if with_text else None,
        )


def analyze_text(document: str, url: str | None = None, *, encoding: str | None = None,
                 decode_errors: bool = False, utf8: bytes | None = None) -> Analysis:
    """Analyze an already decoded page (HTML or plain text); `utf8` as in `clean`."""
    return analyze_page(clean(document, url, encoding=encoding, decode_errors=decode_errors, utf8=utf8))


def analyze_page(page: CleanedPage) -> Analysis:
    """Classify and extract an already cleaned page (a page built from a document, say).

    Indicators are a report's: they are read only from a page classified as one (most pages of a
    通知公告 column are not, and reading numbers is a third of the extraction's cost)."""
    page = reflow(page)
    facts = extract_facts(page)
    verdict = classify(page, facts)
    if verdict.is_report:
        facts.indicators = find_indicators(page.text)
    return Analysis(page=page, verdict=verdict, facts=facts)


def analyze(data: bytes, url: str | None = None, content_type: str | None = None) -> Analysis:
    """Analyze the raw bytes of one page as fetched."""
    return analyze_page(clean_decoded(decode(data, content_type), url))
