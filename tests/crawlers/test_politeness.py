"""Politeness measured on the server: per-host spacing, hosts in parallel, slowing down on 429."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aiohttp import web

from crawlers.fetcher import Fetcher, FetchResult
from crawlers.outcomes import Outcome
from crawlers.politeness import MIN_BACKOFF, DelayFrom, Politeness, is_overload, parse_retry_after
from schemas.registry import Portal

from .conftest import HOSTS, LocalServer

ALPHA, BETA = HOSTS


def gaps(times: list[float]) -> list[float]:
    ordered = sorted(times)
    return [later - earlier for earlier, later in itertools.pairwise(ordered)]


def test_one_host_is_never_asked_twice_within_the_delay(server: LocalServer, settings_for: Callable,
                                                        portal_for: Callable) -> None:
    delay = 0.25

    async def slowish(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.05)  # a response takes time: the delay counts from its end
        return web.Response(text="<html>item</html>")

    for n in range(8):
        server.route(ALPHA, f"/art/{n}.html", slowish)

    async def scenario() -> list[FetchResult]:
        async with Fetcher(settings_for(crawl_delay=delay)) as fetcher:
            # All at once: the gate, not the caller, must space them.
            urls = [server.url(ALPHA, f"/art/{n}.html") for n in range(8)]
            return await asyncio.gather(*(fetcher.fetch(url, portal=portal_for()) for url in urls))

    results = asyncio.run(scenario())
    assert [r.outcome for r in results] == [Outcome.ok] * 8
    arrivals = [hit.at for hit in server.hits_of(ALPHA)]  # robots.txt included: it is a request too
    assert len(arrivals) == 9
    assert min(gaps(arrivals)) >= delay
    pages = [hit.at for hit in server.hits_of(ALPHA) if hit.path.startswith("/art/")]
    assert min(gaps(pages)) >= delay + 0.05 * 0.9


def test_counted_from_the_start_a_slow_answer_uses_up_the_pause() -> None:
    async def gaps_between_starts(delay_from: DelayFrom) -> list[float]:
        gate = Politeness(max_delay=5.0, delay_from=delay_from)
        starts: list[float] = []

        async def request() -> None:
            async with gate.slot("h", delay=0.2):
                starts.append(time.monotonic())
                await asyncio.sleep(0.15)  # the answer takes most of the delay

        await asyncio.gather(*(request() for _ in range(4)))
        return gaps(starts)

    from_end = asyncio.run(gaps_between_starts("end"))
    from_start = asyncio.run(gaps_between_starts("start"))
    assert min(from_end) >= 0.2 + 0.15 * 0.9  # the whole delay after each answer
    assert min(from_start) >= 0.2 * 0.98  # never closer than the delay either way
    assert sum(from_start) < sum(from_end) - 0.3  # but the answers' time is not added (3 x 0.15 s)


def test_portal_override_and_two_hosts_in_parallel(server: LocalServer, settings_for: Callable,
                                                   portal_for: Callable) -> None:
    for host in HOSTS:
        for n in range(5):
            server.page(host, f"/p{n}", "<html>x</html>")

    async def scenario() -> None:
        async with Fetcher(settings_for(crawl_delay=0.1)) as fetcher:
            slow_alpha = portal_for(host=ALPHA, delay=0.3)  # stricter than the setting: wins
            beta = portal_for(host=BETA)
            await asyncio.gather(
                *(fetcher.fetch(server.url(ALPHA, f"/p{n}"), portal=slow_alpha) for n in range(5)),
                *(fetcher.fetch(server.url(BETA, f"/p{n}"), portal=beta) for n in range(5)))

    asyncio.run(scenario())
    alpha = [hit.at for hit in server.hits_of(ALPHA)]
    beta = [hit.at for hit in server.hits_of(BETA)]
    assert min(gaps(alpha)) >= 0.3 and min(gaps(beta)) >= 0.1
    # Beta did not wait for alpha: all of beta's requests arrived before alpha's last one.
    assert max(beta) < max(alpha)
    assert min(alpha) < max(beta)


def test_429_with_retry_after_slows_the_host_down_then_it_recovers(
        server: LocalServer, settings_for: Callable, portal_for: Callable) -> None:
    async def busy(request: web.Request) -> web.StreamResponse:
        return web.Response(status=429, text="slow down", headers={"Retry-After": "1"})

    server.route(ALPHA, "/busy", busy)
    for n in range(12):
        server.page(ALPHA, f"/ok{n}", "<html>x</html>")
    server.page(BETA, "/other", "<html>x</html>")
    observed: dict[str, float] = {}

    async def scenario() -> tuple[FetchResult, list[FetchResult]]:
        async with Fetcher(settings_for(crawl_delay=0.0)) as fetcher:
            portal = portal_for()
            refused = await fetcher.fetch(server.url(ALPHA, "/busy"), portal=portal)
            observed["after_429"] = fetcher.politeness.delay_of(ALPHA)
            other = await fetcher.fetch(server.url(BETA, "/other"), portal=portal_for(host=BETA))
            assert other.outcome is Outcome.ok  # another host is not held up
            results = [await fetcher.fetch(server.url(ALPHA, f"/ok{n}"), portal=portal) for n in range(12)]
            observed["recovered"] = fetcher.politeness.delay_of(ALPHA)
            return refused, results

    refused, results = asyncio.run(scenario())
    assert refused.outcome is Outcome.http_error and refused.status == 429 and refused.retry_after == 1.0
    assert observed["after_429"] >= MIN_BACKOFF
    busy_at = server.hits_of(ALPHA, "/busy")[0].at
    next_at = server.hits_of(ALPHA, "/ok0")[0].at
    assert next_at - busy_at >= 1.0  # Retry-After honoured
    assert server.hits_of(BETA, "/other")[0].at < next_at
    assert all(r.outcome is Outcome.ok for r in results)
    ok_gaps = gaps([hit.at for hit in server.hits if hit.host == ALPHA and hit.path.startswith("/ok")])
    assert ok_gaps[0] >= 0.5 * observed["after_429"]  # still slowed right after
    assert observed["recovered"] < observed["after_429"] * 0.1  # gradual recovery


def test_adaptive_backoff_is_bounded_and_recovers_without_a_network() -> None:
    now = [100.0]
    gate = Politeness(max_delay=5.0, clock=lambda: now[0])
    for _ in range(10):
        gate.record("h", Outcome.http_error, 503)
    assert gate.delay_of("h") == 5.0 and gate.slowdowns("h") == 10
    previous = gate.delay_of("h")
    for _ in range(30):
        gate.record("h", Outcome.ok, 200)
        assert gate.delay_of("h") <= previous
        previous = gate.delay_of("h")
    assert gate.delay_of("h") == 0.0
    gate.record("h", Outcome.http_error, 404)  # an ordinary error is no reason to slow down
    assert gate.delay_of("h") == 0.0


def test_each_overload_doubles_the_pause_of_a_host_with_a_delay() -> None:
    gate = Politeness(max_delay=5.0)
    paused = []

    async def challenged() -> None:
        async with gate.slot("h", delay=0.2):
            gate.record("h", Outcome.blocked_challenge, 412)
        paused.append(round(gate.delay_of("h"), 6))

    for _ in range(3):
        asyncio.run(challenged())
    assert paused == [0.4, 0.8, 1.6]


def test_one_timeout_is_a_slow_page_two_in_a_row_slow_the_host_down() -> None:
    gate = Politeness(max_delay=5.0)
    gate.record("h", Outcome.timeout, None)
    gate.record("h", Outcome.ok, 200)
    gate.record("h", Outcome.timeout, None)
    assert gate.slowdowns("h") == 0 and gate.delay_of("h") == 0.0
    gate.record("h", Outcome.timeout, None)
    assert gate.slowdowns("h") == 1 and gate.delay_of("h") == MIN_BACKOFF


def test_what_counts_as_overload() -> None:
    assert is_overload(Outcome.http_error, 429) and is_overload(Outcome.http_error, 503)
    assert is_overload(Outcome.blocked_challenge, 412)
    assert not is_overload(Outcome.timeout, None, 1) and is_overload(Outcome.timeout, None, 2)
    assert not is_overload(Outcome.http_error, 404) and not is_overload(Outcome.ok, 200)
    assert not is_overload(Outcome.http_error, None)  # refused connection: retry handles it


def test_retry_after_forms() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    later = (now + timedelta(seconds=90)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert parse_retry_after(later, now) == 90.0
    assert parse_retry_after("Sun, 01 Jan 2000 00:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None
    assert parse_retry_after("-5", now) is None


def test_one_request_in_flight_per_host_unless_the_portal_allows_more(
        server: LocalServer, settings_for: Callable, portal_for: Callable) -> None:
    in_flight = {"now": 0, "most": 0}

    async def slow(request: web.Request) -> web.StreamResponse:
        in_flight["now"] += 1
        in_flight["most"] = max(in_flight["most"], in_flight["now"])
        await asyncio.sleep(0.2)
        in_flight["now"] -= 1
        return web.Response(text="<html>x</html>")

    for n in range(4):
        server.route(ALPHA, f"/s{n}", slow)

    async def scenario(portal: Portal) -> None:
        async with Fetcher(settings_for(crawl_delay=0.0)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(server.url(ALPHA, f"/s{n}"), portal=portal)
                                   for n in range(4)))

    asyncio.run(scenario(portal_for()))
    assert in_flight["most"] == 1
    asyncio.run(scenario(portal_for(concurrency=2)))
    assert in_flight["most"] == 2
