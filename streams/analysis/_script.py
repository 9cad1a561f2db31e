"""Traditional -> simplified Chinese with OpenCC (the maintained converter and its dictionaries).

Pages copied onto mirror and spam sites are often in traditional characters (法治政府建設…報告);
every rule, lexicon and place table here is written in simplified characters. OpenCC's `t2s`
configuration converts, phrase-aware. The set of characters that t2s changes is read from OpenCC
itself once at import (about 2 ms), so pages without any of them, nearly all, skip the
conversion after one character-class search.
"""

from __future__ import annotations

import re

import opencc

_CONVERTER = opencc.OpenCC("t2s")
# The CJK blocks a page's traditional characters come from (unified ideographs and extension A).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def _changed_characters() -> dict[str, str]:
    """Every character t2s converts on its own, with its single-character simplified form."""
    chars = [chr(code) for low, high in _CJK_RANGES for code in range(low, high + 1)]
    # One character per line: line breaks stop OpenCC's phrase matching between neighbours.
    converted = _CONVERTER.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):     # never seen; fall back to per-character calls
        converted = [_CONVERTER.convert(char) for char in chars]
    return {old: new for old, new in zip(chars, converted, strict=True) if old != new and len(new) == 1}


_CHARACTERS = _changed_characters()
_TRADITIONAL = re.compile("[" + "".join(sorted(_CHARACTERS)) + "]")
_ONE_TO_ONE = str.maketrans(_CHARACTERS)


# A page is written in one script throughout: its first characters tell which, and a search over
# them costs a few microseconds where one over a long page would cost tens.
SAMPLE_CHARS = 3000


def has_traditional(text: str) -> bool:
    """Does the start of `text` hold a character that t2s converts?"""
    return bool(text) and _TRADITIONAL.search(text, 0, SAMPLE_CHARS) is not None


def to_simplified(text: str) -> str:
    """`text` in simplified characters (phrase-aware); unchanged when it has no traditional ones."""
    if not has_traditional(text):
        return text
    return _CONVERTER.convert(text)


def to_simplified_same_length(text: str) -> str:
    """Like `to_simplified`, but never moves an offset: character for character when needed."""
    if not has_traditional(text):
        return text
    converted = _CONVERTER.convert(text)
    return converted if len(converted) == len(text) else text.translate(_ONE_TO_ONE)


# Full-width digits (２０２５年, Word's and WPS's habit) and marks as ASCII, one character to one so that
# offsets survive: the rules read years, dates and counts in ASCII. Each reader names the marks it wants
# as ASCII (dates: －／．：; counts: ％．); digits always.
_WIDE_DIGITS = "".join(chr(0xFF10 + digit) for digit in range(10))
_HALFWIDTH = dict(zip(_WIDE_DIGITS + "％．－／：", "0123456789%.-/:", strict=True))
_WIDE_DIGIT = re.compile(f"[{_WIDE_DIGITS}]")


def has_wide_digits(text: str) -> bool:
    """Does the start of `text` hold a full-width digit? (a page writes its digits one way throughout)"""
    return _WIDE_DIGIT.search(text, 0, SAMPLE_CHARS) is not None


def halfwidth(text: str, marks: str = "") -> str:
    """`text` with its full-width digits and the full-width `marks` as ASCII. Each is looked for with `in`
    (a memchr-like scan): a dozen scans of a page cost less than one class search testing every character,
    and str.translate, which looks every character up, is 20x slower than replacing the few present."""
    if text.isascii():
        return text
    for wide in _WIDE_DIGITS + marks:
        if wide in text:
            text = text.replace(wide, _HALFWIDTH[wide])
    return text
