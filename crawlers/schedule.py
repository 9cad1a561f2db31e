"""When to look at a column again: an adaptive interval between the portal's bounds, seasonal.

A visit that found new items halves the interval, one that found nothing stretches it by half,
always within ``[min_interval, max_interval]`` of the portal's `Schedule`. The interval kept in the
crawl state is the unseasoned one; from January to April (Beijing time), when most reports
appear, the wait is multiplied by ``season_factor`` (still no shorter than ``min_interval``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from schemas.registry import Schedule

BEIJING = timezone(timedelta(hours=8))
SEASON_MONTHS = range(1, 5)  # January to April
FASTER, SLOWER = 0.5, 1.5


def next_interval(schedule: Schedule, current: float | None, found_new: bool) -> float:
    """The interval after a visit (seconds), from the previous one (None: first visit)."""
    if current is None:
        return schedule.base_interval
    value = current * (FASTER if found_new else SLOWER)
    return min(max(value, schedule.min_interval), schedule.max_interval)


def wait_after(schedule: Schedule, interval: float, moment: datetime) -> float:
    """Seconds from `moment` to the next visit: the interval, shortened in the reporting season."""
    if moment.astimezone(BEIJING).month in SEASON_MONTHS:
        return max(interval * schedule.season_factor, schedule.min_interval)
    return interval


def next_due(schedule: Schedule, interval: float, moment: datetime) -> datetime:
    return moment + timedelta(seconds=wait_after(schedule, interval, moment))
