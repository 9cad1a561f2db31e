"""The polite, safe fetcher: one `Fetcher.fetch(url)` call -> one `FetchResult` with an `Outcome`.

Every request passes, in order: URL check (http/https) -> robots.txt of its origin -> DNS through
the `Resolver` and the address check -> the host's politeness slot -> a request pinned to the
checked address -> the body read while streaming, up to the size limit -> challenge detection.
Redirects are followed here, hop by hop, each hop checked again. Bad input or a bad server gives
an outcome, never an exception.

No Kafka here: the crawl agent calls `fetch` and decides what to publish.

    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(column.url, portal=portal, validators=previous.validators)
        if result.outcome is Outcome.ok: ...
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from importlib.metadata import PackageNotFoundError, version
from math import inf
from types import TracebackType

import httpx

from crawlers.challenge import Detector, default_detector
from crawlers.outcomes import Outcome, OutcomeCounts
from crawlers.politeness import Politeness, parse_retry_after
from crawlers.retry import RetryPolicy
from crawlers.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsRules, RobotsUnreachable
from crawlers.safety import (
    IPAddress,
    ResolutionError,
    Resolver,
    UnsafeTarget,
    check_url,
    checked_address,
    default_resolver,
    pin,
)
from schemas.registry import Portal
from streams.clock import now
from streams.settings import Settings, get_settings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Headers that describe the bytes on the wire, not `FetchResult.body` (decoded from gzip etc.).
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
#: RFC 9309 §2.3.1.2: follow at least five redirects for robots.txt.
ROBOTS_MAX_REDIRECTS = 5


def user_agent(contact_url: str) -> str:
    try:
        release = version("fazhi-watch")
    except PackageNotFoundError:
        release = "0"
    return f"fazhi-watch/{release} (+{contact_url})"


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET sends back: the ETag and Last-Modified of the previous answer."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch gave.

    `body` holds the bytes read (content-decoded) for ok, http_error and blocked_challenge; it is
    empty for not_modified (nothing was transferred), too_large, timeout, invalid and
    robots_disallowed. `headers` are the last response's, lower-cased (repeated ones joined with
    ", "), less content-encoding/-length and transfer-encoding. `elapsed` counts time on the wire
    (all tries and hops), not politeness waits. `sha256` is the body's, for ok only.
    """

    outcome: Outcome
    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    fetched_at: datetime = field(default_factory=now)
    validators: Validators = field(default_factory=Validators)
    sha256: str | None = None
    elapsed: float = 0.0
    error: str | None = None
    attempts: int = 1
    retry_after: float | None = None
    challenge: str | None = None  # the matching rule of data/challenges.yaml


@dataclass(slots=True)
class _Answer:
    """One request/response exchange (one hop)."""

    outcome: Outcome | None  # None: a redirect to follow
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    error: str | None = None
    location: str | None = None
    retry_after: float | None = None
    challenge: str | None = None
    elapsed: float = 0.0


class _RefuseAllCookies(DefaultCookiePolicy):
    # Cookies are never kept: a challenge's cookie must not be replayed, and pinned requests to a
    # shared address must not leak one host's cookies to another.
    def set_ok(self, cookie: object, request: object) -> bool:
        return False

    def return_ok(self, cookie: object, request: object) -> bool:
        return False


