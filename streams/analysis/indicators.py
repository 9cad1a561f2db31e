"""Text -> indicator hits. (Placeholder: replaced by the catalogue-driven extractor.)"""

from __future__ import annotations

from schemas import Indicator


def find_indicators(text: str) -> list[Indicator]:
    return []
