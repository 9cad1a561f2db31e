"""Issue 12's "done when" for documents, end to end on a portal of the test's own.

One worker with every role (crawl, process, store) on the real embedded broker crawls a local
generic portal whose list holds: a report published only as a PDF attachment ("详见附件"), a list
link straight to a DOCX report, a recruitment notice with a PDF 简章, a report attached as a scan
(no text layer), and a page whose attachments are hostile (a ZIP bomb, an encrypted PDF, a
5,000-page PDF, an image and an HTML page behind .pdf links, a file over the size budget), each
ending as a crawl outcome with its reason. The
reports' texts and expected values are the demo portal's report files (`expected.indicators`).
"""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from aiokafka import AIOKafkaConsumer

from crawlers.demo_portal._content import DATA_DIR
from crawlers.demo_portal.documents import write_docx, write_pdf
from schemas.crawl import CrawlOutcome
from streams.broker import EmbeddedBroker
from streams.codec import ModelCodec
from streams.settings import Settings
from streams.topics import CRAWL_OUTCOMES, topic_name
from streams.workers import WorkerProcess

from ..conftest import LocalServer

HOST = "www.docs-demo.test"
WAIT = 240.0
MAX_PAGE_BYTES = 3 * 1024 * 1024
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_data(key: str) -> dict[str, Any]:
    name = key.replace("-", "_") + ".yaml"
    return yaml.safe_load((DATA_DIR / "reports" / name).read_text(encoding="utf-8"))


def detail_page(title: str, published: str, body: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{published}"></head>'
            f'<body><div class="nav"><a href="/">首页</a></div><div class="article"><h1>{title}</h1>'
            f'<div class="info">发布日期：{published}</div><div id="zoom">{body}</div></div>'
            '<div class="footer">版权所有</div></body></html>')


