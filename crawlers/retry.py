"""Which fetch results are tried again, and how long to wait first (bounded, with jitter).

The decisions are pure (`should_retry`, `backoff`); `retrying` hands them to tenacity, which runs
the tries (the one way to retry in this code base).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from tenacity import AsyncRetrying, RetryCallState, retry_if_result

from crawlers.outcomes import Outcome


class Tried(Protocol):
    """What one try gives (a `FetchResult`): enough to decide on the next."""

    outcome: Outcome
    status: int | None
    retry_after: float | None

#: Statuses worth another try: the server may answer differently in a moment.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3          # tries in all, the first included
    base_delay: float = 2.0    # before the first retry
    max_delay: float = 60.0    # longest single wait; a longer Retry-After ends the fetch
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def should_retry(self, outcome: Outcome, status: int | None, attempt: int) -> bool:
        """After try number `attempt` (1-based) gave `outcome`/`status`.

        Timeouts and answers without a response (`http_error` with no status: refused connection,
        reset, DNS failure) and RETRY_STATUSES retry; challenges never (asking again does not
        make them go away and looks like an attack), nor other 4xx, nor refusals.
        """
        if attempt >= self.attempts:
            return False
        if outcome is Outcome.timeout:
            return True
        return outcome is Outcome.http_error and (status is None or status in RETRY_STATUSES)

    def backoff(self, attempt: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before try `attempt + 1`, or None when Retry-After asks for more than max_delay."""
        if retry_after is not None and retry_after > self.max_delay:
            return None
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        wait = self.rng.uniform(ceiling / 2, ceiling)
        return max(wait, retry_after or 0.0)

    def retrying(self, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> AsyncRetrying:
        """Tenacity's tries of a fetch: the last result is returned (never an exception) when no
        further try is worth it, the tries are used up or a Retry-After asks for too long."""

        def worth(result: Tried) -> bool:
            return result.outcome in (Outcome.timeout, Outcome.http_error)

        def stop(state: RetryCallState) -> bool:
            result: Tried = state.outcome.result()  # type: ignore[union-attr]
            return (not self.should_retry(result.outcome, result.status, state.attempt_number)
                    or self.backoff(state.attempt_number, result.retry_after) is None)  # fmt: skip

        def wait(state: RetryCallState) -> float:
            result: Tried = state.outcome.result()  # type: ignore[union-attr]
            return self.backoff(state.attempt_number, result.retry_after) or 0.0

        return AsyncRetrying(retry=retry_if_result(worth), stop=stop, wait=wait, sleep=sleep,
                             retry_error_callback=lambda state: state.outcome.result())  # type: ignore[union-attr]
