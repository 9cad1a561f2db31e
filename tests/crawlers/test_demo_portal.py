"""The demo portal, crawled with httpx and read with our adapters and analysis (no mocks)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
import yaml
from protego import Protego

from crawlers.adapters import ListItem, ListPage, parse_list
from crawlers.demo_portal import DemoPortal
from crawlers.demo_portal._content import Content, build_content
from schemas.registry import Registry
from streams.analysis import analyze

SLOW_SECONDS = 1.0
OVERSIZE_BYTES = 400_000


def _fetch(client: httpx.Client, portal: DemoPortal, url: str, *, headers: dict[str, str] | None = None,
           timeout: httpx.Timeout | None = None) -> httpx.Response:  # fmt: skip
    """GET `url` from the portal: connect to the loopback address, name the site in the Host header."""
    parts = urlsplit(url)
    local = urlunsplit((parts.scheme, f"127.0.0.1:{portal.port}", parts.path, parts.query, ""))
    sent = {"Host": parts.netloc, **(headers or {})}
    return client.get(local, headers=sent, timeout=timeout or client.timeout)


def _walk(client: httpx.Client, portal: DemoPortal, first_url: str) -> tuple[list[ListItem], list[ListPage]]:
    """Every item of a column, following the adapter's page rule from the first list page."""
    pages: list[ListPage] = []
    url: str | None = first_url
    while url is not None:
        response = _fetch(client, portal, url)
        assert response.status_code == 200, url
        listed = parse_list(None, url, response.content, response.headers.get("content-type"))
        assert listed.ok, (url, listed.error)
        pages.append(listed)
        url = listed.page_url(listed.page_number + 1)
    return [item for page in pages for item in page.items], pages


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    """Read-only tests share one portal (tests that publish or log requests make their own)."""
    with DemoPortal(slow_seconds=SLOW_SECONDS, oversize_bytes=OVERSIZE_BYTES).serving_in_thread() as served:
        yield served


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


def test_every_column_walks_to_every_item(portal: DemoPortal, client: httpx.Client) -> None:
    expected: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page in portal.pages():
        expected[(page.host, page.column_id)].append(page.url)
    cms_seen: set[str] = set()
    for (host, column_id), first_url in portal.column_urls().items():
        items, pages = _walk(client, portal, first_url)
        assert [item.url for item in items] == expected[(host, column_id)], (host, column_id)
        assert all(item.title and item.date for item in items)
        assert pages[0].total_pages == len(pages)
        if column_id == "tzgg":  # 通知公告: >= 40 items over >= 3 list pages
            assert len(items) >= 40 and len(pages) >= 3, (host, len(items), len(pages))
        cms_seen.add(pages[0].cms)
    assert cms_seen == {"hanweb", "trs"}  # told apart by their fingerprints, no hint given


def test_list_pages_carry_the_cms_markup(portal: DemoPortal, client: httpx.Client) -> None:
    hanweb = _fetch(client, portal, portal.url("www.hanweb-demo.test", "/col/col1229400001/index.html"))
    assert b"<datastore>" in hanweb.content and "大汉版通".encode() in hanweb.content
    listed = parse_list("hanweb", portal.url("www.hanweb-demo.test", "/col/col1229400001/index.html"),
                        hanweb.content)
    assert "/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30" in (listed.page_url(2) or "")
    # Hanweb has no static index_1.html.
    missing = _fetch(client, portal, portal.url("www.hanweb-demo.test", "/col/col1229400001/index_1.html"))
    assert missing.status_code == 404
    trs = _fetch(client, portal, portal.url("www.trs-demo.test", "/zwgk/tzgg/index.html"))
    assert trs.headers["content-type"] == "text/html; charset=gb2312"
    assert b'charset=gb2312' in trs.content and "通知公告".encode("gbk") in trs.content
    with pytest.raises(UnicodeDecodeError):
        trs.content.decode("utf-8")
    assert b"createPageHTML(3, 0" in trs.content
    beyond = _fetch(client, portal, portal.url("www.trs-demo.test", "/zwgk/tzgg/index_3.html"))
    assert beyond.status_code == 404


