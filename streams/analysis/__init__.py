"""The analysis core, as pure functions: bytes in, verdict and facts out. No Kafka, no I/O.

    >>> from streams.analysis import analyze
    >>> result = analyze(page_bytes, url="http://www.example.gov.cn/art/2022/2/15/art_1_2.html")
    >>> result.verdict.is_report, result.facts.issuer
"""

from streams.analysis.classify import classify
from streams.analysis.clean import clean, clean_decoded
from streams.analysis.decode import Decoded, decode
from streams.analysis.extract import extract
from streams.analysis.indicators import find_indicators
from streams.analysis.pipeline import Analysis, analyze, analyze_page, analyze_text

__all__ = [
    "Analysis",
    "Decoded",
    "analyze",
    "analyze_page",
    "analyze_text",
    "classify",
    "clean",
    "clean_decoded",
    "decode",
    "extract",
    "find_indicators",
]
