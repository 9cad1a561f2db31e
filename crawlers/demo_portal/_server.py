"""The demo portal server: several Hanweb- and TRS-like government sites on one loopback port.

The Host header picks the site, so per-host politeness is visible while one aiohttp server answers.
Content comes from `_content.py` (YAML data), markup from `_render.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from crawlers.demo_portal import _render as render
from crawlers.demo_portal._content import DATA_DIR, Article, Column, Content, Site, build_content
from streams.settings import Settings, get_settings

_BEIJING = timezone(timedelta(hours=8))
_OVERSIZE_MARGIN = 256 * 1024  # bytes past the size limit the oversized page sends
_CHUNK = 64 * 1024
_HANWEB_CT = "text/html; charset=UTF-8"
_HANWEB_XML_CT = "text/xml;charset=UTF-8"
_TRS_CT = "text/html; charset=gb2312"
_DOCUMENT_TYPES = {"pdf": "application/pdf",
                   "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the portal answered: `at` is time.monotonic() at arrival (for politeness checks)."""

    host: str
    method: str
    path: str  # path and query string
    status: int
    at: float
    wall: float  # time.time() at arrival


@dataclass(frozen=True, slots=True)
class DemoPage:
    """A detail page currently linked from a list: what a complete crawl must find."""

    url: str
    host: str
    column_id: str
    title: str
    published: datetime
    is_report: bool
    expect: str | None  # the analysis kind the page is written to be; annual_report for reports
    special: str | None  # challenge | oversized | slow | None
    expected: dict[str, Any]  # reports: issuers, level, region_code, report_year the analysis should read
    attachment: str | None = None  # pdf | docx: the text is (also) in a document
    attachment_url: str | None = None  # where that document is served (== url when the list links to it)


def _page(url: str, column: Column, article: Article) -> DemoPage:
    return DemoPage(
        url=url, host=article.host, column_id=column.id, title=article.title, published=article.published,
        is_report=article.is_report, expect=article.expect, special=article.special,
        expected=dict(article.expected), attachment=article.attachment,
        attachment_url=(url.rsplit(article.path, 1)[0] + article.attachment_path
                        if article.attachment else None),
    )


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _beijing_to_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=_BEIJING).astimezone(UTC)


def _host_of(request: web.Request) -> str:
    host = (request.headers.get("Host") or "").strip().lower()
    if host.startswith("["):  # [::1]:8080
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


