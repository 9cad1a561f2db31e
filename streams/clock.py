"""The program's one clock: every schedule, deadline, overdue check and timestamp reads `now()`.

``FAZHI_NOW`` (ISO 8601 with an offset, e.g. ``2026-04-02T09:00:00+08:00``) sets where the clock
stands when the process starts; from there it runs at the speed of the monotonic clock, so
schedules still advance while tests and replays stand on any date. The origin is fixed the first
time a value is read and kept while the variable keeps that value; a changed (or removed) variable
takes effect at once, so tests that set it do not leak it into the next.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

__all__ = ["ClockError", "now", "origin", "parse_now"]

ENV = "FAZHI_NOW"


class ClockError(ValueError):
    """``FAZHI_NOW`` is not an ISO 8601 timestamp with an offset."""


def parse_now(value: str) -> datetime:
    """`value` as an aware datetime; a clear error for anything else."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ClockError(f"{ENV}={value!r}: expected ISO 8601 with an offset, "
                         "e.g. 2026-04-02T09:00:00+08:00") from None  # fmt: skip
    if parsed.tzinfo is None:
        raise ClockError(f"{ENV}={value!r}: the offset is missing (e.g. +08:00 or Z)")
    return parsed


_last: tuple[str, datetime, float] | None = None   # the value last read, its instant, its reading


def origin() -> tuple[datetime, float] | None:
    """(the instant FAZHI_NOW names, the monotonic reading at that instant), or None without it."""
    global _last
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        _last = None
        return None
    if _last is None or _last[0] != raw:
        # Only the value last read is kept: set again after a change, the variable starts anew.
        _last = (raw, parse_now(raw), time.monotonic())
    return _last[1], _last[2]


def now() -> datetime:
    """The current instant, timezone-aware (UTC unless FAZHI_NOW gave another offset)."""
    start = origin()
    if start is None:
        return datetime.now(UTC)
    instant, at = start
    return instant + timedelta(seconds=time.monotonic() - at)
