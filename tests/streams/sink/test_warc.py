"""WARC archive: round trip of raw pages, rotation by size, deduplication, other readers."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from schemas.events import RawPage
from streams.settings import Settings
from streams.sink.warc import WarcArchive, iter_raw_pages, record_id

from .conftest import report_page


def raw_page(n: int, body: bytes | None = None, **extra) -> RawPage:
    return RawPage(
        event_id=f"raw-{n}",
        url=f"http://www.zigui.gov.cn/art/2024/3/22/art_{n}.html",
        headers={"content-type": "text/html; charset=gbk", "content-encoding": "gzip", "server": "nginx"},
        body=body if body is not None else report_page(reconsideration=n).decode().encode("gbk"),
        fetched_at=datetime(2024, 4, 1, 8, 0, 0, 123456, tzinfo=UTC),
        **extra,
    )


def settings_for(tmp_path: Path, max_bytes: int = 64 * 1024) -> Settings:
    return Settings(data_dir=tmp_path / "data", warc_max_bytes=max_bytes)


def test_round_trip_keeps_bytes_headers_and_metadata(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    pages = [
        raw_page(1, portal_id="hb-zigui", column_id="fzzf", list_title="秭归县2023年度法治政府建设报告 (全)",
                 list_date=date(2024, 3, 22), final_url="https://www.zigui.gov.cn/a?b=1&c=%E4"),
        raw_page(2, body=b"\xff\xfe not decodable \x80\x81", status=404),
    ]
    with WarcArchive.from_settings(settings) as archive:
        assert [archive.write(page) for page in pages] == [True, True]
    back = list(iter_raw_pages(settings))
    assert back == pages  # bytes, lower-cased headers (content-encoding restored), times, metadata


def test_pages_ingested_from_files_come_back_too(tmp_path: Path) -> None:
    # warcio parses the HTTP head of http(s) records only; file:// pages (`fazhi ingest`) have one too.
    settings = settings_for(tmp_path)
    pages = [raw_page(1).model_copy(update={"url": "file:///srv/pages/report.txt", "headers": {}}),
             raw_page(2).model_copy(update={"url": "file:///srv/pages/notice.html"})]  # fmt: skip
    with WarcArchive.from_settings(settings) as archive:
        for page in pages:
            archive.write(page)
    assert list(iter_raw_pages(settings)) == pages


def test_rotation_by_size_and_dedup_across_runs(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, max_bytes=64 * 1024)
    # Incompressible bodies of 40 KB: the gzip files grow by about that much per record.
    big = [raw_page(n, body=random.Random(n).randbytes(40_000)) for n in range(12)]
    with WarcArchive.from_settings(settings) as archive:
        assert all(archive.write(page) for page in big)
        assert not archive.write(big[0])  # same URL + bytes: already archived
    files = sorted((settings.data_dir / "warc").glob("*.warc.gz"))
    assert len(files) >= 3, files
    # A second run (as after `fazhi replay` re-sends the pages) archives nothing again...
    with WarcArchive.from_settings(settings) as archive:
        assert not any(archive.write(page) for page in big)
        # ...but the same URL with new bytes is a new record.
        assert archive.write(raw_page(0, body=b"<html>changed</html>"))
    back = list(iter_raw_pages(settings))
    assert [p.event_id for p in back] == [p.event_id for p in big] + ["raw-0"]
    assert back[:12] == big


def test_other_tools_read_the_archive(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    page = raw_page(7)
    with WarcArchive.from_settings(settings) as archive:
        archive.write(page)
        path = archive.path
    with open(path, "rb") as handle:
        records = list(_records(handle))
    assert [r[0] for r in records] == ["warcinfo", "response"]
    _, uri, rid, status, encoding, body = records[1]
    assert (uri, rid, status) == (page.url, record_id(page), "200")
    assert encoding is None  # no gzip claim over plain bytes: readers would fail to decode
    assert body == page.body


def test_each_record_is_one_gzip_member_at_the_configured_level(tmp_path: Path) -> None:
    import gzip
    import zlib

    pages = [raw_page(n, body=report_page(reconsideration=n) * 20) for n in range(1, 6)]  # page-sized HTML
    sizes = {}
    for level in (0, 9):
        settings = Settings(data_dir=tmp_path / f"level{level}", warc_compression_level=level)
        with WarcArchive.from_settings(settings) as archive:
            assert all(archive.write(page) for page in pages)
            path = archive.path
        assert list(iter_raw_pages(settings)) == pages
        data = path.read_bytes()
        sizes[level] = len(data)
        members, rest = 0, data
        while rest:  # every record (warcinfo + 5 pages) is a gzip stream of its own
            inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
            inflater.decompress(rest)
            assert inflater.eof
            rest, members = inflater.unused_data, members + 1
        assert members == 1 + len(pages)
        assert b"WARC/1" in gzip.decompress(data)
    assert sizes[0] > sum(len(page.body) for page in pages) > 3 * sizes[9]  # level 0 stores, 9 shrinks


def _records(handle):
    for record in ArchiveIterator(handle):
        if record.rec_type == "warcinfo":
            yield "warcinfo", None, None, None, None, None
            continue
        yield (record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
               record.rec_headers.get_header("WARC-Record-ID"), record.http_headers.get_statuscode(),
               record.http_headers.get_header("content-encoding"), record.content_stream().read())


def test_a_truncated_last_record_is_skipped_not_fatal(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with WarcArchive.from_settings(settings) as archive:
        archive.write(raw_page(1))
        archive.write(raw_page(2))
        path = archive.path
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])  # a crash mid-write
    back = list(iter_raw_pages(settings))
    assert [p.event_id for p in back] == ["raw-1"]


def test_foreign_warc_files_are_replayed_too(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    settings = settings_for(tmp_path)
    directory = settings.data_dir / "warc"
    directory.mkdir(parents=True)
    with open(directory / "other.warc", "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record("http://example.gov.cn/a.html", "response",
                                                      payload=BytesIO(b"<p>hi</p>"), http_headers=headers))
    [page] = list(iter_raw_pages(settings))
    assert (page.url, page.body, page.headers) == ("http://example.gov.cn/a.html", b"<p>hi</p>",
                                                   {"content-type": "text/html"})
    assert page.event_id  # derived from URL + digest when the record was not written by us


def test_attachments_are_archived_with_their_page_and_read_back_onto_it(tmp_path: Path) -> None:
    from schemas.events import RawAttachment

    settings = settings_for(tmp_path)
    pdf = RawAttachment(url="http://www.zigui.gov.cn/art/2024/3/22/P020240322.pdf", status=200,
                        headers={"content-type": "application/pdf"}, body=b"%PDF-1.7\n" + bytes(range(256)),
                        fetched_at=datetime(2024, 4, 1, 8, 0, 1, tzinfo=UTC), link_text="附件：报告.pdf")
    docx = pdf.model_copy(update={"url": "http://www.zigui.gov.cn/W020240322.docx", "body": b"PK\x03\x04 x",
                                  "link_text": None})
    pages = [raw_page(1, attachments=[pdf, docx]), raw_page(2), raw_page(3, attachments=[pdf])]
    with WarcArchive.from_settings(settings) as archive:
        assert [archive.write(page) for page in pages] == [True, True, True]
    assert list(iter_raw_pages(settings)) == pages
    with open(next((tmp_path / "data" / "warc").glob("*.warc.gz")), "rb") as handle:
        records = [r for r in ArchiveIterator(handle) if r.rec_type == "response"]
    assert [r.rec_headers.get_header("WARC-Target-URI") for r in records] == [
        pages[0].url, pdf.url, docx.url, pages[1].url, pages[2].url, pdf.url]
    assert records[1].rec_headers.get_header("WARC-Concurrent-To") == record_id(pages[0])
