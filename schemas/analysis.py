"""One flat record per analyzed page: what `fazhi analyze` prints and evaluation reads."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from schemas._base import Contract
from schemas.documents import DocumentKind, SourceKind
from schemas.pages import DocumentRead
from schemas.reports import Indicator, IssuerKind, Level, Sections


class AnalysisRecord(Contract):
    schema_version: Literal[1] = 1
    source: str = Field(description="File path, '-' or corpus id the page came from")
    id: str | None = Field(None, description="Corpus item id, when analyzing a corpus")
    url: str | None = None
    error: str | None = Field(None, description="Why the input could not be analyzed")
    is_report: bool = False
    kind: DocumentKind = DocumentKind.other
    confidence: float = 0.0
    reasons: list[str] = Field(default_factory=list)
    source_kind: SourceKind = SourceKind.unknown
    title: str | None = None
    published: date | None = None
    issuer: str | None = None
    issuers: list[str] = Field(default_factory=list)
    issuer_kind: IssuerKind | None = None
    level: Level | None = None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    township: str | None = None
    region_code: str | None = None
    report_year: int | None = None
    addressee: str | None = None
    sections: Sections = Field(default_factory=Sections)
    deadline: date | None = None
    on_time: bool | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    encoding: str | None = None
    decode_errors: bool = False
    documents: list[DocumentRead] = Field(default_factory=list,
                                          description="Documents read for this record (a PDF, DOCX... input)")
    needs_ocr: bool = Field(False, description="A document's pages are images (a scan): OCR would be needed")
    text: str | None = Field(None, description="The cleaned body text (fazhi analyze --text)")