def zip_bomb(unpacked: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            for _ in range(unpacked // (1024 * 1024)):
                entry.write(b"\x00" * (1024 * 1024))
    return buffer.getvalue()


def encrypted_pdf(plain: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def many_pages(count: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Site:
    """The test's portal: one generic list and what it links to."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.pdf_report = report_data("kaihua-county-2025")
        self.docx_report = report_data("qujiang-district-2025")
        self.notice = report_data("quzhou-recruitment-2026")
        self.scanned = report_data("xinfeng-county-2025")
        self.items: list[tuple[str, str, str]] = []  # (path, title, date)
        self.hostile: dict[str, str] = {}  # attachment path -> what must become of it

    def serve(self, path: str, body: bytes | str, content_type: str) -> None:
        data = body.encode() if isinstance(body, str) else body

        async def handler(request: web.Request) -> web.Response:
            return web.Response(body=data, headers={"Content-Type": content_type})

        self.server.route(HOST, path, handler)

    def page(self, path: str, title: str, published: str, body: str) -> None:
        self.serve(path, detail_page(title, published, body), "text/html; charset=utf-8")
        self.items.append((path, title, published[:10]))

    def build(self) -> None:
        pdf, docx, notice, scan = self.pdf_report, self.docx_report, self.notice, self.scanned
        self.page("/art/2026/3/24/art_7_101.html", pdf["title"], "2026-03-24 10:15",
                  '<p>详见附件。</p><p>附件：<a href="/picture/7/P020260324101.pdf">报告全文.pdf</a></p>')
        self.serve("/picture/7/P020260324101.pdf", write_pdf(pdf["paragraphs"], title=pdf["title"],
                                                               header=pdf["source"]), PDF_TYPE)  # fmt: skip
        # Straight to the file, served with a wrong type: the bytes decide.
        self.serve("/picture/7/W020260326102.docx", write_docx(docx["paragraphs"], title=docx["title"]),
                   "application/octet-stream")
        self.items.append(("/picture/7/W020260326102.docx", docx["title"], "2026-03-26"))
        self.page("/art/2026/3/25/art_7_103.html", notice["title"], "2026-03-25 09:00",
                  "".join(f"<p>{p}</p>" for p in notice["paragraphs"])
                  + '<p><a href="/picture/7/P020260325103.pdf">附件：招聘简章</a></p>')
        self.serve("/picture/7/P020260325103.pdf", write_pdf(notice["document"], title="招聘简章"), PDF_TYPE)
        self.page("/art/2026/3/22/art_7_104.html", scan["title"], "2026-03-22 08:50",
                  '<p>详见附件。</p><p><a href="/picture/7/P020260322104.pdf">附件：扫描件.pdf</a></p>')
        self.serve("/picture/7/P020260322104.pdf", write_pdf(scan["paragraphs"], title=scan["title"],
                                                               text_layer=False), PDF_TYPE)  # fmt: skip
        hostile = {
            "/files/bomb.docx": (zip_bomb(24 * 1024 * 1024), DOCX_TYPE, "ZIP bomb"),
            "/files/locked.pdf": (encrypted_pdf(write_pdf(pdf["paragraphs"][:3])), PDF_TYPE, "encrypted"),
            "/files/pages.pdf": (many_pages(5000), PDF_TYPE, "5000 pages, over the limit of 500"),
            "/files/photo.pdf": (b"\x89PNG\r\n\x1a\n" + bytes(2000), PDF_TYPE, "not_a_document"),
            "/files/error.pdf": ("<!DOCTYPE html><html><body>404 文件不存在</body></html>", PDF_TYPE,
                                 "not_a_document"),
            "/files/huge.pdf": (b"%PDF-1.7\n" + bytes(MAX_PAGE_BYTES + 1024), PDF_TYPE, "too_large"),
        }
        links = "".join(f'<p><a href="{path}">附件{n}：{path.rsplit("/", 1)[1]}</a></p>'
                        for n, path in enumerate(hostile, 1))  # fmt: skip
        self.page("/art/2026/3/20/art_7_105.html", "关于公布2025年度行政执法统计数据的通知",
                  "2026-03-20 16:00",
                  "<p>现将有关数据公布如下，详见附件。</p>" + links)
        for path, (body, content_type, fate) in hostile.items():
            self.serve(path, body, content_type)
            self.hostile[path] = fate
        rows = "".join(f'<li><a href="{path}" title="{title}">{title}</a><span>{day}</span></li>'
                       for path, title, day in self.items)  # fmt: skip
        self.serve("/col/fzzf/index.html",
                   '<html><head><meta charset="utf-8"><title>法治政府建设</title></head><body>'
                   f'<div class="nav"><a href="/">首页</a></div><ul class="news">{rows}</ul></body></html>',
                   "text/html; charset=utf-8")

    def url(self, path: str) -> str:
        return self.server.url(HOST, path)

    def registry(self) -> str:
        portal = {"id": "docs-demo", "name": "衢州市人民政府", "region_code": "330800", "level": "prefecture",
                  "base_url": self.url("/"), "cms": "generic", "allow_private": True,
                  "columns": [{"id": "fzzf", "name": "法治政府建设", "url": "/col/fzzf/index.html",
                               "kind": "reports"}],
                  "schedule": {"base_interval": 60, "min_interval": 30, "max_interval": 120}}
        return yaml.safe_dump({"schema_version": 1, "portals": [portal]}, allow_unicode=True)


@pytest.fixture
def site() -> Iterator[Site]:
    server = LocalServer().start()
    built = Site(server)
    built.build()
    yield built
    server.stop()


async def stored_reports(database: Path) -> list:
    """The reports as `fazhi reports` shows them (with what was read from their documents)."""
    from streams.sink.commands import stored_report
    from streams.sink.database import create_engine, fetch_reports

    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        return [stored_report(row) for row in await fetch_reports(engine)]
    finally:
        await engine.dispose()


def rows(database: Path, query: str, *args: Any) -> list[sqlite3.Row]:
    try:
        with sqlite3.connect(database) as connection:
            connection.row_factory = sqlite3.Row
            return connection.execute(query, args).fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []


async def read_outcomes(settings: Settings, done: Callable[[list[CrawlOutcome]], bool]) -> list[CrawlOutcome]:
    codec = ModelCodec(CrawlOutcome)
    consumer = AIOKafkaConsumer(topic_name(settings, CRAWL_OUTCOMES), auto_offset_reset="earliest",
                                bootstrap_servers=(settings.broker_url or "").removeprefix("kafka://"))
    await consumer.start()
    found: list[CrawlOutcome] = []
    try:
        deadline = time.monotonic() + WAIT
        while not done(found) and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            found += [codec.loads(m.value) for batch in batches.values() for m in batch]
    finally:
        await consumer.stop()
    return found


def test_reports_in_documents_are_stored_and_hostile_files_end_as_outcomes(
        site: Site, embedded_broker: EmbeddedBroker, tmp_path: Path,
        unique_name: Callable[[str], str]) -> None:  # fmt: skip
    tag = unique_name("docs").replace("_", "-")[-40:].strip("-.")
    registry = tmp_path / "registry.yaml"
    registry.write_text(site.registry(), encoding="utf-8")
    settings = Settings(broker_url=embedded_broker.url, app_id=tag, topic_prefix=f"{tag}.", partitions=4,
                        data_dir=tmp_path / "data", max_page_bytes=MAX_PAGE_BYTES, crawl_registry=registry,
                        crawl_static_hosts={HOST: "127.0.0.1"}, crawl_delay=0.05, crawl_retry_attempts=1,
                        crawl_tick=0.5, crawl_max_attachments=8,
                        document_max_unpacked_bytes=8 * 1024 * 1024)  # fmt: skip
    database = settings.data_dir / "fazhi.db"
    worker = WorkerProcess(settings, "all", tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + WAIT
        while len(rows(database, "SELECT url FROM documents")) < len(site.items) or len(
                rows(database, "SELECT report_id FROM reports")) < 2:
            worker.check_alive()
            assert time.monotonic() < deadline, worker.tail()
            time.sleep(0.5)
        refused = {site.url(p) for p, fate in site.hostile.items() if fate in ("not_a_document", "too_large")}
        unread = {site.url(p) for p, fate in site.hostile.items() if site.url(p) not in refused}
        unread.add(site.url("/picture/7/P020260322104.pdf"))  # the scan
        outcomes = asyncio.run(read_outcomes(settings, lambda found: (
            {o.url for o in found if o.kind == "attachment"} >= refused
            and {o.url for o in found if o.kind == "document"} >= unread)))
    finally:
        worker.stop()

    # The two reports: issuer, year and >= 70% of the values their files state.
    reports = {row["url"]: row for row in rows(database, "SELECT * FROM reports")}
    recall = {}
    for path, data in (("/art/2026/3/24/art_7_101.html", site.pdf_report),
                       ("/picture/7/W020260326102.docx", site.docx_report)):
        row = reports[site.url(path)]
        assert row["issuer"] == data["expected"]["issuers"][0] and row["report_year"] == 2025, dict(row)
        stored = {(r["key"], r["value"]) for r in rows(
            database, "SELECT key, value FROM indicators WHERE report_id = ? AND content_hash = ?",
            row["report_id"], row["content_hash"])}
        expected = data["expected"]["indicators"].items()
        recall[path] = sum((key, float(value)) in stored for key, value in expected) / len(expected)
        assert recall[path] >= 0.7, (path, recall[path], stored)
    print("indicator recall", recall)
    stored = {report.url: report for report in asyncio.run(stored_reports(database))}
    assert [read.format for read in stored[site.url("/art/2026/3/24/art_7_101.html")].documents] == ["pdf"]
    assert [read.format for read in stored[site.url("/picture/7/W020260326102.docx")].documents] == ["docx"]

    documents = {row["url"]: row for row in rows(database, "SELECT * FROM documents")}
    notice = documents[site.url("/art/2026/3/25/art_7_103.html")]
    assert not notice["is_report"] and json.loads(notice["documents"])[0]["reason"] is None

    # The scan: its page title says it is the report (so it counts as published); nothing more is read.
    scanned = documents[site.url("/art/2026/3/22/art_7_104.html")]
    assert scanned["needs_ocr"]
    [read] = json.loads(scanned["documents"])
    assert read["needs_ocr"] and "no text layer" in read["reason"]

    # Hostile files end as crawl outcomes: refused when fetched (not a document, too large), or
    # fetched and then unreadable (kind document, from the process role), with the reason stored too.
    reads = {read["url"]: read for read in json.loads(documents[site.url("/art/2026/3/20/art_7_105.html")]
                                                      ["documents"])}  # fmt: skip
    fetches = {o.url: o for o in outcomes if o.kind == "attachment"}
    unreadable = {o.url: o for o in outcomes if o.kind == "document"}
    for path, fate in site.hostile.items():
        url = site.url(path)
        if fate in ("not_a_document", "too_large"):
            assert fetches[url].outcome == fate and fetches[url].error, fetches[url]
            assert url not in reads and url not in unreadable
        else:
            assert fetches[url].outcome == "ok"
            assert fate in (reads[url]["reason"] or ""), reads[url]
            assert unreadable[url].outcome == "unreadable" and fate in unreadable[url].error
    scan = unreadable[site.url("/picture/7/P020260322104.pdf")]
    assert "no text layer" in scan.error and scan.portal_id == "docs-demo" and scan.column_id == "fzzf"
