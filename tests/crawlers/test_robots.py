"""robots.txt: disallow obeyed, Crawl-delay honoured, status rules of RFC 9309, one fetch per origin."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

from aiohttp import web

from crawlers.fetcher import Fetcher, FetchResult
from crawlers.outcomes import Outcome
from crawlers.robots import RobotsCache, RobotsUnreachable, rules_from_response
from schemas.registry import Portal
from streams.settings import Settings

from .conftest import HOSTS, LocalServer

HOST = HOSTS[0]

ROBOTS = """
User-agent: *
Disallow: /

User-agent: fazhi-watch
Disallow: /private/
Allow: /
Crawl-delay: 0.4
"""


def run(settings: Settings, urls: list[str], portal: Portal,
        parallel: bool = False) -> tuple[list[FetchResult], Fetcher]:  # fmt: skip
    async def scenario() -> tuple[list[FetchResult], Fetcher]:
        async with Fetcher(settings) as fetcher:
            if parallel:
                results = await asyncio.gather(*(fetcher.fetch(u, portal=portal) for u in urls))
                return list(results), fetcher
            return [await fetcher.fetch(u, portal=portal) for u in urls], fetcher

    return asyncio.run(scenario())


def test_disallowed_paths_are_not_fetched_and_crawl_delay_spaces_the_rest(
        server: LocalServer, settings_for: Callable, portal_for: Callable) -> None:
    server.page(HOST, "/robots.txt", ROBOTS, headers={"Content-Type": "text/plain"})
    for n in range(4):
        server.page(HOST, f"/public/{n}", "<html>x</html>")
    server.page(HOST, "/private/secret", "<html>secret</html>")
    urls = [server.url(HOST, "/private/secret")] + [server.url(HOST, f"/public/{n}") for n in range(4)]
    results, fetcher = run(settings_for(crawl_delay=0.0), urls, portal_for(), parallel=True)
    refused, *allowed = results
    assert refused.outcome is Outcome.robots_disallowed and "disallowed" in (refused.error or "")
    assert refused.attempts == 1 and refused.body == b""
    assert not server.hits_of(HOST, "/private/secret")
    assert [r.outcome for r in allowed] == [Outcome.ok] * 4
    assert len(server.hits_of(HOST, "/robots.txt")) == 1  # asked once, shared by concurrent fetches
    pages = sorted(hit.at for hit in server.hits_of(HOST) if hit.path.startswith("/public/"))
    assert min(b - a for a, b in itertools.pairwise(pages)) >= 0.4  # Crawl-delay of our group
    assert fetcher.counts.as_dict()["robots_disallowed"] == 1


def test_missing_robots_allows_and_server_error_disallows(server: LocalServer, settings_for: Callable,
                                                          portal_for: Callable) -> None:
    other = HOSTS[1]
    server.page(HOST, "/page", "<html>x</html>")  # no robots.txt route: 404
    server.page(other, "/robots.txt", "down", status=503)
    server.page(other, "/page", "<html>x</html>")
    (allowed, refused), _ = run(settings_for(), [server.url(HOST, "/page"), server.url(other, "/page")],
                                portal_for())
    assert allowed.outcome is Outcome.ok
    assert refused.outcome is Outcome.robots_disallowed and "unreachable (503)" in (refused.error or "")
    assert not server.hits_of(other, "/page")


def test_robots_that_cannot_be_reached_gives_the_page_that_failure(
        server: LocalServer, settings_for: Callable, portal_for: Callable) -> None:
    async def hang(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(2)
        return web.Response(text="User-agent: *\nDisallow:\n")

    server.route(HOST, "/robots.txt", hang)
    server.page(HOST, "/page", "<html>x</html>")
    settings = settings_for(crawl_read_timeout=0.3, crawl_retry_attempts=2)
    [result], _ = run(settings, [server.url(HOST, "/page")], portal_for())
    assert result.outcome is Outcome.timeout and "robots.txt" in (result.error or "")
    assert len(server.hits_of(HOST, "/robots.txt")) == 2  # not cached: the retry asked again
    assert not server.hits_of(HOST, "/page")


def test_status_rules() -> None:
    parsed = rules_from_response(200, b"User-agent: *\nDisallow: /x\nRequest-rate: 1/5\n")
    assert not parsed.allowed("http://h/x/1") and parsed.allowed("http://h/y") and parsed.delay() == 5.0
    for status in (401, 403, 404, 410):
        assert rules_from_response(status, b"").allowed("http://h/anything")
    for status in (429, 500, 503):
        rules = rules_from_response(status, b"")
        assert not rules.allowed("http://h/") and rules.delay() is None
    garbage = rules_from_response(200, "\ufffd<html>no robots here</html>".encode())
    assert garbage.allowed("http://h/anything")


def test_cache_expires_and_unreachable_answers_expire_sooner() -> None:
    now = [0.0]
    cache = RobotsCache(ttl=100.0, unreachable_ttl=10.0, clock=lambda: now[0])
    asked: list[str] = []
    answers = {"http://ok": (200, b"User-agent: *\nDisallow: /no\n"), "http://down": (503, b"")}

    async def source(origin: str) -> tuple[int, bytes]:
        asked.append(origin)
        return answers[origin]

    async def scenario() -> None:
        for origin in answers:
            await cache.rules(origin, source)
        now[0] = 50.0
        for origin in answers:
            await cache.rules(origin, source)
        now[0] = 101.0
        await cache.rules("http://ok", source)

    asyncio.run(scenario())
    assert asked == ["http://ok", "http://down", "http://down", "http://ok"]


def test_no_answer_is_not_cached() -> None:
    cache = RobotsCache(ttl=100.0, unreachable_ttl=10.0)
    calls = 0

    async def source(origin: str) -> tuple[int, bytes]:
        nonlocal calls
        calls += 1
        raise RobotsUnreachable("timeout", "ReadTimeout")

    async def scenario() -> None:
        for _ in range(2):
            try:
                await cache.rules("http://h", source)
            except RobotsUnreachable as exc:
                assert exc.outcome == "timeout"

    asyncio.run(scenario())
    assert calls == 2 and cache.cached("http://h") is None
