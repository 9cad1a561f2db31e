"""Plain-text tables for the commands that print one (`fazhi analyze`, `reports`, `coverage`).

Widths are display columns, not characters: a CJK character takes two (wcwidth knows which).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from wcwidth import wcwidth

__all__ = ["display_width", "write_table"]


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal; a control character counts as none."""
    return sum(max(wcwidth(char), 0) for char in text)


def write_table(rows: Sequence[Sequence[str]], out: IO[str]) -> None:
    """`rows` (the first is the header) as left-aligned columns two spaces apart."""
    if not rows:
        return
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        out.write("  ".join(cells).rstrip() + "\n")
