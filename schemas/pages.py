"""A page after decoding and cleaning: the input of classification and extraction."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from schemas._base import Contract

# Where a page's publication date was read, most trusted first.
PublishedFrom = Literal["label", "header", "address", "signature"]
AttachmentKind = Literal["pdf", "doc", "docx", "wps", "xls", "xlsx", "ofd"]


class Attachment(Contract):
    url: str
    name: str = ""
    ext: AttachmentKind


class DocumentRead(Contract):
    """What was read from one document (an attachment, or the file a page is): text or why not."""

    url: str | None = Field(None, description="The document's address (None for a local file)")
    format: str = Field(description="pdf, docx, doc, wps, ofd (sniffed from the bytes); html, image, zip, "
                                    "text, unknown when it was not a document")
    pages: int | None = Field(None, description="Pages (PDF, OFD)")
    chars: int = Field(0, description="Characters of text read")
    needs_ocr: bool = Field(False, description="The pages are images (a scan): only OCR could read them")
    reason: str | None = Field(None, description="Why the text is missing or partial; None when all was read")


class CleanedPage(Contract):
    """The text of one page with its chrome removed and its metadata lifted out."""

    schema_version: Literal[1] = 1
    url: str | None = None
    title: str | None = None
    published: date | None = Field(None, description="Publication date shown on the page or URL")
    published_from: PublishedFrom | None = Field(
        None, description="Where the date was read: a 发布时间 label or meta tag (label), an unlabelled date "
                          "in the page header (header), the CMS address (address), the date under the "
                          "closing signature (signature)")
    source: str | None = Field(None, description="发布机构 / 信息来源 / ContentSource")
    site_name: str | None = None
    column: str | None = Field(None, description="Column or breadcrumb, e.g. 首页 > 通知公告")
    paragraphs: list[str] = Field(default_factory=list, description="Body paragraphs, in order")
    attachments: list[Attachment] = Field(default_factory=list)
    encoding: str | None = Field(None, description="Charset the bytes were decoded with")
    decode_errors: bool = Field(False, description="Bytes that did not decode were replaced")
    removed_lines: int = Field(0, description="Boilerplate or spam lines dropped from the body")

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)
