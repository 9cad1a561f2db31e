import pytest

from streams.analysis._regex import top_level_alternatives


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
