"""robots.txt (RFC 9309) through Protego: what a status means, and a per-origin cache with expiry.

Status rules (RFC 9309 §2.3.1): 2xx -> the parsed rules; 4xx ("unavailable") -> allow all;
5xx or 429 ("unreachable") -> disallow all, asked again after a shorter time. No answer at all
(refused, timed out) is not cached: the source raises `RobotsUnreachable`, and the page gets that
failure as its own outcome (the host is down, robots.txt did not forbid anything).
Crawl-delay (or Request-rate) of our group feeds the host's politeness delay.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

#: Our product token: the group `User-agent: fazhi-watch` applies to us.
AGENT_TOKEN = "fazhi-watch"
#: RFC 9309 §2.5: crawlers must parse at least the first 500 KiB.
ROBOTS_MAX_BYTES = 512 * 1024


class RobotsUnreachable(Exception):
    """robots.txt got no answer; `outcome` is the fetch outcome value (timeout, http_error)."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one origin (scheme, host, port)."""

    parser: Protego | None
    allow_all: bool
    reason: str  # "fetched", "unavailable (404)", "unreachable (503)" ...

    def allowed(self, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, AGENT_TOKEN))

    def delay(self) -> float | None:
        """Seconds between requests asked for by Crawl-delay or Request-rate (the longer)."""
        if self.parser is None:
            return None
        delays = []
        crawl_delay = self.parser.crawl_delay(AGENT_TOKEN)
        if crawl_delay is not None:
            delays.append(float(crawl_delay))
        rate = self.parser.request_rate(AGENT_TOKEN)
        if rate is not None and rate.requests > 0:
            delays.append(rate.seconds / rate.requests)
        return max(delays) if delays else None


def rules_from_response(status: int, body: bytes) -> RobotsRules:
    """Rules from the robots.txt response."""
    if 200 <= status < 300:
        text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        return RobotsRules(Protego.parse(text), allow_all=True, reason="fetched")
    if status == 429 or status >= 500:
        return RobotsRules(None, allow_all=False, reason=f"unreachable ({status})")
    # 4xx (and a redirect chain too long to follow): no robots.txt to obey.
    return RobotsRules(None, allow_all=True, reason=f"unavailable ({status})")


def unreachable(rules: RobotsRules) -> bool:
    return rules.parser is None and not rules.allow_all


#: Fetches `<origin>/robots.txt`: (status, body); raises `RobotsUnreachable` when nothing answered.
RobotsSource = Callable[[str], Awaitable[tuple[int, bytes]]]


class RobotsCache:
    """Rules per origin, fetched once (concurrent askers share the fetch) and kept until they expire."""

    def __init__(self, ttl: float, unreachable_ttl: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._unreachable_ttl = unreachable_ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, RobotsRules]] = {}
        self._pending: dict[str, asyncio.Future[RobotsRules]] = {}

    async def rules(self, origin: str, source: RobotsSource) -> RobotsRules:
        cached = self.cached(origin)
        if cached is not None:
            return cached
        task = self._pending.get(origin)
        if task is None:
            # A task of its own: a cancelled asker neither cancels the others nor loses the answer.
            task = asyncio.ensure_future(self._load(origin, source))
            self._pending[origin] = task
            task.add_done_callback(lambda _: self._pending.pop(origin, None))
        return await asyncio.shield(task)

    async def _load(self, origin: str, source: RobotsSource) -> RobotsRules:
        status, body = await source(origin)
        rules = rules_from_response(status, body)
        ttl = self._unreachable_ttl if unreachable(rules) else self._ttl
        self._entries[origin] = (self._clock() + ttl, rules)
        return rules

    def cached(self, origin: str) -> RobotsRules | None:
        """The unexpired rules of `origin`, if any (no fetch)."""
        entry = self._entries.get(origin)
        return entry[1] if entry is not None and entry[0] > self._clock() else None
