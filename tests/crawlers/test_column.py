"""Column visits against the demo portal: every item on the first visit, then only what is new."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from crawlers.column import ColumnVisit, item_key, remember_seen, visit_column
from crawlers.demo_portal import DemoPortal
from crawlers.fetcher import Fetcher, Validators
from crawlers.outcomes import Outcome
from schemas.registry import Column, ColumnKind, Portal, Registry
from streams.settings import Settings

from .conftest import HOSTS, LocalServer, crawl_settings


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


# --- columns whose further pages are links, a JavaScript shell's API, a mapped JSON API --------------

def _local_column(server: LocalServer, path: str, **portal: object) -> tuple[Portal, Column]:
    site = Portal.model_validate({
        "id": "local", "name": "本地测试门户", "region_code": "440300", "level": "prefecture",
        "base_url": server.url(HOSTS[0], "/"), "allow_private": True,
        "columns": [{"id": "tzgg", "name": "通知公告", "url": path}], **portal})
    return site, site.columns[0]


def _visit_local(site: Portal, column: Column) -> ColumnVisit:
    async def run() -> ColumnVisit:
        async with Fetcher(crawl_settings()) as fetcher:
            return await visit_column(fetcher, site, column, validators=Validators(), last_hash=None,
                                      seen=lambda url: False, max_pages=10)
    return asyncio.run(run())


def _rows(page: int) -> str:
    return "".join(f"<li><a href='/tzgg/{page}_{k}.html'>关于第{page}页第{k}号事项的通知</a>"
                   f"<span>2024-0{page}-{10 + k}</span></li>" for k in range(5))


def test_next_page_links_are_followed_page_after_page(server: LocalServer) -> None:
    for page in (1, 2, 3):
        name = "list.htm" if page == 1 else f"list{page}.htm"
        more = f"<a href='/tzgg/list{page + 1}.htm'>下一页</a>" if page < 3 else ""
        body = f"<html><body><ul class='list'>{_rows(page)}</ul>{more}</body></html>"
        server.page(HOSTS[0], f"/tzgg/{name}", body, headers={"Content-Type": "text/html; charset=utf-8"})
    visit = _visit_local(*_local_column(server, "/tzgg/list.htm"))
    assert not visit.errors and len(visit.fetches) == 3 and len(visit.new_items) == 15


def test_a_javascript_shell_leads_to_its_json_api(server: LocalServer) -> None:
    server.page(HOSTS[0], "/gkmlpt/index", "<html><head><script>var SID = '755034';</script></head>"
                "<body><div id='app'>加载中</div><script src='/gkmlpt/js/app.js'></script></body></html>",
                headers={"Content-Type": "text/html; charset=utf-8"})

    async def api(request: web.Request) -> web.Response:
        page = int(request.query["page"])
        articles = [{"title": f"关于第{page}批第{k}号事项的通知", "date": 1710000000 + k,
                     "url": f"/gkmlpt/content/{page}/post_{k}.html"} for k in range(4)]
        return web.json_response({"articles": articles, "total": 8})

    server.route(HOSTS[0], "/gkmlpt/api/all/2812", api)
    site, column = _local_column(server, "/gkmlpt/index#2812")
    visit = _visit_local(site, column)
    assert not visit.errors
    assert visit.fetches[1].url == server.url(HOSTS[0], "/gkmlpt/api/all/2812?page=1&sid=755034")
    assert len(visit.fetches) == 3 and len(visit.new_items) == 8  # the shell, then API pages 1 and 2


def test_a_mapped_json_api_column(server: LocalServer) -> None:
    async def api(request: web.Request) -> web.Response:
        page = int(request.query["pageNo"])
        rows = [{"articleId": page * 10 + k, "articleTitle": f"关于第{page}页第{k}号事项的通知",
                 "pubDate": 1710000000000 + k} for k in range(5)]
        return web.json_response({"result": {"list": rows, "totalCount": 12}})

    server.route(HOSTS[0], "/api/list", api)
    mapping = {"items": "result.list", "title": "articleTitle", "date": "pubDate", "page_param": "pageNo",
               "total": "result.totalCount", "url_template": "/#/detail?id={articleId}"}
    site, column = _local_column(server, "/api/list?pageNo=1&pageSize=5", cms="json", json_list=mapping)
    visit = _visit_local(site, column)
    assert not visit.errors and len(visit.fetches) == 3
    assert [item.url.rsplit("=", 1)[-1] for item in visit.new_items] == [
        "10", "11", "12", "13", "14", "20", "21", "22", "23", "24", "30", "31", "32", "33", "34"]
