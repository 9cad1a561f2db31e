"""Revisit intervals: adaptive between the bounds, shorter from January to April (Beijing time)."""

from __future__ import annotations

from datetime import UTC, datetime

from crawlers.schedule import next_due, next_interval, wait_after
from schemas.registry import Schedule

SCHEDULE = Schedule(base_interval=3600, min_interval=900, max_interval=4 * 3600, season_factor=0.25)


def test_first_visit_uses_the_base_interval_then_adapts_within_bounds() -> None:
    assert next_interval(SCHEDULE, None, found_new=False) == 3600
    assert next_interval(SCHEDULE, 3600, found_new=True) == 1800
    assert next_interval(SCHEDULE, 1000, found_new=True) == 900  # floor
    assert next_interval(SCHEDULE, 3600, found_new=False) == 5400
    assert next_interval(SCHEDULE, 4 * 3600, found_new=False) == 4 * 3600  # ceiling


def test_the_reporting_season_shortens_the_wait_but_not_below_the_minimum() -> None:
    march = datetime(2025, 3, 10, 12, tzinfo=UTC)
    june = datetime(2025, 6, 10, 12, tzinfo=UTC)
    assert wait_after(SCHEDULE, 8000, march) == 2000
    assert wait_after(SCHEDULE, 2000, march) == 900
    assert wait_after(SCHEDULE, 8000, june) == 8000
    # 30 April 20:00 UTC is already 1 May in Beijing: out of season.
    assert wait_after(SCHEDULE, 8000, datetime(2025, 4, 30, 20, tzinfo=UTC)) == 8000
    assert (next_due(SCHEDULE, 8000, june) - june).total_seconds() == 8000