class DemoPortal:
    """Hanweb-like and TRS-like government sites served from one loopback port, by Host header.

        portal = DemoPortal(slow_seconds=2.0)
        await portal.start()
        portal.base_url("www.hanweb-demo.test")   # http://www.hanweb-demo.test:<port>
        portal.static_hosts()                     # for FAZHI_CRAWL_STATIC_HOSTS
        portal.registry()                         # portals in the registry file's shape
        portal.publish_next()                     # a pre-written item appears on top of a column
        await portal.stop()

    `oversize_bytes` (default: the max page bytes setting + 256 KiB) is what the oversized page
    streams; `slow_seconds` (default: the read timeout setting + 1 s) is how long the slow page
    waits before answering; `crawl_delay` is the Crawl-delay of the site that declares one;
    `publish_interval` publishes the next pre-written item every so many seconds while running;
    `replicas` > 1 serves copies of every site under more host names (`www.hanweb-demo-2.test`).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        bind: str = "127.0.0.1",
        settings: Settings | None = None,
        oversize_bytes: int | None = None,
        slow_seconds: float | None = None,
        crawl_delay: float = 0.5,
        publish_interval: float | None = None,
        replicas: int = 1,
        data_dir: Path = DATA_DIR,
    ) -> None:
        settings = settings or get_settings()
        self.oversize_bytes = oversize_bytes if oversize_bytes is not None else (
            settings.max_page_bytes + _OVERSIZE_MARGIN)
        self.slow_seconds = slow_seconds if slow_seconds is not None else settings.crawl_read_timeout + 1.0
        self.crawl_delay = crawl_delay
        self.publish_interval = publish_interval
        self._bind = bind
        self._requested_port = port
        self._port: int | None = None
        self._content: Content = build_content(data_dir, replicas=replicas)
        self._lock = threading.Lock()
        self._log: list[RequestRecord] = []
        self._runner: web.AppRunner | None = None
        self._publisher: asyncio.Task[None] | None = None
        self._by_path: dict[tuple[str, str], Article] = {}
        self._modified: dict[tuple[str, str], datetime] = {}
        for site in self._content.sites.values():
            for column in site.columns.values():
                self._modified[(site.host, column.id)] = _beijing_to_utc(column.last_modified)
                for article in column.articles:
                    self._by_path[(site.host, article.path)] = article
                    if article.attachment_path:
                        self._by_path[(site.host, article.attachment_path)] = article
        self._documents: dict[str, bytes] = {}

    # --- lifecycle -------------------------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            return
        app = web.Application(middlewares=[self._record])
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, self._bind, self._requested_port)
        await site.start()
        self._runner = runner
        server = site._server  # the bound socket tells the port picked for port 0
        sockets = getattr(server, "sockets", None) or ()
        self._port = sockets[0].getsockname()[1] if sockets else self._requested_port
        if self.publish_interval:
            self._publisher = asyncio.get_running_loop().create_task(self._publish_periodically())

    async def stop(self) -> None:
        if self._publisher is not None:
            self._publisher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._publisher
            self._publisher = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> DemoPortal:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @contextlib.contextmanager
    def serving_in_thread(self) -> Iterator[DemoPortal]:
        """Serve from a background thread with its own event loop (for synchronous callers)."""
        loop = asyncio.new_event_loop()
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # reported to the caller below
                failure.append(exc)
                started.set()
                return
            started.set()
            loop.run_forever()

        thread = threading.Thread(target=run, name="demo-portal", daemon=True)
        thread.start()
        started.wait()
        if failure:
            thread.join()
            loop.close()
            raise failure[0]
        try:
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout=30)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
            loop.close()

    # --- addresses -------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the demo portal is not started")
        return self._port

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(self._content.sites)

    def base_url(self, host: str) -> str:
        """`http://<host>:<port>` (no trailing slash)."""
        if host not in self._content.sites:
            raise KeyError(host)
        return f"http://{host}:{self.port}"

    def url(self, host: str, path: str) -> str:
        return self.base_url(host) + path

    def static_hosts(self) -> dict[str, str]:
        """Host name -> loopback address, the value of FAZHI_CRAWL_STATIC_HOSTS."""
        return dict.fromkeys(self._content.sites, self._bind)

    def column_urls(self) -> dict[tuple[str, str], str]:
        """(host, column id) -> first list page."""
        return {
            (site.host, column.id): self.url(site.host, column.list_path(site.cms))
            for site in self._content.sites.values() for column in site.columns.values()
        }

    def registry(self, *, cms_hints: bool = True, schedule: dict[str, float] | None = None,
                 politeness: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The portals in the registry's shape (schemas.registry.Portal), private addresses allowed."""
        portals = []
        for site in self._content.sites.values():
            portal: dict[str, Any] = {
                "id": site.portal_id,
                "name": site.name,
                "region_code": site.region_code,
                "level": site.level,
                "base_url": self.base_url(site.host) + "/",
                "columns": [
                    {"id": column.id, "name": column.name, "url": column.list_path(site.cms),
                     "kind": column.kind}
                    for column in site.columns.values()
                ],
                "allow_private": True,
            }
            if cms_hints:
                portal["cms"] = site.cms
            if schedule is not None:
                portal["schedule"] = dict(schedule)
            if politeness is not None:
                portal["politeness"] = dict(politeness)
            portals.append(portal)
        return portals

    def registry_yaml(self, **options: Any) -> str:
        """The registry file text (`fazhi run --role crawl --registry FILE`)."""
        document = {"schema_version": 1, "portals": self.registry(**options)}
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)

    # --- content ---------------------------------------------------------------------------------------

    def pages(self) -> list[DemoPage]:
        """Every detail page linked from a list right now, newest first per column."""
        with self._lock:
            return [
                _page(self.url(site.host, article.path), column, article)
                for site in self._content.sites.values()
                for column in site.columns.values()
                for article in column.articles
            ]

    def special_urls(self) -> dict[str, str]:
        """challenge / oversized / slow -> the URL of that page."""
        return {page.special: page.url for page in self.pages() if page.special}

    @property
    def pending(self) -> int:
        """Pre-written items publish_next() can still add."""
        with self._lock:
            return len(self._content.upcoming)

    def publish_next(self) -> DemoPage | None:
        """Put the next pre-written item on top of its column; None when all are out. Thread-safe."""
        with self._lock:
            if not self._content.upcoming:
                return None
            upcoming = self._content.upcoming.pop(0)
            site = self._content.sites[upcoming.host]
            column = site.columns[upcoming.column_id]
            article = upcoming.article
            column.articles.insert(0, article)
            self._by_path[(site.host, article.path)] = article
            previous = self._modified[(site.host, column.id)]
            # Whole seconds (HTTP dates), and strictly later than any Last-Modified sent before.
            now = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
            self._modified[(site.host, column.id)] = max(now, previous + timedelta(seconds=1))
        return _page(self.url(site.host, article.path), column, article)

    async def _publish_periodically(self) -> None:
        assert self.publish_interval
        while self.pending:
            await asyncio.sleep(self.publish_interval)
            self.publish_next()

    # --- request log -----------------------------------------------------------------------------------

    def requests(self, host: str | None = None) -> list[RequestRecord]:
        """Requests answered so far (all hosts or one), in order of arrival."""
        with self._lock:
            records = [record for record in self._log if host is None or record.host == host]
        return sorted(records, key=lambda record: record.at)

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        at, wall = time.monotonic(), time.time()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        except asyncio.CancelledError:
            status = 499  # the client went away (nginx's code for it)
            raise
        finally:
            record = RequestRecord(_host_of(request), request.method, request.path_qs, status, at, wall)
            with self._lock:
                self._log.append(record)

    # --- dispatch --------------------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        host = _host_of(request)
        site = self._content.sites.get(host)
        if site is None:
            return web.Response(status=421, text=f"unknown host {host!r}; served: {', '.join(self.hosts)}\n")
        path = request.path
        if path == "/robots.txt":
            delay = self.crawl_delay if site.crawl_delay else None
            return web.Response(text=render.robots_txt(delay), content_type="text/plain", charset="utf-8")
        if path in ("/", "/index.html"):
            return self._html(site, render.home_page(site))
        if site.cms == "hanweb":
            if path == "/module/web/jpage/dataproxy.jsp":
                return await self._hanweb_dataproxy(request, site)
            for column in site.columns.values():
                if path in (f"/col/col{column.col_id}/index.html", f"/col/col{column.col_id}/"):
                    return self._hanweb_column(request, site, column)
        else:
            for column in site.columns.values():
                if path.startswith(column.path) and "/" not in path[len(column.path):]:
                    return self._trs_list(site, column, path[len(column.path):])
        with self._lock:
            article = self._by_path.get((host, path))
        if article is None:
            return self._not_found(site)
        column = site.columns[article.column_id]
        if article.attachment_path and path == article.attachment_path:
            return self._document(article)
        if article.special == "challenge":
            return self._challenge(site, article)
        if article.special == "oversized":
            return await self._oversized(request, article)
        if article.special == "slow":
            await asyncio.sleep(self.slow_seconds)
        if site.cms == "hanweb":
            response = self._html(site, render.hanweb_detail(site, column, article))
            if site.validators:
                response.headers["Last-Modified"] = _http_date(_beijing_to_utc(article.published))
            return response
        return self._html(site, render.trs_detail(site, column, article))

    def _document(self, article: Article) -> web.Response:
        """An article's PDF or DOCX, written from its text once and kept."""
        from crawlers.demo_portal.documents import write_docx, write_pdf

        with self._lock:
            data = self._documents.get(article.key)
        if data is None:
            if article.attachment == "pdf":
                data = write_pdf(article.document, title=article.document_title, header=article.source)
            else:
                data = write_docx(article.document, title=article.document_title)
            with self._lock:
                self._documents[article.key] = data
        content_type = _DOCUMENT_TYPES[article.attachment or "pdf"]
        return web.Response(body=data, headers={"Content-Type": content_type})

    def _html(self, site: Site, text: str, status: int = 200) -> web.Response:
        if site.cms == "trs":
            return web.Response(status=status, body=text.encode("gbk", "xmlcharrefreplace"),
                                headers={"Content-Type": _TRS_CT})
        return web.Response(status=status, body=text.encode("utf-8"), headers={"Content-Type": _HANWEB_CT})

    def _not_found(self, site: Site) -> web.Response:
        return self._html(site, render.not_found_page(), status=404)

    def _list_response(self, request: web.Request, site: Site, column: Column, body: bytes,
                       content_type: str) -> web.Response:
        """A list answer, with ETag/Last-Modified and 304s on the site that sends validators."""
        if not site.validators:
            return web.Response(body=body, headers={"Content-Type": content_type})
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        with self._lock:
            modified = self._modified[(site.host, column.id)]
        headers = {"ETag": etag, "Last-Modified": _http_date(modified), "Cache-Control": "no-cache"}
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            # RFC 9110: If-None-Match decides alone when present.
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            if etag in tags or "*" in tags:
                return web.Response(status=304, headers=headers)
        else:
            since = request.headers.get("If-Modified-Since")
            try:
                since_time = parsedate_to_datetime(since) if since else None
            except (TypeError, ValueError):
                since_time = None
            if since_time is not None and since_time.tzinfo is not None and modified <= since_time:
                return web.Response(status=304, headers=headers)
        return web.Response(body=body, headers={**headers, "Content-Type": content_type})

    def _hanweb_column(self, request: web.Request, site: Site, column: Column) -> web.Response:
        with self._lock:
            text = render.hanweb_column_page(site, column)
        return self._list_response(request, site, column, text.encode("utf-8"), _HANWEB_CT)

    async def _hanweb_dataproxy(self, request: web.Request, site: Site) -> web.Response:
        params: dict[str, str] = dict(request.query)
        if request.method == "POST":
            form = await request.post()
            params |= {key: str(value) for key, value in form.items()}
        column = next((c for c in site.columns.values() if str(c.col_id) == params.get("columnid")), None)
        if column is None:
            return web.Response(status=400, text="columnid missing or unknown\n")

        def number(name: str) -> int | None:
            value = params.get(name, "").strip()
            return int(value) if value.isdigit() else None

        start, end, page = number("startrecord"), number("endrecord"), number("page")
        if start is not None and end is not None and end >= start >= 1:
            first, last = start, end
        elif page is not None and page >= 1:
            first, last = (page - 1) * column.per_page + 1, page * column.per_page
        else:
            return web.Response(status=400, text="startrecord/endrecord or page required\n")
        with self._lock:
            text = render.hanweb_dataproxy(site, column, first, last)
        return self._list_response(request, site, column, text.encode("utf-8"), _HANWEB_XML_CT)

    def _trs_list(self, site: Site, column: Column, name: str) -> web.Response:
        with self._lock:
            pages = max(1, -(-len(column.articles) // column.per_page))
            if name in ("", "index.html"):
                page = 0
            elif name.startswith("index_") and name.endswith(".html") and name[6:-5].isdigit():
                page = int(name[6:-5])
            else:
                page = -1
            text = render.trs_list_page(site, column, page, pages) if 0 <= page < pages else None
        if text is None:
            return self._not_found(site)
        return self._html(site, text)

    def _challenge(self, site: Site, article: Article) -> web.Response:
        body, cookie = render.challenge_page(f"{site.host}{article.path}")
        response = web.Response(status=412, body=body.encode("utf-8"),
                                headers={"Content-Type": "text/html; charset=utf-8"})
        response.set_cookie(render.CHALLENGE_COOKIE, cookie, path="/", httponly=True, max_age=3600)
        return response

    async def _oversized(self, request: web.Request, article: Article) -> web.StreamResponse:
        """Streamed without Content-Length, so only a limit enforced while reading catches it."""
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        sent = 0
        try:
            head = render.oversized_head(article).encode("utf-8")
            await response.write(head)
            sent += len(head)
            rows = render.oversized_rows(article)
            while sent < self.oversize_bytes:
                chunk = bytearray()
                while len(chunk) < _CHUNK:
                    chunk += next(rows).encode("utf-8")
                await response.write(bytes(chunk))
                sent += len(chunk)
            await response.write(render.OVERSIZED_TAIL.encode("utf-8"))
            await response.write_eof()
        except (ConnectionResetError, ConnectionError):
            pass  # the fetcher stopped reading at its limit, as it should
        return response
