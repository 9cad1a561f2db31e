"""Retry policy: which outcomes retry, bounded attempts, capped backoff with jitter, Retry-After."""

from __future__ import annotations

import random

from crawlers.outcomes import Outcome
from crawlers.retry import RetryPolicy


def test_what_is_retried() -> None:
    policy = RetryPolicy(attempts=3)
    assert policy.should_retry(Outcome.timeout, None, 1)
    assert policy.should_retry(Outcome.http_error, None, 2)  # no response at all
    assert policy.should_retry(Outcome.http_error, 503, 1) and policy.should_retry(Outcome.http_error, 429, 1)
    assert not policy.should_retry(Outcome.http_error, 503, 3)  # bounded
    assert not policy.should_retry(Outcome.http_error, 404, 1)
    for outcome in (Outcome.ok, Outcome.not_modified, Outcome.blocked_challenge, Outcome.too_large,
                    Outcome.robots_disallowed, Outcome.invalid):
        assert not policy.should_retry(outcome, 412, 1), outcome


def test_backoff_grows_is_capped_and_jittered() -> None:
    policy = RetryPolicy(attempts=10, base_delay=1.0, max_delay=8.0, rng=random.Random(7))
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        waits = [policy.backoff(attempt) for _ in range(200)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(set(waits)) > 100  # jitter: the waits differ
    assert policy.backoff(1, retry_after=5.0) == 5.0  # Retry-After wins when longer
    assert policy.backoff(1, retry_after=30.0) is None  # too long: give up now, host stays held


def test_tenacity_runs_the_tries_the_policy_allows() -> None:
    import asyncio
    from dataclasses import dataclass

    @dataclass
    class Result:
        outcome: Outcome
        status: int | None = None
        retry_after: float | None = None

    def run(*results: Result, attempts: int = 3) -> tuple[Result, int, list[float]]:
        waits: list[float] = []

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        answers = iter(results)
        retrying = RetryPolicy(attempts=attempts, base_delay=1.0, max_delay=8.0).retrying(sleep)

        async def attempt() -> Result:
            return next(answers)

        last = asyncio.run(retrying(attempt))
        return last, retrying.statistics["attempt_number"], waits

    ok = Result(Outcome.ok, 200)
    last, tries, waits = run(Result(Outcome.timeout), Result(Outcome.http_error, 503), ok)
    assert (last, tries, len(waits)) == (ok, 3, 2) and 0.5 <= waits[0] <= 1.0 and 1.0 <= waits[1] <= 2.0
    # Used up: the last failure is the result, not an exception.
    last, tries, _ = run(*[Result(Outcome.http_error, 502)] * 3)
    assert (last.status, tries) == (502, 3)
    # Not worth another try (a 404), or a Retry-After longer than the longest wait: one try.
    assert run(Result(Outcome.http_error, 404))[1] == 1
    assert run(Result(Outcome.http_error, 429, retry_after=60.0))[1] == 1
    assert run(Result(Outcome.http_error, 429, retry_after=5.0), ok)[2] == [5.0]  # Retry-After honoured
