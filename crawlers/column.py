"""One visit of a column: its list pages fetched (conditionally), the items not seen before found.

Only new items matter: a list whose ETag/Last-Modified says unchanged (304) or, for portals that
send neither, whose `list_hash` is the one of the last visit is not read further. Further list
pages are fetched only while every item of the page just read was new (the first visit walks the
whole column, up to ``max_pages``; later ones stop at the first page holding a known item), so
reordering or removal of items triggers nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from crawlers.adapters import ListItem, parse_list
from crawlers.fetcher import Fetcher, FetchResult, Validators
from crawlers.outcomes import Outcome
from schemas.registry import Column, Portal


def item_key(url: str) -> str:
    """How a seen item is remembered in the crawl state (short: a column keeps thousands)."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def remember_seen(new: list[str], seen: list[str], limit: int) -> list[str]:
    """The item keys a column remembers after a visit: the new ones first (a list shows its newest
    items on top), then those it knew, at most `limit` (older items fall off: bounded state)."""
    return list(dict.fromkeys([*new, *seen]))[:limit]


@dataclass
class ColumnVisit:
    """What a visit found; `fetches` are every list fetch made (for outcome events)."""

    first: FetchResult
    validators: Validators
    list_hash: str | None
    new_items: list[ListItem] = field(default_factory=list)
    fetches: list[FetchResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def read(self) -> bool:
        """Whether the list was read (ok) rather than unchanged or failed."""
        return self.first.outcome is Outcome.ok


async def visit_column(
    fetcher: Fetcher,
    portal: Portal,
    column: Column,
    *,
    validators: Validators,
    last_hash: str | None,
    seen: Callable[[str], bool],
    max_pages: int,
) -> ColumnVisit:
    first = await fetcher.fetch(column.url, portal=portal, validators=validators)
    # A failed fetch changes nothing we know; an answer brings its own validators (maybe none).
    visit = ColumnVisit(first, validators, last_hash, fetches=[first])
    if first.outcome in (Outcome.ok, Outcome.not_modified):
        visit.validators = first.validators
    if first.outcome is not Outcome.ok:
        return visit
    json_list = portal.json_list_of(column)
    page = parse_list(portal.cms, column.url, first.body, first.headers.get("content-type"),
                      json_list=json_list)
    if page.error:
        visit.errors.append(f"{column.url}: {page.error}")
    visit.list_hash = page.list_hash
    if page.list_hash == last_hash or not (page.items or page.next_urls):
        return visit
    found: dict[str, ListItem] = {}
    items = page.items
    # Further pages: the first page's rule gives them all; pages found as links ("下一页", a JS
    # shell naming its API) are followed one page at a time, each page adding what it knows.
    queue = list(page.remaining_page_urls())
    walked = {column.url}
    budget = max(max_pages - 1, 0)
    while True:
        fresh = [item for item in items if not seen(item.url) and item.url not in found]
        found.update((item.url, item) for item in fresh)
        if len(fresh) < len(items):
            break
        next_url = next((url for url in queue if url not in walked), None)
        if next_url is None or budget <= 0:
            break
        queue.remove(next_url)
        walked.add(next_url)
        budget -= 1
        result = await fetcher.fetch(next_url, portal=portal)
        visit.fetches.append(result)
        if result.outcome is not Outcome.ok:
            visit.errors.append(f"{next_url}: {result.outcome} {result.error or ''}".strip())
            break
        more = parse_list(page.cms, next_url, result.body, result.headers.get("content-type"),
                          json_list=json_list)
        if more.error:
            visit.errors.append(f"{next_url}: {more.error}")
        items = more.items
        queue += [url for url in more.remaining_page_urls() if url not in walked and url not in queue]
    visit.new_items = list(found.values())
    return visit
