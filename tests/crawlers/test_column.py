"""Column visits against the demo portal: every item on the first visit, then only what is new."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from crawlers.column import ColumnVisit, item_key, remember_seen, visit_column
from crawlers.demo_portal import DemoPortal
from crawlers.fetcher import Fetcher, Validators
from crawlers.outcomes import Outcome
from schemas.registry import Column, ColumnKind, Portal, Registry
from streams.settings import Settings


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(slow_seconds=3.0).serving_in_thread() as served:
        yield served


def columns_of(portal: DemoPortal) -> list[tuple[Portal, Column]]:
    registry = Registry.model_validate({"portals": portal.registry()})
    return [(site, column) for site in registry.portals for column in site.columns]


async def visit(fetcher: Fetcher, site: Portal, column: Column, seen: set[str],
                prior: ColumnVisit | None = None) -> ColumnVisit:  # fmt: skip
    result = await visit_column(fetcher, site, column, validators=prior.validators if prior else Validators(),
                                last_hash=prior.list_hash if prior else None,
                                seen=lambda url: item_key(url) in seen, max_pages=50)  # fmt: skip
    seen.update(item_key(item.url) for item in result.new_items)
    return result


def fetcher_for(portal: DemoPortal) -> Fetcher:
    return Fetcher(Settings(crawl_static_hosts=portal.static_hosts(), crawl_delay=0.0, crawl_retry_attempts=1,
                            crawl_read_timeout=2.0))  # fmt: skip


def test_first_visit_walks_every_list_page_later_visits_only_new_items(portal: DemoPortal) -> None:
    listed = {page.url for page in portal.pages()}

    async def scenario() -> set[str]:
        found: set[str] = set()
        async with fetcher_for(portal) as fetcher:
            for site, column in columns_of(portal):
                seen: set[str] = set()
                first = await visit(fetcher, site, column, seen)
                assert first.first.outcome is Outcome.ok and not first.errors, first.errors
                urls = [item.url for item in first.new_items]
                assert len(urls) == len(set(urls)) > 0
                if column.kind is ColumnKind.notices:
                    assert len(urls) >= 40 and len(first.fetches) >= 3  # several list pages walked
                assert {urlsplit(url).hostname for url in urls} == {urlsplit(column.url).hostname}
                found.update(urls)
                again = await visit(fetcher, site, column, seen, first)
                assert again.new_items == [] and len(again.fetches) == 1
                assert again.first.outcome in (Outcome.not_modified, Outcome.ok)
        return found

    assert asyncio.run(scenario()) == listed


def test_a_published_item_is_the_only_new_one_on_the_next_visit(portal: DemoPortal) -> None:
    async def scenario() -> tuple[list[str], str]:
        async with fetcher_for(portal) as fetcher:
            columns = columns_of(portal)
            seen = {column.url: set() for _, column in columns}
            first = {column.url: await visit(fetcher, site, column, seen[column.url])
                     for site, column in columns}  # fmt: skip
            published = portal.publish_next()
            assert published is not None
            found = []
            for site, column in columns:
                later = await visit(fetcher, site, column, seen[column.url], first[column.url])
                found += [item.url for item in later.new_items]
            return found, published.url

    found, published = asyncio.run(scenario())
    assert found == [published]


def test_a_column_remembers_its_newest_items_up_to_the_limit() -> None:
    seen: list[str] = []
    for visit in range(100):  # 100 visits finding 7 new items each: 700 items listed in all
        seen = remember_seen([f"{visit}-{n}" for n in range(7)], seen, limit=50)
    assert len(seen) == 50
    assert seen[:7] == [f"99-{n}" for n in range(7)]  # the latest visit's items first
    assert remember_seen(["a", "b"], ["b", "c"], limit=10) == ["a", "b", "c"]  # no duplicates
