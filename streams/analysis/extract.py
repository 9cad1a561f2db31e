"""CleanedPage -> ReportFacts. (Placeholder: replaced by the full extractor.)"""

from __future__ import annotations

from schemas import CleanedPage, ReportFacts
from streams.analysis.indicators import find_indicators


def extract(page: CleanedPage) -> ReportFacts:
    return ReportFacts(published=page.published, indicators=find_indicators(page.text))
