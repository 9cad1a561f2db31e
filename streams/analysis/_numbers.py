"""Number glue for indicator extraction: Arabic and Chinese numerals to int/float.

Chinese numerals are converted by `cn2an`; this module only decides what is a numeral worth
converting and applies 万/亿 multipliers exactly (Decimal, so 78.9万 is 789000, not 788999.99).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

# No stated count or amount needs more digits than this; longer runs are codes or garbage.
MAX_DIGITS = 15
# Characters that carry magnitude inside a Chinese numeral; a numeral without any of them is a
# digit-by-digit string (二〇二二, 一二) and not a quantity.
_CHINESE_MAGNITUDE = frozenset("十百千万亿")


def parse_arabic(digits: str) -> Decimal | int | None:
    """'1,698' -> 1698, '98.19' -> Decimal('98.19'); None for anything else (or too long)."""
    if len(digits) > MAX_DIGITS + 6:  # room for separators and decimals
        return None
    if digits.isascii() and digits.isdigit():
        return int(digits)  # the common case, without Decimal's cost
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096)
def parse_chinese(numeral: str) -> Decimal | None:
    """'六' -> 6, '十二' -> 12, '两万' -> 20000; None for digit strings and unparsable text."""
    if not numeral or len(numeral) > MAX_DIGITS:
        return None
    if len(numeral) > 1 and not _CHINESE_MAGNITUDE.intersection(numeral):
        return None
    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def plain_number(value: Decimal | int) -> int | float:
    """Integral values as int (so 100 prints as 100), others as float."""
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)
