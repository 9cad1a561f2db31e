"""Date parsing shared by cleaning and extraction: text dates, Chinese-numeral dates, CMS URL dates.

All functions are pure and never raise; impossible dates (2022-02-30, month 13, year 1066) are
rejected and simply not returned.
"""

from __future__ import annotations

import re
from datetime import date

from streams.analysis._script import halfwidth

# Plausible publication / report years; anything outside is a number that only looks like a date.
MIN_YEAR = 1949
MAX_YEAR = 2100

# Full-width separators a date is written with (２０２４－０３－２８), read as ASCII with its digits.
_DATE_MARKS = "－／．："


def _halfwidth(text: str) -> str:
    return halfwidth(text, _DATE_MARKS)

# Characters used as digits in Chinese-numeral years ("二〇二二", "二○二二", "二零二二").
_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "Ｏ": 0, "О": 0, "O": 0, "0": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_YEAR_DIGIT = "〇○零ＯОO0一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"

# The year leads and the "no digit before it" lookbehind stands after its first two digits (where it
# looks three characters back): the same matches as (?<![0-9])(?P<y>(?:19|20|21)[0-9]{2}), but re then
# skips to a '1' or '2' instead of trying the lookbehind at every character (half the time).
_NUMERIC_DATE = re.compile(
    r"(?P<y>(?:19|20|21)(?<![0-9][12][0-9])[0-9]{2})\s*"
    r"(?:"
    r"(?P<sep>[-/.])\s*(?P<m1>[0-9]{1,2})\s*(?P=sep)\s*(?P<d1>[0-9]{1,2})"
    # no digit after the day, unless a time of day follows it without a blank (2024-12-2110:20: a copy
    # that lost its spaces)
    r"(?:(?![0-9])|(?=(?:[01][0-9]|2[0-3]):[0-5][0-9]))"
    r"|年\s*(?P<m2>[0-9]{1,2})\s*月\s*(?P<d2>[0-9]{1,2})\s*[日号]"
    r")"
)
_CHINESE_DATE = re.compile(
    rf"(?P<y>[{_CN_YEAR_DIGIT}]{{4}})\s*年\s*(?P<m>[{_CN_SMALL}]{{1,2}})\s*月\s*"
    rf"(?P<d>[{_CN_SMALL}]{{1,3}})\s*[日号]"
)

# A machine-translated or English page's dates: April 3, 2026 / Apr. 3rd, 2026 / 3 April 2026.
_MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH_NAMES = sorted({name.capitalize() for name in _MONTHS}, key=len, reverse=True)
_MONTH = "(?P<{}>" + "|".join(_MONTH_NAMES) + r")\.?"
_ENGLISH_DATE = re.compile(
    rf"\b(?:{_MONTH.format('m1')}\s+(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?,?"
    rf"|(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.format('m2')},?)\s+(?P<y>(?:19|20|21)[0-9]{{2}})(?![0-9])"
)

# CMS address patterns, most specific first. Each yields (year, month, day) groups.
_URL_PATTERNS: tuple[re.Pattern[str], ...] = (
    # TRS WCM: /202303/t20230313_123.html
    re.compile(r"/t((?:19|20|21)\d{2})(\d{2})(\d{2})_\d+"),
    # Hanweb JCMS: /art/2024/1/18/art_123_456.html
    re.compile(r"/art/((?:19|20|21)\d{2})/(\d{1,2})/(\d{1,2})/"),
    # /c/2024-03-28/ and other /YYYY-MM-DD/ path segments
    re.compile(r"/((?:19|20|21)\d{2})-(\d{1,2})-(\d{1,2})(?:/|_|\.)"),
    # /2021/01-26/ (news CMS)
    re.compile(r"/((?:19|20|21)\d{2})/(\d{2})-(\d{2})/"),
    # /2024-03/28/ (Xinhua-style)
    re.compile(r"/((?:19|20|21)\d{2})-(\d{2})/(\d{2})/"),
    # /2024/0318/ (people.cn-style)
    re.compile(r"/((?:19|20|21)\d{2})/(\d{2})(\d{2})/"),
    # /20240318/ directory or /20240318_xxx file stem
    re.compile(r"/((?:19|20|21)\d{2})(\d{2})(\d{2})(?:/|_)"),
    # /2024/03/18/ and /202403/18/ directories
    re.compile(r"/((?:19|20|21)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20|21)\d{2})(\d{2})/(\d{2})/"),
    # TRS attachments beside the page: P020240318….pdf, W020240318….docx
    re.compile(r"/[PW]0((?:19|20|21)\d{2})(\d{2})(\d{2})\d*\.[a-z]+$"),
    # file stems ending in a date: …_20240318.html, content-20240318.shtml
    re.compile(r"[_-]((?:19|20|21)\d{2})(\d{2})(\d{2})\.s?html?$"),
    # a timestamp as the page's id (ASP.NET CMSes: Detail.aspx?id=20240103170226410): the date, then
    # a valid time of day and any further digits
    re.compile(r"[=/]((?:19|20|21)\d{2})(\d{2})(\d{2})(?:[01]\d|2[0-3])[0-5]\d[0-5]\d\d*(?![0-9])"),
)


