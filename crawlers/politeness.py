"""Per-host politeness: one request in flight, a pause between requests, slowing down when asked.

By default the pause runs from the END of one request to the START of the next, so a server gets
the whole delay to rest however slowly it answers (Heritrix and Nutch count it so);
FAZHI_CRAWL_DELAY_FROM=start counts it from one start to the next, as Scrapy's DOWNLOAD_DELAY does.
The delay of a host is the longest of FAZHI_CRAWL_DELAY, the portal's override and robots.txt's
Crawl-delay, plus an adaptive backoff: a 429, a 5xx, a challenge or a second timeout in a row
doubles it (1 s when it was 0; at most FAZHI_CRAWL_MAX_DELAY), a Retry-After holds the host for
that long, and each good answer takes half of it away. A single timeout is one slow page,
and it held the host for the read timeout already.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

from crawlers.outcomes import Outcome

DelayFrom = Literal["end", "start"]

MIN_BACKOFF = 1.0   # seconds added by the first slow-down of a host without a delay
RECOVERY = 0.5      # backoff kept after each good answer
_FORGET_BELOW = 0.05
TIMEOUTS_OVERLOAD = 2  # timeouts in a row that mean "overloaded", not "one slow page"


@dataclass
class _Host:
    delay: float = 0.0        # configured: max of settings, portal override, Crawl-delay
    backoff: float = 0.0      # adaptive extra
    next_start: float = 0.0   # monotonic time before which no request may start
    started: float = 0.0      # when the last request started
    in_flight: int = 0
    concurrency: int = 1
    slowdowns: int = 0
    timeouts: int = 0         # timeouts in a row
    condition: asyncio.Condition = field(default_factory=asyncio.Condition)
    admission: asyncio.Lock = field(default_factory=asyncio.Lock)  # FIFO among waiters


def is_overload(outcome: Outcome, status: int | None, timeouts_in_a_row: int = 1) -> bool:
    """Answers that mean "slow down": 429, 5xx, challenges, a timeout after a timeout."""
    if outcome is Outcome.timeout:
        return timeouts_in_a_row >= TIMEOUTS_OVERLOAD
    if outcome is Outcome.blocked_challenge:
        return True
    return status is not None and (status == 429 or status >= 500)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    # The server's wall clock, not streams.clock: FAZHI_NOW must not turn a 60 s hold into months.
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Politeness:
    """The gate every request to a host passes through (`async with politeness.slot(host, ...)`)."""

    def __init__(self, max_delay: float, clock: Callable[[], float] = time.monotonic,
                 delay_from: DelayFrom = "end") -> None:  # fmt: skip
        self._max_delay = max_delay
        self._from_end = delay_from == "end"
        self._clock = clock
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host()
        return state

    def delay_of(self, host: str) -> float:
        """The host's current pause between requests, backoff included."""
        state = self._hosts.get(host)
        return 0.0 if state is None else state.delay + state.backoff

    def slowdowns(self, host: str) -> int:
        state = self._hosts.get(host)
        return 0 if state is None else state.slowdowns

    @asynccontextmanager
    async def slot(self, host: str, *, delay: float, concurrency: int = 1) -> AsyncIterator[None]:
        """Wait for the host's turn, hold one of its `concurrency` places while the request runs."""
        state = self._host(host)
        state.delay = delay
        state.concurrency = max(1, concurrency)
        async with state.admission:
            async with state.condition:
                await state.condition.wait_for(lambda: state.in_flight < state.concurrency)
                state.in_flight += 1
            try:
                # next_start may move while we sleep (a Retry-After from a request in flight).
                while (wait := state.next_start - self._clock()) > 0:
                    await asyncio.sleep(wait)
            except BaseException:
                await self._release(state)
                raise
            state.started = self._clock()
            state.next_start = state.started + state.delay + state.backoff
        try:
            yield
        finally:
            await self._release(state)

    async def _release(self, state: _Host) -> None:
        # Again at the end: the backoff may have grown during the request.
        since = self._clock() if self._from_end else state.started
        state.next_start = max(state.next_start, since + state.delay + state.backoff)
        async with state.condition:
            state.in_flight -= 1
            state.condition.notify_all()

    def record(self, host: str, outcome: Outcome, status: int | None,
               retry_after: float | None = None) -> None:
        """Adapt the host's pace to an answer; call before leaving the slot."""
        state = self._host(host)
        state.timeouts = state.timeouts + 1 if outcome is Outcome.timeout else 0
        if is_overload(outcome, status, state.timeouts):
            state.slowdowns += 1
            # The pause doubles (the pace halves); a host without a pause gets MIN_BACKOFF.
            paused = state.delay + state.backoff
            state.backoff = min(self._max_delay, 2 * paused - state.delay if paused else MIN_BACKOFF)
        elif outcome is not Outcome.invalid:
            state.backoff = state.backoff * RECOVERY if state.backoff * RECOVERY >= _FORGET_BELOW else 0.0
        if retry_after is not None and retry_after > 0:
            hold = min(retry_after, self._max_delay)
            state.next_start = max(state.next_start, self._clock() + hold)
