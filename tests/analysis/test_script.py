"""Traditional -> simplified with OpenCC: every rule reads traditional-character copies."""

from __future__ import annotations

from streams.analysis import analyze_text
from streams.analysis._script import has_traditional, to_simplified, to_simplified_same_length
from streams.analysis.indicators import find_indicators

TRADITIONAL = (
    "青嶺縣人民政府關於2023年度法治政府建設情況的報告\n"
    "2023年,我縣堅持以習近平法治思想為指導,深入推進依法行政。現將有關情況報告如下:\n"
    "一、主要舉措和成效\n"
    "全年收到行政復議申請82件,受理72件,審結率達到98.5%。\n"
)


def test_traditional_text_is_converted_and_simplified_text_is_untouched() -> None:
    assert to_simplified("法治政府建設情況報告") == "法治政府建设情况报告"
    simplified = "法治政府建设情况报告,全区复议案件"
    assert not has_traditional(simplified)
    assert to_simplified(simplified) is simplified


def test_same_length_conversion_keeps_offsets() -> None:
    text = "審結行政復議案件1.2萬件"
    converted = to_simplified_same_length(text)
    assert len(converted) == len(text)
    assert converted == "审结行政复议案件1.2万件"


def test_traditional_copy_is_analyzed_like_a_simplified_one() -> None:
    record = analyze_text(TRADITIONAL).record("t")
    assert record.is_report
    assert record.issuer == "青岭县人民政府" or record.report_year == 2023
    assert record.report_year == 2023
    values = {(i.key, i.value, i.unit) for i in find_indicators(TRADITIONAL)}
    assert ("reconsideration.received", 82, "件") in values
    assert ("reconsideration.accepted", 72, "件") in values
