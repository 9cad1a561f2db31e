"""Fetcher: outcomes, conditional GET, size and time limits, redirects, retries, against a local server."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from crawlers.fetcher import Fetcher, FetchResult, Validators
from crawlers.outcomes import Outcome

from .conftest import HOSTS, LocalServer

HOST = HOSTS[0]


def fetch_all(settings: Any, urls: list[str], portal: Any = None,
              validators: Validators | None = None) -> tuple[list[FetchResult], Fetcher]:
    async def scenario() -> tuple[list[FetchResult], Fetcher]:
        async with Fetcher(settings) as fetcher:
            results = [await fetcher.fetch(url, portal=portal, validators=validators) for url in urls]
        return results, fetcher

    return asyncio.run(scenario())


def test_ok_result_carries_what_the_raw_event_needs(server: LocalServer, settings_for: Callable,
                                                    portal_for: Callable) -> None:
    body = "<html><title>通知公告</title></html>".encode("gbk")
    server.page(HOST, "/tzgg/", body, headers={"Content-Type": "text/html; charset=gbk",
                                              "ETag": '"v1"', "X-Extra": "1"})
    before = datetime.now(UTC)
    [result], fetcher = fetch_all(settings_for(), [server.url(HOST, "/tzgg/")], portal_for())
    assert result.outcome is Outcome.ok and result.status == 200 and result.error is None
    assert result.body == body and result.sha256 == hashlib.sha256(body).hexdigest()
    assert result.headers["content-type"] == "text/html; charset=gbk" and result.headers["x-extra"] == "1"
    assert all(name == name.lower() for name in result.headers)
    assert result.validators == Validators(etag='"v1"')
    assert before <= result.fetched_at <= datetime.now(UTC) and result.fetched_at.tzinfo is UTC
    assert result.final_url == result.url and result.attempts == 1 and result.elapsed > 0
    [hit] = server.hits_of(HOST, "/tzgg/")
    assert hit.headers["User-Agent"].startswith("fazhi-watch/")
    assert hit.headers["User-Agent"].endswith("(+https://example.org/contact)")
    assert hit.headers["Host"] == f"{HOST}:{server.port}"
    assert fetcher.counts.as_dict()["ok"] == 1 and fetcher.counts.total() == 1
    assert fetcher.counts.by_host() == {HOST: {"ok": 1}}


def test_conditional_get_gets_304_and_no_body(server: LocalServer, settings_for: Callable,
                                              portal_for: Callable) -> None:
    page = b"<html>" + b"x" * 50_000 + b"</html>"
    last_modified = "Wed, 21 Oct 2026 07:28:00 GMT"
    sent_bodies: list[int] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.headers.get("If-None-Match") == '"v7"' or request.headers.get("If-Modified-Since") == \
                last_modified:
            sent_bodies.append(0)
            return web.Response(status=304, headers={"ETag": '"v7"'})
        sent_bodies.append(len(page))
        return web.Response(body=page, headers={"ETag": '"v7"', "Last-Modified": last_modified})

    server.route(HOST, "/list", handler)
    url = server.url(HOST, "/list")
    [first], _ = fetch_all(settings_for(), [url], portal_for())
    assert first.outcome is Outcome.ok and first.validators == Validators('"v7"', last_modified)
    [second], fetcher = fetch_all(settings_for(), [url], portal_for(), first.validators)
    assert second.outcome is Outcome.not_modified and second.status == 304
    assert second.body == b"" and second.sha256 is None
    assert second.validators == first.validators  # kept for the next conditional GET
    assert sent_bodies == [len(page), 0]
    hit = server.hits_of(HOST, "/list")[-1]
    assert hit.headers["If-None-Match"] == '"v7"' and hit.headers["If-Modified-Since"] == last_modified
    assert fetcher.counts.as_dict()["not_modified"] == 1
    # Last-Modified alone works too.
    [third], _ = fetch_all(settings_for(), [url], portal_for(), Validators(last_modified=last_modified))
    assert third.outcome is Outcome.not_modified


def test_304_to_an_unconditional_request_is_an_error(server: LocalServer, settings_for: Callable,
                                                     portal_for: Callable) -> None:
    server.page(HOST, "/odd", b"", status=304)
    [result], _ = fetch_all(settings_for(), [server.url(HOST, "/odd")], portal_for())
    assert result.outcome is Outcome.http_error and "not conditional" in (result.error or "")


def test_oversize_body_is_stopped_while_streaming(server: LocalServer, settings_for: Callable,
                                                  portal_for: Callable) -> None:
    limit = 64 * 1024
    streamed: list[int] = []

    async def chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # no Content-Length: only counting can stop it
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(1000):  # 16 MB at most, over about 5 s
                await response.write(b"y" * 16 * 1024)
                streamed.append(16 * 1024)
                await asyncio.sleep(0.005)
        except (ConnectionResetError, ConnectionError):
            pass
        return response

    server.route(HOST, "/big", chunked)
    server.page(HOST, "/declared", b"z" * (limit + 1))
    server.page(HOST, "/fits", b"z" * limit)
    settings = settings_for(max_page_bytes=limit)
    results, fetcher = fetch_all(settings, [server.url(HOST, p) for p in ("/big", "/declared", "/fits")],
                                 portal_for())
    big, declared, fits = results
    assert big.outcome is Outcome.too_large and "while streaming" in (big.error or "") and big.body == b""
    assert sum(streamed) < 1000 * 16 * 1024  # the client hung up: the server did not send it all
    assert declared.outcome is Outcome.too_large and "Content-Length" in (declared.error or "")
    assert fits.outcome is Outcome.ok and len(fits.body) == limit
    assert fetcher.counts.as_dict()["too_large"] == 2


def test_slow_pages_time_out(server: LocalServer, settings_for: Callable, portal_for: Callable) -> None:
    async def silent(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)  # headers now, then nothing
        await asyncio.sleep(3)
        return response

    async def dripping(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(40):  # a byte every 0.1 s: never a read timeout, but it never ends either
            await response.write(b".")
            await asyncio.sleep(0.1)
        return response

    server.route(HOST, "/silent", silent)
    server.route(HOST, "/drip", dripping)
    settings = settings_for(crawl_read_timeout=0.3, crawl_total_timeout=1.0)
    (silent_result, drip_result), fetcher = fetch_all(
        settings, [server.url(HOST, "/silent"), server.url(HOST, "/drip")], portal_for())
    assert silent_result.outcome is Outcome.timeout and "ReadTimeout" in (silent_result.error or "")
    assert drip_result.outcome is Outcome.timeout and drip_result.body == b""
    assert fetcher.counts.as_dict()["timeout"] == 2
    assert fetcher.politeness.slowdowns(HOST) == 1  # the second timeout in a row slows the host down


def test_redirects_are_followed_and_limited(server: LocalServer, settings_for: Callable,
                                            portal_for: Callable) -> None:
    other = HOSTS[1]
    server.page(HOST, "/old", b"", status=301, headers={"Location": "/new"})
    server.page(HOST, "/new", b"", status=302, headers={"Location": server.url(other, "/final")})
    server.page(other, "/final", "<html>moved here</html>")
    for n in range(4):
        server.page(HOST, f"/loop{n}", b"", status=302, headers={"Location": f"/loop{n + 1}"})
    server.page(HOST, "/loop4", "<html>end of the loop</html>")
    settings = settings_for(crawl_max_redirects=3)
    (moved, looping), fetcher = fetch_all(settings, [server.url(HOST, "/old"), server.url(HOST, "/loop0")],
                                          portal_for())
    assert moved.outcome is Outcome.ok and moved.body == b"<html>moved here</html>"
    assert moved.url == server.url(HOST, "/old") and moved.final_url == server.url(other, "/final")
    assert looping.outcome is Outcome.http_error and "more than 3 redirects" in (looping.error or "")
    assert looping.status == 302 and not server.hits_of(HOST, "/loop4")
    assert fetcher.counts.by_host()[other] == {"ok": 1}


def test_retries_what_may_pass_and_not_the_rest(server: LocalServer, settings_for: Callable,
                                                portal_for: Callable) -> None:
    answers = iter([503, 502, 200])

    async def flaky(request: web.Request) -> web.StreamResponse:
        status = next(answers)
        return web.Response(status=status, text=f"status {status}")

    server.route(HOST, "/flaky", flaky)
    server.page(HOST, "/gone", "gone", status=404)
    settings = settings_for(crawl_retry_attempts=3, crawl_max_delay=0.2)  # short slow-downs: a short test
    urls = [server.url(HOST, "/flaky"), server.url(HOST, "/gone")]
    (flaky_result, gone), fetcher = fetch_all(settings, urls, portal_for())
    assert flaky_result.outcome is Outcome.ok and flaky_result.attempts == 3
    assert len(server.hits_of(HOST, "/flaky")) == 3
    assert gone.outcome is Outcome.http_error and gone.status == 404 and gone.attempts == 1
    assert gone.body == b"gone" and "HTTP 404" in (gone.error or "")
    assert len(server.hits_of(HOST, "/gone")) == 1
    # Only the final result of each fetch is counted.
    assert fetcher.counts.as_dict()["ok"] == 1 and fetcher.counts.as_dict()["http_error"] == 1


def test_no_response_is_an_http_error_without_status(settings_for: Callable, portal_for: Callable) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = settings_for(crawl_retry_attempts=2)
    [result], _ = fetch_all(settings, [f"http://{HOST}:{port}/x"], portal_for())
    assert result.outcome is Outcome.http_error and result.status is None and result.attempts == 2
    assert "ConnectError" in (result.error or "")
    unknown = settings_for(crawl_static_hosts={})
    [missing], _ = fetch_all(unknown, ["http://no-such-host.invalid/x"], portal_for())
    assert missing.outcome is Outcome.http_error and "cannot resolve" in (missing.error or "")


def test_gzip_body_is_decoded_and_wire_headers_dropped(server: LocalServer, settings_for: Callable,
                                                       portal_for: Callable) -> None:
    import gzip

    text = "<html>" + "法治政府建设年度报告" * 200 + "</html>"
    server.page(HOST, "/gz", gzip.compress(text.encode()), headers={"Content-Encoding": "gzip",
                                                                    "Content-Type": "text/html"})
    [result], _ = fetch_all(settings_for(), [server.url(HOST, "/gz")], portal_for())
    assert result.outcome is Outcome.ok and result.body.decode() == text
    assert "content-encoding" not in result.headers and "content-length" not in result.headers


def test_last_modified_dates_round_trip_as_sent(server: LocalServer, settings_for: Callable,
                                                portal_for: Callable) -> None:
    stamp = (datetime(2026, 3, 1, tzinfo=UTC) - timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    server.page(HOST, "/lm", "<html>x</html>", headers={"Last-Modified": stamp})
    [result], _ = fetch_all(settings_for(), [server.url(HOST, "/lm")], portal_for())
    assert result.validators == Validators(last_modified=stamp) and bool(result.validators)
    assert not Validators()


def test_requests_in_flight_across_hosts_are_bounded_by_the_concurrency(
    server: LocalServer, settings_for: Callable, portal_for: Callable
) -> None:
    in_flight, most = 0, 0

    async def slow(request: web.Request) -> web.StreamResponse:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.2)
        in_flight -= 1
        return web.Response(text="<html>ok</html>")

    for host in HOSTS:
        server.route(host, "/slow", slow)

    def most_at_once(concurrency: int) -> int:
        nonlocal most
        most = 0

        async def scenario() -> None:
            async with Fetcher(settings_for(crawl_concurrency=concurrency)) as fetcher:
                await asyncio.gather(*(fetcher.fetch(server.url(host, "/slow"), portal=portal_for(host=host))
                                       for host in HOSTS))  # fmt: skip

        asyncio.run(scenario())
        return most

    assert most_at_once(1) == 1  # the second host waited for a place, not for its own delay
    assert most_at_once(2) == 2