def test_dataproxy_answers_get_post_and_page_forms_alike(portal: DemoPortal, client: httpx.Client) -> None:
    host = "sft.hanweb-demo.test"
    base = f"http://127.0.0.1:{portal.port}/module/web/jpage/dataproxy.jsp"
    by_range = client.get(f"{base}?startrecord=16&endrecord=30&perpage=15&columnid=1229300044&webid=2117",
                          headers={"Host": host})
    by_post = client.post(f"{base}?startrecord=16&endrecord=30&perpage=15", headers={"Host": host},
                          data={"columnid": "1229300044", "webid": "2117", "unitid": "6203"})
    by_page = client.get(f"{base}?page=2&columnid=1229300044", headers={"Host": host})
    assert by_range.status_code == by_post.status_code == by_page.status_code == 200
    assert by_range.headers["content-type"].startswith("text/xml")
    urls = [[item.url for item in parse_list("hanweb", str(r.url), r.content).items]
            for r in (by_range, by_post, by_page)]
    assert urls[0] == urls[1] == urls[2] and len(urls[0]) == 15
    assert client.get(f"{base}?page=2", headers={"Host": host}).status_code == 400


def test_detail_pages_answer_and_are_classified_as_written(portal: DemoPortal, client: httpx.Client) -> None:
    pages = [page for page in portal.pages() if page.special is None]
    reports = 0
    for page in pages:
        response = _fetch(client, portal, page.url)
        assert response.status_code == 200, page.url
        if page.attachment:
            result = _analyze_with_documents(client, portal, page, response)
        else:
            result = analyze(response.content, url=page.url, content_type=response.headers["content-type"])
        assert result.verdict.is_report is page.is_report, (page.title, result.verdict.reasons)
        if page.expect is not None:
            assert result.verdict.kind.value == page.expect, page.title
        if page.is_report:
            reports += 1
            facts = result.facts
            assert facts.issuers == page.expected["issuers"], page.title
            assert facts.level is not None and facts.level.value == page.expected["level"]
            assert facts.region is not None and facts.region.code == page.expected["region_code"]
            assert facts.report_year == page.expected["report_year"]
            assert facts.published == page.published.date()
            assert len(facts.indicators) >= 10
            found = {(indicator.key, indicator.value) for indicator in facts.indicators}
            expected = page.expected["indicators"].items()
            if page.attachment:  # read from a PDF or DOCX: issue 12 asks for >= 70% of the values
                recalled = [(key, value) in found for key, value in expected]
                assert sum(recalled) >= 0.7 * len(recalled), (page.title, found)
                continue
            for key, value in expected:
                assert (key, value) in found, (page.title, key, value)
    assert reports >= 6 and len(pages) - reports >= 150
    assert {page.attachment for page in pages if page.attachment} == {"pdf", "docx"}


def _analyze_with_documents(client: httpx.Client, portal: DemoPortal, page, response: httpx.Response):
    """The page as the process role reads it: its attachment fetched and read into it."""
    from datetime import UTC, datetime

    from schemas.events import RawAttachment, RawPage
    from streams.analysis import analyze_page
    from streams.documents import extract_text
    from streams.documents.pages import read_raw_page

    now = datetime.now(UTC)
    attachments = []
    if page.attachment_url != page.url:
        document = _fetch(client, portal, page.attachment_url)
        assert document.status_code == 200
        attachments.append(RawAttachment(url=page.attachment_url, body=document.content, fetched_at=now,
                                         headers={"content-type": document.headers["content-type"]}))
    raw = RawPage(event_id="test", url=page.url, headers={"content-type": response.headers["content-type"]},
                  body=response.content, fetched_at=now, list_title=page.title,
                  list_date=page.published.date(), attachments=attachments)
    cleaned, reads = read_raw_page(raw, extract=extract_text)
    assert all(read.reason is None for read in reads), reads
    return analyze_page(cleaned)


