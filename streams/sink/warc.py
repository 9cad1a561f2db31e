"""Raw pages archived as WARC files (warcio): the source of ``fazhi replay``.

Layout: ``<data_dir>/warc/fazhi-<UTC start time>-<pid>-<seq>.warc.gz``, gzip per record (each
record its own gzip member, at ``FAZHI_WARC_COMPRESSION_LEVEL``: warcio's own gzip writer always
uses level 9, which cost the store worker more CPU than anything else), a new file once the
current one reaches ``FAZHI_WARC_MAX_BYTES``. Each file starts with a ``warcinfo``
record; each page is a ``response`` record whose block is the HTTP status line, the response
headers and the original bytes, readable by any web-archive tool (pywb, warcio, wget's CDX...).

Headers of our own, all percent-encoded UTF-8 (WARC header values are safest in ASCII):
``Fazhi-Event-Id``, ``Fazhi-Fetched-At`` (full precision; ``WARC-Date`` has seconds),
``Fazhi-Final-Url``, ``Fazhi-Portal-Id``, ``Fazhi-Column-Id``, ``Fazhi-List-Title``,
``Fazhi-List-Date``. A page's attachments (PDF, DOCX... fetched with it) follow its record, each a
``response`` record of its own with ``WARC-Concurrent-To`` (the page's record id),
``Fazhi-Attachment-Of`` (the page's event id) and ``Fazhi-Link-Text``; reading puts them back on the
page. The stored body is the decoded payload, so ``Content-Encoding``,
``Transfer-Encoding`` and ``Content-Length`` of the original response are kept as
``X-Fazhi-Original-*`` (a reader would otherwise try to un-gzip plain bytes) and restored on read.

Deduplication (decided): the record id is deterministic, ``urn:uuid:`` uuid5 of URL + SHA-256
of the body, and a page whose id is already in the archive is not written again — not only in
the current run but across runs, because ``fazhi replay`` sends archived pages back through
``fazhi.pages.raw`` and the archive agent must not double the archive each time. The ids of each
file are listed in a sidecar ``<file>.ids`` (loaded at start: reading ids back from gzip WARCs
would mean decompressing the whole archive). A re-fetch of an unchanged page is therefore
archived once, with its first fetch time. After a crash between a record and its id line the
record may be written twice: `iter_raw_pages` skips ids it has already yielded.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from hashlib import sha256
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, unquote

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException
from warcio.warcwriter import WARCWriter

from schemas.events import RawAttachment, RawPage, stable_id
from streams.settings import Settings

log = logging.getLogger(__name__)

_NAMESPACE = uuid.UUID("6f1c3d0e-6a55-4d47-9d8f-2c1f3c4b7a10")  # fazhi-watch WARC record ids
_MOVED_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
_ORIGINAL = "x-fazhi-original-"
_ATTACHMENT_OF = "Fazhi-Attachment-Of"  # an attachment's record: the event id of the page carrying it
_HTTP_HEAD = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"])
_META = {
    "Fazhi-Final-Url": "final_url",
    "Fazhi-Portal-Id": "portal_id",
    "Fazhi-Column-Id": "column_id",
    "Fazhi-List-Title": "list_title",
}


def warc_dir(settings: Settings) -> Path:
    return settings.data_dir / "warc"


def record_id(page: RawPage) -> str:
    """The WARC-Record-ID of a page: the same URL and bytes always give the same id."""
    digest = sha256(page.body).hexdigest()
    return f"<urn:uuid:{uuid.uuid5(_NAMESPACE, page.url + ' ' + digest)}>"


class WarcArchive:
    """Appends raw pages to size-rotated WARC files; `write` returns False for an archived page.

    Not safe for concurrent writers on one data directory: the store role runs one archive agent
    per process (several store processes need separate data directories).
    """

    def __init__(self, directory: Path, max_bytes: int, compression_level: int = 3) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.compression_level = compression_level
        self._seen: set[str] | None = None
        self._file = None
        self._ids = None
        self._path: Path | None = None
        self._sequence = 0
        self._started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")

    @classmethod
    def from_settings(cls, settings: Settings) -> WarcArchive:
        return cls(warc_dir(settings), settings.warc_max_bytes, settings.warc_compression_level)

    @property
    def path(self) -> Path | None:
        """The file being written (None before the first record and after close)."""
        return self._path

    def _load_seen(self) -> set[str]:
        if self._seen is None:
            self._seen = set()
            for sidecar in sorted(self.directory.glob("*.warc.gz.ids")):
                with open(sidecar, encoding="ascii", errors="replace") as handle:
                    self._seen.update(line.strip() for line in handle if line.strip())
        return self._seen

    def write(self, page: RawPage) -> bool:
        """Archive `page` unless a record with the same URL and bytes is already archived."""
        seen = self._load_seen()
        rid = record_id(page)
        if rid in seen:
            return False
        if self._file is None or self._file.tell() >= self.max_bytes:
            self._rotate()
        writer, record = _record_writer()
        writer.write_record(_response_record(writer, page, rid))
        self._write_member(record.getvalue())
        # The page's attachments follow it, each a response record of its own pointing back at it.
        for attachment in page.attachments:
            writer, record = _record_writer()
            writer.write_record(_attachment_record(writer, page, attachment, rid))
            self._write_member(record.getvalue())
        self._file.flush()
        # The id line goes after the record: a crash in between costs a duplicate, never a loss.
        self._ids.write(rid + "\n")
        self._ids.flush()
        seen.add(rid)
        return True

    def _rotate(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            self._sequence += 1
            path = self.directory / f"fazhi-{self._started}-{os.getpid()}-{self._sequence:05d}.warc.gz"
            if not path.exists():
                break
        self._path = path
        self._file = open(path, "xb")  # noqa: SIM115 - kept open across writes, closed in close()
        self._ids = open(path.with_name(path.name + ".ids"), "a", encoding="ascii")  # noqa: SIM115
        writer, record = _record_writer()
        info = writer.create_warcinfo_record(path.name, {
            "software": "fazhi-watch", "format": "WARC File Format 1.0",
            "description": "raw pages of fazhi.pages.raw"})  # fmt: skip
        writer.write_record(info)
        self._write_member(record.getvalue())

    def _write_member(self, record: bytes) -> None:
        """One record as one gzip member, so readers can seek to any record (as warcio writes them)."""
        compressor = zlib.compressobj(self.compression_level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        self._file.write(compressor.compress(record) + compressor.flush())

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self) -> None:
        if self._file is not None:
            self.flush()
            self._file.close()
            self._ids.close()
        self._file = self._ids = self._path = None

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _record_writer() -> tuple[WARCWriter, BytesIO]:
    """A writer of one uncompressed record into a buffer (compressed by `WarcArchive._write_member`)."""
    buffer = BytesIO()
    return WARCWriter(buffer, gzip=False), buffer


def _response_record(writer: WARCWriter, page: RawPage, rid: str):
    headers = []
    for name, value in page.headers.items():
        name = name.lower()
        headers.append((_ORIGINAL + name if name in _MOVED_HEADERS else name, value))
    headers.append(("content-length", str(len(page.body))))
    try:
        reason = HTTPStatus(page.status).phrase
    except ValueError:
        reason = "Unknown"
    http_headers = StatusAndHeaders(f"{page.status} {reason}", headers, protocol="HTTP/1.1")
    fetched = page.fetched_at if page.fetched_at.tzinfo else page.fetched_at.replace(tzinfo=UTC)
    warc_headers = {
        "WARC-Record-ID": rid,
        "WARC-Date": fetched.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Fazhi-Event-Id": page.event_id,
        "Fazhi-Fetched-At": quote(fetched.isoformat()),
    }
    for header, field in _META.items():
        if (value := getattr(page, field)) is not None:
            warc_headers[header] = quote(value, safe="/:?=&")
    if page.list_date is not None:
        warc_headers["Fazhi-List-Date"] = page.list_date.isoformat()
    return writer.create_warc_record(page.url, "response", payload=BytesIO(page.body),
                                     length=len(page.body), warc_headers_dict=warc_headers,
                                     http_headers=http_headers)  # fmt: skip


def _attachment_record(writer: WARCWriter, page: RawPage, attachment: RawAttachment, page_rid: str):
    as_page = RawPage(event_id=page.event_id, url=attachment.url, final_url=attachment.final_url,
                      status=attachment.status, headers=attachment.headers, body=attachment.body,
                      fetched_at=attachment.fetched_at)  # fmt: skip
    record = _response_record(writer, as_page, record_id(as_page))
    record.rec_headers.add_header("WARC-Concurrent-To", page_rid)
    record.rec_headers.add_header(_ATTACHMENT_OF, quote(page.event_id))
    if attachment.link_text:
        record.rec_headers.add_header("Fazhi-Link-Text", quote(attachment.link_text))
    return record


def iter_raw_pages(settings: Settings, directory: Path | None = None) -> Iterator[RawPage]:
    """Every archived page as a `RawPage` (its attachments on it), oldest file first, each record id once."""
    pending: RawPage | None = None
    for page, attachment_of, link_text in _iter_records(settings, directory):
        if attachment_of is None:
            if pending is not None:
                yield pending
            pending = page
        elif pending is not None and pending.event_id == attachment_of:
            pending.attachments.append(RawAttachment(
                url=page.url, final_url=page.final_url, status=page.status, headers=page.headers,
                body=page.body, fetched_at=page.fetched_at, link_text=link_text))  # fmt: skip
        else:
            log.warning("attachment %s: its page (event %s) is not before it in the archive: skipped",
                        page.url, attachment_of)  # fmt: skip
    if pending is not None:
        yield pending


_Record = tuple[RawPage, str | None, str | None]


def _iter_records(settings: Settings, directory: Path | None) -> Iterator[_Record]:
    """Every response record as (`RawPage`, the page event id it is an attachment of, its link text).

    Response records of WARC files written by other tools (``*.warc``, ``*.warc.gz`` dropped in
    the directory) are read too. A truncated last record (a crash mid-write) ends that file with
    a warning instead of an error.
    """
    directory = directory or warc_dir(settings)
    files = sorted(p for p in directory.glob("*.warc*") if p.name.endswith((".warc", ".warc.gz")))
    yielded: set[str] = set()
    for path in files:
        with open(path, "rb") as handle:
            try:
                for record in ArchiveIterator(handle):
                    if record.rec_type != "response":
                        continue
                    if record.http_headers is None and not _parse_http_headers(record):
                        log.warning("%s: response record %s has no HTTP status line: skipped", path,
                                    record.rec_headers.get_header("WARC-Record-ID"))  # fmt: skip
                        continue
                    # An attachment shared by two pages is archived with each: its id is per page.
                    attachment_of = record.rec_headers.get_header(_ATTACHMENT_OF)
                    rid = (record.rec_headers.get_header("WARC-Record-ID") or "") + (attachment_of or "")
                    if rid in yielded:
                        continue
                    page = _raw_page(record)
                    if page is None:
                        log.warning("%s: record %s is truncated or damaged (payload digest differs): skipped",
                                    path, rid)
                        continue
                    yielded.add(rid)
                    link_text = record.rec_headers.get_header("Fazhi-Link-Text")
                    yield (page, unquote(attachment_of) if attachment_of else None,
                           unquote(link_text) if link_text else None)
            except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
                log.warning("%s: stopped reading at a damaged record: %s", path, exc)


def _parse_http_headers(record) -> bool:
    """Parse the HTTP head of a response record warcio left unparsed; False when there is none.

    warcio parses it only for http(s) target URIs: pages ingested from files (``file://``) have
    one too, written by `_response_record`.
    """
    if not (record.content_type or "").startswith("application/http"):
        return False
    try:
        record.http_headers = _HTTP_HEAD.parse(record.raw_stream)
    except StatusAndHeadersParserException:
        return False
    return True


def _raw_page(record) -> RawPage | None:
    """The page of a response record; None when its body does not match its payload digest."""
    warc = record.rec_headers
    url = warc.get_header("WARC-Target-URI")
    body = record.raw_stream.read()
    if not _digest_matches(warc.get_header("WARC-Payload-Digest"), body):
        return None
    headers: dict[str, str] = {}
    for name, value in record.http_headers.headers:
        name = name.lower()
        if name == "content-length":
            continue
        if name.startswith(_ORIGINAL):
            name = name[len(_ORIGINAL):]
        headers[name] = value
    fetched_text = warc.get_header("Fazhi-Fetched-At")
    if fetched_text:
        fetched_at = datetime.fromisoformat(unquote(fetched_text))
    else:
        fetched_at = datetime.fromisoformat(warc.get_header("WARC-Date").replace("Z", "+00:00"))
    meta = {field: unquote(value) for header, field in _META.items()
            if (value := warc.get_header(header)) is not None}  # fmt: skip
    list_date = warc.get_header("Fazhi-List-Date")
    status = record.http_headers.get_statuscode()
    return RawPage(
        event_id=warc.get_header("Fazhi-Event-Id") or stable_id("raw", url, sha256(body).hexdigest()),
        url=url,
        status=int(status) if status and status.isdigit() else 200,
        headers=headers,
        body=body,
        fetched_at=fetched_at,
        list_date=date.fromisoformat(list_date) if list_date else None,
        **meta,
    )


def _digest_matches(declared: str | None, body: bytes) -> bool:
    """Check ``WARC-Payload-Digest`` (``sha1:<base32>`` as warcio writes it; other kinds trusted)."""
    if not declared or ":" not in declared:
        return True
    algorithm, _, value = declared.partition(":")
    if algorithm.lower() != "sha1":
        return True
    raw = hashlib.sha1(body).digest()  # the digest WARC files use, not for security
    return value.strip().upper() in (base64.b32encode(raw).decode(), raw.hex().upper())