def _make_date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _small_chinese_number(text: str) -> int | None:
    """'十' -> 10, '十二' -> 12, '二十' -> 20, '二十三' -> 23, '三' -> 3; None otherwise."""
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    tens_value = _CN_DIGITS.get(tens, -1) if tens else 1
    units_value = _CN_DIGITS.get(units, -1) if units else 0
    if tens_value <= 0 or units_value < 0:
        return None
    return tens_value * 10 + units_value


def _chinese_year(text: str) -> int | None:
    value = 0
    for char in text:
        digit = _CN_DIGITS.get(char)
        if digit is None:
            return None
        value = value * 10 + digit
    return value


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every valid date in `text` as (date, start, end) offsets into `text`, in order of position."""
    if not text or not isinstance(text, str):
        return []
    normalized = _halfwidth(text)
    found: list[tuple[date, int, int]] = []
    # Every numeric date's year starts 19, 20 or 21: most texts (label values, title lines) have none,
    # and str's search rules them out faster than re tests each character against the year's class.
    if "20" in normalized or "19" in normalized or "21" in normalized:
        for match in _NUMERIC_DATE.finditer(normalized):
            year, month, day, month_ymd, day_ymd = match.group("y", "m1", "d1", "m2", "d2")
            parsed = _make_date(int(year), int(month or month_ymd), int(day or day_ymd))
            if parsed is not None:
                found.append((parsed, match.start(), match.end()))
    if " 20" in normalized or " 19" in normalized:     # the year after a blank: gates the English form
        for match in _ENGLISH_DATE.finditer(normalized):
            month = _MONTHS[(match.group("m1") or match.group("m2")).lower()]
            parsed = _make_date(int(match.group("y")), month, int(match.group("d1") or match.group("d2")))
            if parsed is not None:
                found.append((parsed, match.start(), match.end()))
    if "年" in normalized:
        for match in _CHINESE_DATE.finditer(normalized):
            year = _chinese_year(match.group("y"))
            month = _small_chinese_number(match.group("m"))
            day = _small_chinese_number(match.group("d"))
            if year is None or month is None or day is None:
                continue
            parsed = _make_date(year, month, day)
            if parsed is not None:
                found.append((parsed, match.start(), match.end()))
    if len(found) > 1:
        found.sort(key=lambda item: item[1])
    return found


_COMPACT_DATE = re.compile(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})(?![0-9])")


def parse_labeled_date(value: str) -> date | None:
    """The date after a 发布日期 / 时间 label: any `parse_date` form, or compact 20240305."""
    found = parse_date(value)
    if found is not None:
        return found
    compact = _COMPACT_DATE.match(_halfwidth(value)) if isinstance(value, str) else None
    return _make_date(*map(int, compact.groups())) if compact else None


def parse_date(text: str) -> date | None:
    """The first valid date in `text`, or None.

    Accepts "2022-02-15 15:49", "2022/2/15", "2022年2月15号", full-width digits, "二〇二二年二月十五日".
    """
    dates = find_dates(text)
    return dates[0][0] if dates else None


def date_from_url(url: str | None) -> date | None:
    """The publication date a government CMS embeds in a page address, or None."""
    if not url or not isinstance(url, str):
        return None
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(url):
            parsed = _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if parsed is not None:
                return parsed
    return None