class Fetcher:
    """Fetches pages politely and safely. One per event loop; close it (`async with`) when done.

    Each (host, proxy) gets its own transport, i.e. its own connection pool: a connection pinned
    to an address then only ever serves the name it was checked (and TLS-verified) for, even
    when several names share the address. `transport_factory(proxy)` makes them; the default is
    `httpx.AsyncHTTPTransport(proxy=proxy)`; tests pass their own to swap the network.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        resolver: Resolver | None = None,
        transport_factory: Callable[[str | None], httpx.AsyncBaseTransport] | None = None,
        detector: Detector | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        s = self.settings
        self.resolver = resolver or default_resolver(s.crawl_static_hosts)
        self.detector = detector or default_detector()
        self.retry = retry or RetryPolicy(s.crawl_retry_attempts, s.crawl_retry_base_delay,
                                          s.crawl_retry_max_delay)
        self.politeness = Politeness(max_delay=s.crawl_max_delay, delay_from=s.crawl_delay_from)
        self.robots = RobotsCache(s.crawl_robots_ttl, s.crawl_robots_unreachable_ttl)
        self.counts = OutcomeCounts()
        self.user_agent = user_agent(s.crawl_contact_url)
        self._transport_factory = transport_factory or _default_transport
        self._clients: dict[tuple[str, str | None], httpx.AsyncClient] = {}
        # Requests in flight across hosts; a host waiting out its delay holds no place here.
        self._requests = asyncio.Semaphore(s.crawl_concurrency)
        self._timeout = httpx.Timeout(connect=s.crawl_connect_timeout, read=s.crawl_read_timeout,
                                      write=s.crawl_read_timeout, pool=s.crawl_connect_timeout)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    # --- public

    async def fetch(self, url: str, *, portal: Portal | None = None, validators: Validators | None = None,
                    max_bytes: int | None = None) -> FetchResult:
        """Fetch `url` (retrying what is worth retrying); the outcome is counted in `counts`.

        `max_bytes` lowers the size limit (FAZHI_MAX_PAGE_BYTES) for this fetch: a page's
        attachments share what is left of the page's budget on the wire.
        """
        validators = validators or Validators()
        elapsed = 0.0

        async def attempt() -> FetchResult:
            nonlocal elapsed
            result = await self._attempt(url, portal, validators, check_robots=True,
                                         max_redirects=self.settings.crawl_max_redirects,
                                         body_limit=min(self.settings.max_page_bytes, max_bytes or inf),
                                         truncate=False)
            elapsed += result.elapsed
            return result

        retrying = self.retry.retrying()
        result = await retrying(attempt)
        result = replace(result, attempts=retrying.statistics["attempt_number"], elapsed=elapsed)
        self.counts.add(result.outcome, _host_of(result.final_url))
        return result

    # --- one try, redirects followed

    async def _attempt(self, url: str, portal: Portal | None, validators: Validators, *,
                       check_robots: bool, max_redirects: int, body_limit: int,
                       truncate: bool) -> FetchResult:
        current = url
        elapsed = 0.0
        for _hop in range(max_redirects + 1):
            try:
                target = check_url(current)
            except UnsafeTarget as exc:
                return FetchResult(Outcome.invalid, url, current, error=str(exc), elapsed=elapsed)
            if check_robots:
                try:
                    rules = await self._robots_rules(target, portal)
                except RobotsUnreachable as exc:
                    return FetchResult(Outcome(exc.outcome), url, str(target), elapsed=elapsed,
                                       error=f"robots.txt of {_origin(target)}: {exc}")
                if not rules.allowed(str(target)):
                    return FetchResult(Outcome.robots_disallowed, url, str(target), elapsed=elapsed,
                                       error=f"robots.txt of {_origin(target)}: {rules.reason}, disallowed")
            answer = await self._exchange(target, portal, validators, body_limit, truncate,
                                          robots_delay=self._robots_delay(target) if check_robots else None)
            elapsed += answer.elapsed
            if answer.outcome is not None:
                return self._result(url, str(target), answer, validators, elapsed)
            try:
                current = str(target.join(answer.location or ""))
            except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
                return FetchResult(Outcome.invalid, url, str(target), status=answer.status, elapsed=elapsed,
                                   error=f"unusable redirect Location {answer.location!r}: {exc}")
        return FetchResult(Outcome.http_error, url, str(target), status=answer.status, elapsed=elapsed,
                           error=f"more than {max_redirects} redirects (the last one to {current})")

    def _result(self, url: str, final_url: str, answer: _Answer, sent: Validators,
                elapsed: float) -> FetchResult:
        headers: dict[str, str] = {}
        for name, value in answer.headers.multi_items():
            name = name.lower()
            if name not in _WIRE_HEADERS:
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
        received = Validators(answer.headers.get("etag"), answer.headers.get("last-modified"))
        outcome = answer.outcome or Outcome.http_error
        if outcome is Outcome.not_modified:
            received = Validators(received.etag or sent.etag, received.last_modified or sent.last_modified)
        return FetchResult(
            outcome=outcome, url=url, final_url=final_url, status=answer.status, headers=headers,
            body=answer.body, validators=received, elapsed=elapsed, error=answer.error,
            sha256=hashlib.sha256(answer.body).hexdigest() if outcome is Outcome.ok else None,
            retry_after=answer.retry_after, challenge=answer.challenge,
        )

    # --- one request

    async def _exchange(self, target: httpx.URL, portal: Portal | None, validators: Validators,
                        body_limit: int, truncate: bool, robots_delay: float | None) -> _Answer:
        host = target.raw_host.decode("ascii").lower()
        allow_private = portal.allow_private if portal else False
        proxy = portal.proxy if portal else None
        try:
            address = await checked_address(target, self.resolver, allow_private=allow_private)
        except UnsafeTarget as exc:
            return _Answer(Outcome.invalid, error=str(exc))
        except ResolutionError as exc:
            return _Answer(Outcome.http_error, error=str(exc))
        overrides = portal.politeness if portal else None
        delay = max(self.settings.crawl_delay, (overrides.delay if overrides else None) or 0.0,
                    robots_delay or 0.0)
        concurrency = (overrides.concurrency if overrides else None) or 1
        async with self.politeness.slot(host, delay=delay, concurrency=concurrency), self._requests:
            started = time.monotonic()
            answer = await self._send(target, address, proxy, validators, body_limit, truncate)
            answer.elapsed = time.monotonic() - started
            self.politeness.record(host, answer.outcome or Outcome.ok, answer.status, answer.retry_after)
        return answer

    async def _send(self, target: httpx.URL, address: IPAddress, proxy: str | None, validators: Validators,
                    body_limit: int, truncate: bool) -> _Answer:
        headers = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                   **validators.request_headers()}
        extensions: dict[str, str] = {}
        url = target
        if proxy is None:
            # The proxy resolves names itself (and httpcore's HTTP tunnel ignores sni_hostname).
            url, pinned_headers, extensions = pin(target, address)
            headers.update(pinned_headers)
        client = self._client(target.raw_host.decode("ascii").lower(), proxy)
        request = client.build_request("GET", url, headers=headers, extensions=extensions)
        try:
            async with asyncio.timeout(self.settings.crawl_total_timeout):
                response = await client.send(request, stream=True)
                try:
                    return await self._read(response, bool(validators), body_limit, truncate)
                finally:
                    await response.aclose()
        except (httpx.TimeoutException, TimeoutError) as exc:
            return _Answer(Outcome.timeout, error=f"{type(exc).__name__}: {exc}".rstrip(": "))
        except (httpx.HTTPError, OSError, ValueError) as exc:  # refused, reset, bad protocol or encoding
            return _Answer(Outcome.http_error, error=f"{type(exc).__name__}: {exc}".rstrip(": "))

    async def _read(self, response: httpx.Response, conditional: bool, body_limit: int,
                    truncate: bool) -> _Answer:
        status = response.status_code
        answer = _Answer(None, status=status, headers=response.headers,
                         retry_after=parse_retry_after(response.headers.get("retry-after")))
        if status in REDIRECT_STATUSES and response.headers.get("location"):
            answer.location = response.headers["location"]
            return answer
        if status == 304:
            answer.outcome = Outcome.not_modified if conditional else Outcome.http_error
            if not conditional:
                answer.error = "304 Not Modified to a request that was not conditional"
            return answer
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > body_limit:
            answer.outcome = Outcome.too_large
            answer.error = f"Content-Length {declared} over the limit of {body_limit} bytes"
            return answer
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > body_limit:
                if truncate:
                    chunks.append(chunk[: len(chunk) - (size - body_limit)])
                    break
                answer.outcome = Outcome.too_large
                answer.error = f"body over the limit of {body_limit} bytes (stopped while streaming)"
                return answer
            chunks.append(chunk)
        answer.body = b"".join(chunks)
        answer.challenge = self.detector.detect(status, response.headers.multi_items(), answer.body)
        if answer.challenge is not None:
            answer.outcome = Outcome.blocked_challenge
            answer.error = f"anti-bot challenge ({answer.challenge}); not bypassed"
        elif 200 <= status < 300:
            answer.outcome = Outcome.ok
        else:
            answer.outcome = Outcome.http_error
            answer.error = f"HTTP {status} {response.reason_phrase}".rstrip()
        return answer

    def _client(self, host: str, proxy: str | None) -> httpx.AsyncClient:
        client = self._clients.get((host, proxy))
        if client is None:
            client = httpx.AsyncClient(
                transport=self._transport_factory(proxy), timeout=self._timeout, follow_redirects=False,
                trust_env=False, cookies=CookieJar(policy=_RefuseAllCookies()),
                headers={"User-Agent": self.user_agent})
            self._clients[host, proxy] = client
        return client

    # --- robots.txt

    async def _robots_rules(self, target: httpx.URL, portal: Portal | None) -> RobotsRules:
        async def source(origin: str) -> tuple[int, bytes]:
            result = await self._attempt(f"{origin}/robots.txt", portal, Validators(), check_robots=False,
                                         max_redirects=ROBOTS_MAX_REDIRECTS, body_limit=ROBOTS_MAX_BYTES,
                                         truncate=True)
            if result.status is None and result.outcome in (Outcome.timeout, Outcome.http_error):
                raise RobotsUnreachable(result.outcome.value, result.error or "no answer")
            if result.status is None:  # refused (e.g. redirected to a private address): none to obey
                return 404, b""
            return result.status, result.body

        return await self.robots.rules(_origin(target), source)

    def _robots_delay(self, target: httpx.URL) -> float | None:
        rules = self.robots.cached(_origin(target))
        return rules.delay() if rules is not None else None


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~35 ms of CPU: once per process, not once per host's transport.
    return httpx.create_ssl_context()


def _default_transport(proxy: str | None) -> httpx.AsyncBaseTransport:
    return httpx.AsyncHTTPTransport(proxy=proxy, verify=_ssl_context())


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii').lower()}"


def _host_of(url: str) -> str | None:
    try:
        return httpx.URL(url).raw_host.decode("ascii").lower() or None
    except (httpx.InvalidURL, UnicodeDecodeError):
        return None
