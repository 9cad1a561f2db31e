"""What a list adapter returns: the items of one list page and how to reach the column's other pages."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


class ListParseError(ValueError):
    """A list page could not be read (malformed markup, JSON or datastore); the message says why."""


@dataclass(frozen=True, slots=True)
class ListItem:
    """One entry of a column list: an absolute detail-page URL, its title and date as the list shows them."""

    url: str
    title: str
    date: date | None = None


@dataclass(frozen=True, slots=True)
class PageRule:
    """How to address page `n` (1-based) of a column: `template` is a `str.format` string.

    Fields available to the template: `{n}` (page number), `{index}` (n - index_offset, TRS counts
    `index_1.html` as page 2; with `reverse`, total_pages - n + 1: sites that number pages backwards
    name page 2 of 78 `index_<col>_77.html`), `{start}`/`{end}` (1-based record range of page n, from
    `per_page`), `{offset}` (start - 1) and `{per_page}`. `first_url` replaces the template for page 1
    when page 1 has its own address (`index.html`, the Hanweb column page). `total_pages` counts
    fetches, which may differ from the pages the site shows (Hanweb fetches several at once).
    """

    template: str
    first_url: str | None = None
    per_page: int = 0
    index_offset: int = 0
    total_pages: int | None = None
    reverse: bool = False

    def url(self, n: int) -> str | None:
        """Address of page `n`, or None when `n` is out of range (below 1 or above the known total)."""
        if n < 1 or (self.total_pages is not None and n > self.total_pages):
            return None
        if n == 1 and self.first_url:
            return self.first_url
        start = (n - 1) * self.per_page + 1
        end = start + self.per_page - 1
        if self.reverse:
            if self.total_pages is None:
                return None
            index = self.total_pages - n + 1
        else:
            index = n - self.index_offset
        return self.template.format(n=n, index=index, start=start, end=end, offset=start - 1,
                                    per_page=self.per_page)


@dataclass(frozen=True, slots=True)
class ListPage:
    """The parsed list page.

    `items` are in list order (newest first on every portal we know). `total_pages` is the number
    of pages the site's pager shows; `page_number` and `page_rule` count fetches (the same but on
    Hanweb, whose dataproxy serves several shown pages at once). `page_rule` addresses the column's
    other pages when the CMS has a rule; `next_urls` are further list pages found as links when
    there is no rule (generic adapter). `list_hash` is the sha256 of the normalized list region
    (the items and counts, not the page chrome), so a portal that sends no ETag/Last-Modified can
    still be checked for change. `error` is set when the page could not be (fully) read; the items
    then hold whatever was readable, possibly none.
    """

    cms: str
    url: str
    items: tuple[ListItem, ...] = ()
    page_number: int = 1
    total_pages: int | None = None
    total_items: int | None = None
    page_rule: PageRule | None = None
    next_urls: tuple[str, ...] = ()
    list_hash: str = ""
    error: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.error is None

    def page_url(self, n: int) -> str | None:
        """Address of page `n` of this column (1-based), when the CMS has a rule for it."""
        return self.page_rule.url(n) if self.page_rule is not None else None

    def remaining_page_urls(self) -> tuple[str, ...]:
        """The column's list pages after this one, as far as known (rule and total, or found links)."""
        last = self.page_rule.total_pages if self.page_rule is not None else None
        if self.page_rule is None or last is None:
            return self.next_urls
        urls = (self.page_rule.url(n) for n in range(self.page_number + 1, last + 1))
        return tuple(url for url in urls if url)


def list_hash(items: Iterable[ListItem], *extra: object) -> str:
    """sha256 over the items (url, title, date, one per line) and any counts the page states."""
    digest = hashlib.sha256()
    for value in extra:
        digest.update(f"{value}\n".encode())
    for item in items:
        digest.update(f"{item.url}\t{' '.join(item.title.split())}\t{item.date or ''}\n".encode())
    return digest.hexdigest()
