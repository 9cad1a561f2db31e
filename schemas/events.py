"""Topic contracts: one model per Kafka topic value.

Every event is closed, versioned, carries a deterministic `event_id` (a hash of what makes it
unique, so a replay produces the same id and sinks can upsert) and its timestamps.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Literal

from pydantic import ConfigDict, Field

from schemas._base import Contract
from schemas.documents import Verdict
from schemas.pages import CleanedPage, DocumentRead
from schemas.reports import ReportFacts


def stable_id(*parts: object) -> str:
    """A deterministic id: the same parts always give the same id."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode())
    return digest.hexdigest()[:32]


class BinaryEvent(Contract):
    """Events carrying bytes: base64 in JSON, raw bytes in Python."""

    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")


class RawAttachment(BinaryEvent):
    """A document linked from a page (附件), fetched with it: the original bytes, never re-encoded."""

    url: str = Field(description="The link's absolute URL")
    final_url: str | None = Field(None, description="URL after redirects")
    status: int = 200
    headers: dict[str, str] = Field(default_factory=dict, description="Response headers, lower-cased")
    body: bytes = Field(description="The bytes as fetched (URL-safe base64 in JSON)")
    fetched_at: datetime
    link_text: str | None = Field(None, description="The link's text on the page (often the file name)")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class RawPage(BinaryEvent):
    """`fazhi.pages.raw`, key = canonical URL. The original bytes, never re-encoded text."""

    schema_version: Literal[1] = 1
    event_id: str
    url: str = Field(description="Canonical URL of the page (the key)")
    final_url: str | None = Field(None, description="URL after redirects")
    status: int = 200
    headers: dict[str, str] = Field(default_factory=dict, description="Response headers, lower-cased")
    body: bytes = Field(description="The bytes as fetched (URL-safe base64 in JSON)")
    fetched_at: datetime
    portal_id: str | None = None
    column_id: str | None = None
    list_title: str | None = Field(None, description="Title of the item on the list page")
    list_date: date | None = Field(None, description="Date of the item on the list page")
    attachments: list[RawAttachment] = Field(
        default_factory=list, description="Documents linked from the page (PDF, DOCX...), fetched with it")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class CleanPage(Contract):
    """`fazhi.pages.clean`, key = canonical URL."""

    schema_version: Literal[1] = 1
    event_id: str
    raw_event_id: str
    url: str
    fetched_at: datetime
    cleaned_at: datetime
    portal_id: str | None = None
    page: CleanedPage
    documents: list[DocumentRead] = Field(
        default_factory=list, description="Documents read into the page: its attachments, or the file it is")


class DocumentEvent(Contract):
    """`fazhi.documents`: the verdict for every page, key = canonical URL."""

    schema_version: Literal[1] = 1
    event_id: str
    url: str
    fetched_at: datetime
    analyzed_at: datetime
    title: str | None = None
    published: date | None = None
    content_hash: str = Field(description="Hash of the normalized body text")
    verdict: Verdict
    facts: ReportFacts
    documents: list[DocumentRead] = Field(
        default_factory=list, description="Documents read into the page: its attachments, or the file it is")
    needs_ocr: bool = Field(False, description="A document's pages are images (a scan): OCR would be needed")


class ReportEvent(Contract):
    """`fazhi.reports`, key = report id (issuer + year covered): found or revised."""

    schema_version: Literal[1] = 1
    event_id: str
    report_id: str
    kind: Literal["new", "revised", "sighting"]
    content_hash: str
    url: str
    source_urls: list[str] = Field(default_factory=list, description="Every URL the report was seen at")
    canonical_url: str = Field(description="Preferred source: the issuer's own portal when seen there")
    fetched_at: datetime
    analyzed_at: datetime
    title: str | None = None
    verdict: Verdict
    facts: ReportFacts


class AlertEvent(Contract):
    """`fazhi.alerts`: one per (subscription, report, kind), key = report id.

    ``overdue`` alerts name an expected issuer that has no report: they carry no report id nor URL,
    and are keyed by the issuer's region code.
    """

    schema_version: Literal[1] = 1
    event_id: str
    subscription: str
    report_id: str | None = Field(None, description="The report alerted on; None for an overdue alert")
    kind: Literal["new", "revised", "overdue", "late", "digest"] = Field(
        description="new, revised, overdue, late; digest: a daily digest of a subscription's alerts")
    title: str | None = None
    issuer: str | None = None
    url: str | None = Field(None, description="The report's canonical source; None for an overdue alert")
    region_code: str | None = Field(None, description="GB/T 2260 code of the issuer's place")
    report_year: int | None = Field(None, description="The year covered (the year an overdue report is for)")
    created_at: datetime
    delivered: bool = False
    attempts: int = 0
    last_error: str | None = None


class DeadLetter(BinaryEvent):
    """`fazhi.deadletter`: a message a stage could not handle, with its original payload."""

    schema_version: Literal[1] = 1
    event_id: str
    stage: str = Field(description="clean, analyze, store, alert, crawl, ingest")
    error_type: str
    message: str
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key: bytes | None = None
    payload: bytes = Field(description="The original message value (URL-safe base64 in JSON)")
    failed_at: datetime
