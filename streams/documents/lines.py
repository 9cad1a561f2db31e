"""Fixed-layout text (PDF, OFD) back into paragraphs.

A PDF gives lines, not paragraphs: a sentence broken at the right margin, the page's running
header and footer and its page number in the middle of the text. Analysis wants paragraphs: a
figure split over two lines ("受理行政复议申请 / 96件") is not read, and a heading must start its
line. So: page numbers and running headers/footers go, lines join into paragraphs, and a
paragraph ends where a line stops short of the right margin, or before a heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–_~·.]*(?:第\s*)?[0-9０-９]{1,4}(?:\s*页)?(?:\s*[/／]\s*[0-9]{1,4}|\s*共\s*[0-9]{1,4}\s*页)?[\s\-—–_~·.]*$"
    r"|^(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}$",
    re.IGNORECASE,
)
# A line that starts a heading or a list item: 一、 （一） (1) 1. 1、 第一章 附件 ...
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十百\d]{1,4}[章节条部分]|附件\s*\d*\s*[:：]?|[一二三四五六七八九十]是)"
)
_SENTENCE_END = "。！？!?；;：:」』”）)…"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WIDE = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_WIDE}])[ \t\u00a0]+(?=[{_WIDE}])")
_DIGITS = re.compile(r"[0-9０-９]+")


def width(text: str) -> int:
    """Display width: CJK characters count two, others one."""
    return sum(2 if _CJK.match(ch) else 1 for ch in text)


def normalize_line(line: str) -> str:
    line = _SPACE_BETWEEN_CJK.sub("", line.replace("\u3000", " ").strip())
    return re.sub(r"[ \t\u00a0]{2,}", " ", line)


class Line(NamedTuple):
    """One line of a fixed-layout page: its text, and where it starts and its font size when known."""

    text: str
    x: float | None = None
    size: float | None = None


def running_lines(pages: Sequence[Sequence[Line]]) -> set[str]:
    """Header/footer lines: at the same place among the first or last two lines of at least half the pages.

    Digits are masked, so "- 3 -" and "- 4 -" or "2025年…报告 第3页" count as one line.
    """
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[int, str]] = Counter()
    for lines in pages:
        edge = {(i, _DIGITS.sub("#", lines[i].text)) for i in (0, 1, -1, -2) if -len(lines) <= i < len(lines)}
        counts.update(edge)
    needed = max(2, (len(pages) + 1) // 2)
    return {masked for (_, masked), count in counts.items() if count >= needed}


def paragraphs_from_pages(pages: Sequence[Sequence[Line | str]]) -> list[str]:
    """Lines of each page -> paragraphs, page furniture dropped and broken lines joined."""
    cleaned: list[list[Line]] = []
    for lines in pages:
        page = []
        for line in lines:
            line = Line(line) if isinstance(line, str) else line
            text = normalize_line(line.text)
            if text:
                page.append(line._replace(text=text))
        cleaned.append(page)
    furniture = running_lines(cleaned)
    kept = [line for lines in cleaned for line in lines
            if not _PAGE_NUMBER.match(line.text) and _DIGITS.sub("#", line.text) not in furniture]
    return join_lines(kept)


def join_lines(lines: Sequence[Line | str]) -> list[str]:
    """Join lines broken at the margin into paragraphs.

    A line starts a new paragraph when it starts a heading, when the line before stopped short of
    the right margin, or (positions known) when it is indented or centred. Consecutive lines in a
    larger font than the body (a title over two lines) join.
    """
    items = [Line(line) if isinstance(line, str) else line for line in lines]
    if not items:
        return []
    body_size = _common([round(line.size, 1) for line in items if line.size], weights=[
        len(line.text) for line in items if line.size])
    body = [line for line in items
            if line.size is None or body_size is None or round(line.size, 1) == body_size]
    left = _left_margin([round(line.x) for line in body if line.x is not None])
    full = _full_width([line.text for line in body])
    paragraphs: list[str] = []
    current: Line | None = None
    text = ""
    for line in items:
        if current is not None and _continues(current, line, full, left, body_size):
            text += _joiner(text, line.text) + line.text
        else:
            if text:
                paragraphs.append(text)
            text = line.text
        current = line
    if text:
        paragraphs.append(text)
    return paragraphs


def _common(values: Sequence[float], weights: Sequence[int] | None = None) -> float | None:
    if not values:
        return None
    counts: Counter[float] = Counter()
    for value, weight in zip(values, weights or [1] * len(values), strict=True):
        counts[value] += weight
    return counts.most_common(1)[0][0]


def _left_margin(xs: Sequence[int]) -> int | None:
    """Where body lines start: the leftmost start shared by several lines (first lines are indented)."""
    counts = Counter(xs)
    shared = [x for x, count in counts.items() if count >= max(2, len(xs) // 20)]
    return min(shared) if shared else (min(xs) if xs else None)


def _full_width(texts: Sequence[str]) -> int:
    """The width of a full line (one that reached the right margin): the common long width."""
    widths = sorted(width(text) for text in texts if width(text) >= 20)
    if not widths:
        return 0
    return widths[int(len(widths) * 0.75)]


def _is_display(line: Line, body_size: float | None) -> bool:
    return bool(line.size and body_size and line.size > body_size * 1.15)


def _continues(previous: Line, line: Line, full: int, left: float | None, body_size: float | None) -> bool:
    if _is_display(previous, body_size) or _is_display(line, body_size):
        return _is_display(previous, body_size) and _is_display(line, body_size)  # a title's lines
    if _HEADING_START.match(line.text):
        return False
    if full == 0 or width(previous.text) < full * 0.85:
        return False  # the previous line stopped short of the margin: its paragraph ended
    if left is not None and line.x is not None and line.x > left + 0.5 * (body_size or 10):
        return False  # indented (a paragraph's first line) or centred
    # A heading on its own line ends there.
    return not (_HEADING_START.match(previous.text) and previous.text[-1] not in _SENTENCE_END
                and width(previous.text) < full)
def _joiner(left: str, right: str) -> str:
    # Words of Latin text take a space; a number broken over two lines ("6" / "5件") does not.
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return " "
    return ""