def test_special_pages(portal: DemoPortal, client: httpx.Client) -> None:
    special = portal.special_urls()
    assert set(special) == {"challenge", "oversized", "slow"}
    challenge = _fetch(client, portal, special["challenge"])
    assert challenge.status_code == 412 and b"<script" in challenge.content
    assert any(name.endswith("80S") for name in challenge.cookies)

    with client.stream("GET", f"http://127.0.0.1:{portal.port}{urlsplit(special['oversized']).path}",
                       headers={"Host": urlsplit(special["oversized"]).netloc}) as streamed:
        assert streamed.status_code == 200 and "content-length" not in streamed.headers
        assert streamed.headers.get("transfer-encoding") == "chunked"
        size = sum(len(chunk) for chunk in streamed.iter_bytes())
    assert size > OVERSIZE_BYTES

    with pytest.raises(httpx.ReadTimeout):
        _fetch(client, portal, special["slow"], timeout=httpx.Timeout(5.0, read=SLOW_SECONDS / 4))
    started = time.monotonic()
    answered = _fetch(client, portal, special["slow"], timeout=httpx.Timeout(5.0, read=SLOW_SECONDS * 10))
    assert answered.status_code == 200 and time.monotonic() - started >= SLOW_SECONDS * 0.9


def test_robots_per_host(portal: DemoPortal, client: httpx.Client) -> None:
    delays = {}
    for host in portal.hosts:
        response = _fetch(client, portal, portal.url(host, "/robots.txt"))
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
        rules = Protego.parse(response.text)
        for (column_host, _), url in portal.column_urls().items():
            if column_host == host:
                assert rules.can_fetch(url, "fazhi-watch")
        assert not rules.can_fetch(portal.url(host, "/module/search/search.jsp"), "fazhi-watch")
        delays[host] = rules.crawl_delay("fazhi-watch")
    assert sorted(delays.values(), key=lambda value: value or 0) == [None, None, None, 0.5]


def test_unknown_host_and_unknown_path(portal: DemoPortal, client: httpx.Client) -> None:
    unknown = client.get(f"http://127.0.0.1:{portal.port}/", headers={"Host": "www.example.test"})
    assert unknown.status_code == 421
    assert _fetch(client, portal, portal.url("www.trs-demo.test", "/zwgk/tzgg/202601/t20260101_1.html")
                  ).status_code == 404


def test_validators_on_the_hanweb_site_only_and_publishing_changes_lists(client: httpx.Client) -> None:
    with DemoPortal(slow_seconds=SLOW_SECONDS).serving_in_thread() as portal:
        column = portal.column_urls()[("www.hanweb-demo.test", "fzzfjsndbg")]
        first = _fetch(client, portal, column)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert _fetch(client, portal, column, headers={"If-None-Match": etag}).status_code == 304
        assert _fetch(client, portal, column, headers={"If-Modified-Since": modified}).status_code == 304
        assert _fetch(client, portal, column, headers={"If-None-Match": '"other"'}).status_code == 200
        trs_column = portal.column_urls()[("www.trs-demo.test", "tzgg")]
        trs_first = _fetch(client, portal, trs_column)
        assert "etag" not in trs_first.headers and "last-modified" not in trs_first.headers
        trs_hash = parse_list(None, trs_column, trs_first.content).list_hash
        before = {item.url for item in parse_list(None, column, first.content).items}

        assert portal.pending == 6
        published = [portal.publish_next() for _ in range(6)]
        assert portal.publish_next() is None and portal.pending == 0
        new = {page.url for page in published if page is not None}
        assert sum(page.is_report for page in published if page is not None) == 2

        again = _fetch(client, portal, column, headers={"If-None-Match": etag, "If-Modified-Since": modified})
        assert again.status_code == 200 and again.headers["etag"] != etag
        assert _fetch(client, portal, column, headers={"If-Modified-Since": modified}).status_code == 200
        listed = parse_list(None, column, again.content)
        assert listed.items[0].url in new  # on top of the column
        assert {item.url for item in listed.items} - before == {listed.items[0].url}
        trs_again = parse_list(None, trs_column, _fetch(client, portal, trs_column).content)
        assert trs_again.list_hash != trs_hash
        # Every published page is listed, answers, and a whole re-crawl finds exactly these as new.
        for page in published:
            assert page is not None and _fetch(client, portal, page.url).status_code == 200
        assert {page.url for page in portal.pages()} >= new


