"""Documents into the analysis: a document as a page of its own, or the body of the page that carries it.

A report published as "详见附件" plus a PDF is analyzed as one page: title, dates and site from the
HTML page, body (and so issuer and indicators) from the document. The page keeps its own body when
it has one of its own: a full HTML report with a PDF copy would otherwise count every figure twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from urllib.parse import unquote, urlsplit

from schemas.crawl import CrawlOutcome, TaskKind
from schemas.events import RawPage, stable_id
from schemas.pages import CleanedPage, DocumentRead
from streams.analysis.clean import clean, clean_decoded
from streams.analysis.decode import decode
from streams.documents.extract import DocumentText, Limits
from streams.documents.isolated import extract_isolated
from streams.documents.sniff import DOCUMENT_FORMATS, sniff

#: A page body shorter than this (characters) is a pointer to its attachments ("详见附件", a file list);
#: so is one shorter than a quarter of its documents' text.
SHORT_BODY_CHARS = 200


def document_page(document: DocumentText, url: str | None, *, title: str | None = None,
                  published: date | None = None) -> CleanedPage:
    """A document on its own (a list link straight to a file, `fazhi analyze report.pdf`) as a page."""
    page = clean(document.text, url)
    return page.model_copy(update={"title": title or page.title or document.title,
                                   "published": page.published or published})  # fmt: skip


def with_documents(page: CleanedPage, documents: Sequence[DocumentText]) -> CleanedPage:
    """`page` with the text of its readable documents as its body, when its own body is only a pointer."""
    readable = [document for document in documents if document.ok]
    if not readable:
        return page
    own = len(page.text)
    attached = sum(len(document.text) for document in readable)
    if own >= SHORT_BODY_CHARS and own * 4 >= attached:
        return page
    paragraphs = list(page.paragraphs)
    source = page.source
    for document in readable:
        cleaned = clean(document.text, page.url)
        paragraphs.extend(cleaned.paragraphs)
        source = source or cleaned.source
    return page.model_copy(update={"paragraphs": paragraphs, "source": source})


def document_read(document: DocumentText, url: str | None = None) -> DocumentRead:
    """The contract's summary of one extraction (stored with the document, printed by `fazhi analyze`)."""
    return DocumentRead(url=url, format=document.format, pages=document.pages,
                        chars=sum(len(p) for p in document.paragraphs), needs_ocr=document.needs_ocr,
                        reason=document.reason)  # fmt: skip


Extractor = Callable[..., DocumentText]
_NAMED = re.compile(r"[^/\\=&?]+\.(?:pdf|docx?|wps|ofd)\b", re.IGNORECASE)


def file_name(url: str, link_text: str | None = None) -> str:
    """The document's file name, for what the bytes leave open (.doc or .wps): the URL's path, else a
    name in its query (Hanweb's ``downfile.jsp?filename=….wps``) or in the link's text."""
    parts = urlsplit(url)
    if _NAMED.search(parts.path):
        return parts.path
    for text in (unquote(parts.query), link_text or ""):
        if found := _NAMED.search(text):
            return found.group(0)
    return parts.path


def read_raw_page(raw: RawPage, *, limits: Limits | None = None,
                  extract: Extractor = extract_isolated) -> tuple[CleanedPage, list[DocumentRead]]:
    """A fetched page cleaned, with its documents read into it.

    The page may itself be a document (a list link straight to a PDF): then its title and date
    come from the list item. Otherwise its attachments' text becomes its body when its own body
    is only a pointer to them (`with_documents`).
    """
    if sniff(raw.body, urlsplit(raw.url).path, raw.content_type) in DOCUMENT_FORMATS:
        document = extract(raw.body, filename=urlsplit(raw.final_url or raw.url).path,
                           content_type=raw.content_type, limits=limits)  # fmt: skip
        page = document_page(document, raw.url, title=raw.list_title, published=raw.list_date)
        return page, [document_read(document, raw.url)]
    decoded = decode(raw.body, raw.content_type)
    page = clean_decoded(decoded, raw.url)
    if not raw.attachments:
        return page, []
    documents = [extract(attachment.body, filename=file_name(attachment.final_url or attachment.url,
                                                            attachment.link_text),
                         content_type=attachment.content_type, limits=limits)
                 for attachment in raw.attachments]  # fmt: skip
    reads = [document_read(document, attachment.url)
             for document, attachment in zip(documents, raw.attachments, strict=True)]  # fmt: skip
    return with_documents(page, documents), reads


def unread_outcomes(raw: RawPage, reads: Sequence[DocumentRead]) -> list[CrawlOutcome]:
    """An ``unreadable`` crawl outcome (kind ``document``) for each crawled document that gave no text.

    The crawl role reported the fetch (ok); this is what became of the bytes: the reason (a ZIP
    bomb, a password, over the page limit, a scan) goes where every other crawl failure goes.
    Pages that were not crawled (ingested files) have no portal and get none.
    """
    if raw.portal_id is None or raw.column_id is None:
        return []
    fetched = {attachment.url: attachment.fetched_at for attachment in raw.attachments}
    outcomes = []
    for read in reads:
        if read.chars or read.reason is None:
            continue
        url = read.url or raw.url
        outcomes.append(CrawlOutcome(
            event_id=stable_id("document-outcome", raw.event_id, url), kind=TaskKind.document,
            portal_id=raw.portal_id, column_id=raw.column_id, url=url,
            host=(urlsplit(url).hostname or "").lower(), outcome="unreadable", error=read.reason,
            raw_event_id=raw.event_id, fetched_at=fetched.get(url, raw.fetched_at)))  # fmt: skip
    return outcomes
