"""Date parsing: text forms, Chinese numerals, CMS address dates, impossible dates."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from streams.analysis import dates
from streams.analysis.dates import date_from_url, find_dates, parse_date, parse_labeled_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-02-15 15:49", date(2022, 2, 15)),
        ("2022/2/15", date(2022, 2, 15)),
        ("2022.02.15", date(2022, 2, 15)),
        ("2022年2月15日", date(2022, 2, 15)),
        ("2022年2月15号", date(2022, 2, 15)),
        ("2022年 2 月 15 日", date(2022, 2, 15)),
        ("２０２２年２月１５日", date(2022, 2, 15)),
        ("２０２２－０２－１５", date(2022, 2, 15)),
        ("二〇二二年二月十五日", date(2022, 2, 15)),
        ("二○二一年十二月二日", date(2021, 12, 2)),
        ("二零二三年三月三十一日", date(2023, 3, 31)),
        ("二〇二四年一月二十日", date(2024, 1, 20)),
        ("发布日期：2023-03-28 09:12:00 来源：县司法局", date(2023, 3, 28)),
    ],
)
def test_parse_date_accepts_common_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2022-02-30", "2022年13月1日", "2023年2月29日", "1066-10-14", "12022-01-01", "2022年3月", "", "无日期",
     "二〇二二年二月三十日", "电话 0755-2345-6789"],
)
def test_parse_date_rejects_impossible_or_incomplete(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_gives_offsets_into_original_text() -> None:
    text = "本报告于２０２２年１月５日起草，2022-03-01印发，二〇二二年三月二日公开。"
    found = find_dates(text)
    assert [item[0] for item in found] == [date(2022, 1, 5), date(2022, 3, 1), date(2022, 3, 2)]
    for _, start, end in found:
        assert text[start:end] in {"２０２２年１月５日", "2022-03-01", "二〇二二年三月二日"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("发布时间:2024-12-2110:20来源:本网", date(2024, 12, 21)),
     ("2023-03-3117:05:00", date(2023, 3, 31)),
     ("2024-3-809:30", date(2024, 3, 8)),
     ("2024/03/2823:59:59", date(2024, 3, 28))],
)
def test_a_time_glued_to_the_day_ends_it(text: str, expected: date) -> None:
    """Copies that lost their spaces glue the time of day to the date."""
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024-03-281", "2024-03-2812345", "2024-03-2825:00", "2024-03-2810:7"])
def test_digits_after_the_day_without_a_time_are_no_date(text: str) -> None:
    assert find_dates(text) == []


def test_find_dates_mixed_separators_are_not_a_date() -> None:
    assert find_dates("2022-02/15") == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.gov.cn/art/2024/1/18/art_1229_5678.html", date(2024, 1, 18)),
        ("http://sfj.example.gov.cn/zwgk/tzgg/202303/t20230313_123456.html", date(2023, 3, 13)),
        ("http://www.example.gov.cn/xxgk/202212/t20221230_99.shtml", date(2022, 12, 30)),
        ("https://news.example.com/c/2024-03-28/1234.html", date(2024, 3, 28)),
        ("https://news.example.com/2021/01-26/987.html", date(2021, 1, 26)),
        ("https://www.example.gov.cn/art/2024/2/30/art_1_2.html", None),
        ("https://www.example.gov.cn/col/col123/index.html", None),
        ("https://www.example.gov.cn/202303/index.html", None),
        # a timestamp id: the date, a valid time of day, more digits
        ("http://rsj.example.gov.cn/mobile/Detail.aspx?articid=20231229162430914", date(2023, 12, 29)),
        ("https://www.example.gov.cn/Detail.aspx?id=20240103170226410", date(2024, 1, 3)),
        ("https://www.example.gov.cn/Detail.aspx?id=20240103250226410", None),    # 25 o'clock: no time
        ("https://www.example.gov.cn/Detail.aspx?id=2024010317", None),           # too short for a time
        (None, None),
        ("", None),
    ],
)
def test_date_from_url(url: str | None, expected: date | None) -> None:
    assert date_from_url(url) == expected


@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for parsed, start, end in find_dates(text):
        assert isinstance(parsed, date)
        assert 0 <= start < end <= len(text)
    date_from_url(text)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.example.gov.cn/xxgk/2024/03/18/content.html", date(2024, 3, 18)),
    ("https://www.example.gov.cn/zwgk/202403/18/c_1.html", date(2024, 3, 18)),
    ("https://www.example.gov.cn/zwgk/202403/P020240318551234567890.pdf", date(2024, 3, 18)),
    ("https://www.example.gov.cn/news/content_20240318.shtml", date(2024, 3, 18)),
])
def test_more_cms_address_shapes(url: str, expected: date) -> None:
    assert date_from_url(url) == expected


def test_labeled_dates_in_compact_and_usual_forms() -> None:
    assert parse_labeled_date(" 20240305 ") == date(2024, 3, 5)
    assert parse_labeled_date("2024年03月05日 10:00") == date(2024, 3, 5)
    assert parse_labeled_date("20241399") is None


# The slower forms the fast ones replace, as they were: the year's lookbehind first, one str.translate.
_REFERENCE_NUMERIC_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20|21)[0-9]{2})\s*"
    r"(?:"
    r"(?P<sep>[-/.])\s*(?P<m1>[0-9]{1,2})\s*(?P=sep)\s*(?P<d1>[0-9]{1,2})"
    r"(?:(?![0-9])|(?=(?:[01][0-9]|2[0-3]):[0-5][0-9]))"
    r"|年\s*(?P<m2>[0-9]{1,2})\s*月\s*(?P<d2>[0-9]{1,2})\s*[日号]"
    r")"
)
_REFERENCE_HALFWIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")
# Digits, separators and the characters around dates, so that generated texts hold many near-dates.
_DATE_ALPHABET = "0123456789０１２３４５６７８９-/.－／．： :年月日号x布"


@given(st.text(alphabet=_DATE_ALPHABET, max_size=40))
def test_numeric_date_pattern_matches_as_the_lookbehind_first_form(text: str) -> None:
    def matches(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(match.span(), match.groupdict()) for match in pattern.finditer(text)]

    assert matches(dates._NUMERIC_DATE) == matches(_REFERENCE_NUMERIC_DATE)


@pytest.mark.parametrize("text", ["12019-01-02", "2019-01-02", "x2019-01-02", "３2019-1-2", "02020年1月2日"])
def test_numeric_date_pattern_on_digits_before_the_year(text: str) -> None:
    assert [m.span() for m in dates._NUMERIC_DATE.finditer(text)] == [
        m.span() for m in _REFERENCE_NUMERIC_DATE.finditer(text)]


@given(st.text(alphabet=_DATE_ALPHABET + "中文ａ", max_size=40))
def test_halfwidth_is_the_one_to_one_translation(text: str) -> None:
    assert dates._halfwidth(text) == text.translate(_REFERENCE_HALFWIDTH)


def _reference_find_dates(text: str) -> list[tuple[date, int, int]]:
    """find_dates as it was: the numeric pattern (its old form) tried on every text."""
    normalized = text.translate(_REFERENCE_HALFWIDTH)
    found = []
    for match in _REFERENCE_NUMERIC_DATE.finditer(normalized):
        month, day = match.group("m1") or match.group("m2"), match.group("d1") or match.group("d2")
        parsed = dates._make_date(int(match.group("y")), int(month), int(day))
        if parsed is not None:
            found.append((parsed, match.start(), match.end()))
    if "年" in normalized:
        for match in dates._CHINESE_DATE.finditer(normalized):
            year = dates._chinese_year(match.group("y"))
            month = dates._small_chinese_number(match.group("m"))
            day = dates._small_chinese_number(match.group("d"))
            parsed = None
            if year is not None and month is not None and day is not None:
                parsed = dates._make_date(year, month, day)
            if parsed is not None:
                found.append((parsed, match.start(), match.end()))
        found.sort(key=lambda item: item[1])
    return found


@example("2100-01-02")
@example("1999/12/31 与 2100年1月2日 二〇二四年三月一日")
@given(st.text(alphabet=_DATE_ALPHABET + "二〇一三十", max_size=40))
def test_find_dates_as_with_the_numeric_pattern_always_tried(text: str) -> None:
    assert find_dates(text) == _reference_find_dates(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Posted April 3, 2026 · Source: portal", date(2026, 4, 3)),
    ("Release date: 3 April 2026", date(2026, 4, 3)),
    ("Apr. 3rd, 2026", date(2026, 4, 3)), ("on Sept 30 2025 and", date(2025, 9, 30)),
    ("updated December 1, 2025", date(2025, 12, 1)),
])
def test_an_english_pages_month_name_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["May 2026 report", "Mar 45, 2026", "in 2025, 12345 cases",
                                  "Marchers 3, 2026", "February 30, 2026"])
def test_what_is_no_english_date(text: str) -> None:
    assert find_dates(text) == []