def test_publish_interval_adds_items_while_running() -> None:
    async def scenario() -> int:
        async with DemoPortal(publish_interval=0.05) as portal:
            deadline = time.monotonic() + 20
            while portal.pending and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return portal.pending

    assert asyncio.run(scenario()) == 0


def test_request_log_per_host(client: httpx.Client) -> None:
    with DemoPortal().serving_in_thread() as portal:
        for host in ("www.trs-demo.test", "sft.trs-demo.test", "www.trs-demo.test"):
            _fetch(client, portal, portal.url(host, "/robots.txt"))
        _fetch(client, portal, portal.url("www.trs-demo.test", "/nothing-here"))
        log = portal.requests("www.trs-demo.test")
        assert [(r.path, r.status) for r in log] == [("/robots.txt", 200), ("/robots.txt", 200),
                                                    ("/nothing-here", 404)]
        assert log[0].at <= log[1].at <= log[2].at
        assert [r.host for r in portal.requests()].count("sft.trs-demo.test") == 1
        portal.clear_requests()
        assert portal.requests() == []


def test_registry_validates_against_the_registry_model() -> None:
    async def scenario() -> tuple[list[dict[str, object]], str, DemoPortal]:
        async with DemoPortal() as portal:
            return portal.registry(schedule={"base_interval": 30, "min_interval": 5, "max_interval": 300}), \
                portal.registry_yaml(cms_hints=False), portal

    portals, text, portal = asyncio.run(scenario())
    registry = Registry.model_validate({"portals": portals})
    assert {p.id for p in registry.portals} == {"demo-quzhou-gov", "demo-zhejiang-sft", "demo-ganzhou-gov",
                                                "demo-jiangxi-sft"}
    assert all(p.allow_private and p.schedule.base_interval == 30 for p in registry.portals)
    column_urls = {column.url for p in registry.portals for column in p.columns}
    assert column_urls == set(portal.column_urls().values())
    from_file = Registry.model_validate(yaml.safe_load(text))
    assert all(p.cms is None for p in from_file.portals)


def test_replicas_serve_more_hosts_with_the_same_content() -> None:
    content = build_content(replicas=3)
    assert len(content.sites) == 12 and "www.hanweb-demo-3.test" in content.sites
    one, three = content.sites["sft.trs-demo.test"], content.sites["sft.trs-demo-3.test"]
    titles = [[a.title for a in site.columns["tzgg"].articles] for site in (one, three)]
    assert titles[0] == titles[1]
    assert three.portal_id == "demo-jiangxi-sft-3"
    with pytest.raises(ValueError):
        build_content(replicas=0)


def test_content_is_deterministic() -> None:
    def summary(content: Content) -> list[tuple[str, str]]:
        return [(a.path, a.title) for s in content.sites.values()
                for c in s.columns.values() for a in c.articles]

    assert summary(build_content()) == summary(build_content())


def test_standalone_server_starts_and_stops_on_sigterm(tmp_path: Path) -> None:
    registry_file = f"{tmp_path}/registry.yaml"
    process = subprocess.Popen(
        [sys.executable, "-m", "crawlers.demo_portal", "--port", "0", "--registry-out", registry_file],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        lines = []
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "Ctrl-C stops" in line:
                break
        assert any(line.startswith("FAZHI_CRAWL_STATIC_HOSTS=") for line in lines), lines
        registry = Registry.model_validate(yaml.safe_load(Path(registry_file).read_text(encoding="utf-8")))
        base = registry.portals[0].base_url
        response = httpx.get(base.replace(urlsplit(base).hostname or "", "127.0.0.1") + "robots.txt",
                             headers={"Host": urlsplit(base).netloc})
        assert response.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
