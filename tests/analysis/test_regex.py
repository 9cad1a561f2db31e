import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.analysis._issuer import OPENING_SUBJECT, RELEASE_LEAD
from streams.analysis._regex import (
    Prefiltered,
    WindowedPattern,
    match_extent,
    required_literals,
    top_level_alternatives,
)


@pytest.mark.parametrize(("pattern", "parts"), [
    ("a|(b|c)", ["a", "(b|c)"]),
    (r"\(x|y\)", [r"\(x", r"y\)"]),
    ("[|(]a|b", ["[|(]a", "b"]),
    ("(?:a|b)", ["(?:a|b)"]),
    ("plain", ["plain"]),
])
def test_split_at_top_level_bars_only(pattern: str, parts: list[str]) -> None:
    assert top_level_alternatives(pattern) == parts


@pytest.mark.parametrize(("pattern", "parts"), [
    ("(?:a|b)", ["a", "b"]),
    ("(?:(?:a|b)|c)", ["(?:a|b)", "c"]),
    ("(?:a|b)c", ["(?:a|b)c"]),
    ("(?:a)|(?:b)", ["(?:a)", "(?:b)"]),
])
def test_unwrap_opens_one_enclosing_group(pattern: str, parts: list[str]) -> None:
    assert top_level_alternatives(pattern, unwrap=True) == parts


@pytest.mark.parametrize(("pattern", "sets"), [
    ("abc", {("abc",)}),
    ("a(?:bc|de)f", {("a",), ("bc", "de"), ("f",)}),
    ("(?:x|yz)+q?", {("x", "yz")}),
    ("[ab]c", {("a", "b"), ("c",)}),
    ("a?b*", set()),
    ("(?:a|[^b])c", {("c",)}),       # a branch without a literal gives no set
    ("(?=ab)c", {("c",)}),           # lookarounds require nothing of the match
    ("(?i)abc", set()),
    ("a(?i:b)", set()),
])
def test_required_literals(pattern: str, sets: set[tuple[str, ...]]) -> None:
    assert set(required_literals(re.compile(pattern))) == sets


# Pieces of report leads, so that generated texts match the patterns often, and near-misses too.
_PIECES = ["，", "。", "2023", "年", "度", "某市司法局", "区政府", "发布", "公布", "了", "法治政府", "建设",
           "依法行政", "情况", "报告", "今年以来", "一年来", "在", "领导下", " ", "正式"]
_SAMPLE_PATTERNS = (RELEASE_LEAD.pattern, OPENING_SUBJECT.pattern,
                    re.compile(r"(?:^|，)\s*[^，]{2,8}?(?:发布|公布)(?:了)?\d{4}年(?:度)?[^，]{0,6}报告"))


_SOME = st.lists(st.sampled_from(_PIECES), max_size=4).map("".join)
# A release lead with each part varied or left out: matches and near-misses.
_LEADS = st.tuples(
    _SOME, st.sampled_from(["，", "。", ""]), st.sampled_from(["某市司法局", "区政府", "市", ""]),
    st.sampled_from(["发布", "公布了", "正式发布", "印发"]), st.sampled_from(["2023年", "2023年度", "2023"]),
    _SOME, st.sampled_from(["法治政府建设", "依法行政", "建设"]), _SOME, st.sampled_from(["报告", ""]), _SOME,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join), _LEADS))
def test_prefiltered_search_finds_what_the_pattern_finds(text: str) -> None:
    for pattern in _SAMPLE_PATTERNS:
        match = pattern.search(text)
        found = Prefiltered(pattern).search(text)
        assert (match.span() if match else None) == (found.span() if found else None)
        if match:  # each literal set is met within the match itself
            assert all(any(lit in match.group() for lit in lits) for lits in required_literals(pattern))


def test_sample_texts_do_match() -> None:  # the property above is not vacuous
    assert RELEASE_LEAD.search("，某市司法局发布2023年度法治政府建设情况报告")
    assert OPENING_SUBJECT.search("2023年，区政府在领导下，某市司法局坚持")


@pytest.mark.parametrize(("pattern", "extent"), [
    ("abc", (3, 0)),
    ("a[^x]{0,5}b", (7, 0)),
    ("ab$", (2, 1)),
    (r"ab\b", (2, 1)),
    ("a(?=bcd)", (1, 3)),
    ("a(?!b{1,4})c", (2, 4)),
    ("(?<=xyz)a", (1, 0)),             # a lookbehind looks back, never past the end
    ("a(?=b(?=cd))", (1, 3)),          # nested lookaheads add up (an upper bound)
    ("a+b", None),
    ("a(?=b*)", None),
])
def test_match_extent(pattern: str, extent: tuple[int, int] | None) -> None:
    assert match_extent(re.compile(pattern)) == extent


# Patterns whose acceptance looks past the match (lookahead, $, \b), before it (lookbehind, ^) or runs
# far (bounded repeats), each windowed by a literal of two characters; texts built from their pieces.
_WINDOWED = [re.compile(p, re.MULTILINE) for p in (
    r"(?:报告|汇报)如下", r"[^。\n]{0,12}报告如下(?!。)", r"(?:年度)?报告如下$", r"^[^\n]{0,6}如下",
    r"(?<=现将)[^。]{0,9}如下", r"[^。\n]?如下(?=[^。]{3})", r"(?:特此|现将)(?:通知|报告)\b",
    r"(?:现将|特此)[^。\n]{0,20}?(?:报告|通知)(?:如下)?",
)]
_WINDOW_PIECES = ["报告", "如下", "现将", "特此", "通知", "。", "\n", "a", "年度", "工作情况"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WINDOW_PIECES), max_size=150).map("".join))
def test_windowed_search_and_count_are_those_of_the_whole_text(text: str) -> None:
    # WindowedPattern searches only around the literals its every match holds (speed): it must find
    # what the pattern finds on the whole text, and count the same matches.
    for pattern in _WINDOWED:
        windowed = WindowedPattern(pattern)
        assert windowed.literals, pattern.pattern       # the property is about windows, not whole searches
        whole = pattern.search(text)
        found = windowed.search(text)
        assert (whole.span() if whole else None) == (found.span() if found else None), pattern.pattern
        matches = len(pattern.findall(text))
        assert windowed.count(text, 1000) == matches, pattern.pattern
        assert windowed.count(text, 2) == min(2, matches), pattern.pattern


def test_windowed_patterns_are_searched_in_windows_on_long_texts() -> None:  # not vacuous
    text = "推进依法行政。" * 40 + "现将工作情况报告如下：" + "推进依法行政。" * 40
    windowed = WindowedPattern(_WINDOWED[1])
    spans = windowed.windows(text)
    assert spans is not None and sum(end - start for start, end in spans) < len(text) / 10
    assert windowed.search(text).group() == "现将工作情况报告如下"
