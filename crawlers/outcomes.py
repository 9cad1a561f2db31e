"""The closed set of fetch outcomes, and a counter of them (metrics, crawl state, demo summary)."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum


class Outcome(StrEnum):
    ok = "ok"                                  # 2xx with a body
    not_modified = "not_modified"              # 304 to a conditional GET: no body transferred
    http_error = "http_error"                  # 4xx/5xx, no response at all, or too many redirects
    timeout = "timeout"                        # connect, read or total time limit
    too_large = "too_large"                    # body over FAZHI_MAX_PAGE_BYTES (stopped while streaming)
    blocked_challenge = "blocked_challenge"    # anti-bot challenge (瑞数, 加速乐): reported, never bypassed
    robots_disallowed = "robots_disallowed"    # robots.txt says no (or could not be fetched: 5xx)
    invalid = "invalid"                        # refused before sending: scheme, private address, bad URL
    not_a_document = "not_a_document"          # a document link answered with an HTML page, an image...
    unreadable = "unreadable"                  # a document fetched but not read (encrypted, a limit, a scan)


class OutcomeCounts:
    """Outcomes counted, overall and per host; `as_dict` lists every outcome, zeros included."""

    def __init__(self) -> None:
        self._total: Counter[Outcome] = Counter()
        self._by_host: dict[str, Counter[Outcome]] = {}

    def add(self, outcome: Outcome, host: str | None = None) -> None:
        self._total[outcome] += 1
        if host:
            self._by_host.setdefault(host, Counter())[outcome] += 1

    def __getitem__(self, outcome: Outcome) -> int:
        return self._total[outcome]

    def total(self) -> int:
        return sum(self._total.values())

    def as_dict(self) -> dict[str, int]:
        return {outcome.value: self._total[outcome] for outcome in Outcome}

    def by_host(self) -> dict[str, dict[str, int]]:
        return {host: {outcome.value: count for outcome, count in counts.items()}
                for host, counts in sorted(self._by_host.items())}
