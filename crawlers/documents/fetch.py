"""Fetching a page's attachments with the page's own fetcher (politeness, robots.txt, SSRF checks).

A fetched attachment is kept only when its bytes are a document (sniffed: a PDF served as
text/html is kept, an HTML error page or an image behind a .pdf link is not); every fetch gives a
`FetchResult` for the crawl outcomes, the refused ones with outcome ``not_a_document``. The page
and its attachments share one size budget (FAZHI_MAX_PAGE_BYTES): together they travel as one
message on ``fazhi.pages.raw``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from crawlers.documents.links import AttachmentLink, attachment_links
from crawlers.fetcher import Fetcher, FetchResult
from crawlers.outcomes import Outcome
from schemas.events import RawAttachment
from schemas.registry import Portal
from streams.documents.sniff import DOCUMENT_FORMATS, describe, sniff


@dataclass(slots=True)
class AttachmentFetch:
    """What fetching a page's attachments gave: the documents to carry, and every fetch's result."""

    attachments: list[RawAttachment] = field(default_factory=list)
    results: list[FetchResult] = field(default_factory=list)


def is_document(result: FetchResult) -> bool:
    """The fetched bytes are a document (not an HTML page, whatever the URL or the type say)."""
    return sniff(result.body, result.final_url, result.headers.get("content-type")) in DOCUMENT_FORMATS


async def fetch_attachments(fetcher: Fetcher, page: FetchResult, *, portal: Portal | None,
                            max_attachments: int, budget: int) -> AttachmentFetch:  # fmt: skip
    """Fetch the attachments linked from the detail page of `page`, within `budget` bytes."""
    done = AttachmentFetch()
    if max_attachments <= 0 or sniff(page.body) != "html":
        return done
    links = attachment_links(page.body, page.final_url, page.headers.get("content-type"),
                             limit=max_attachments)  # fmt: skip
    left = budget - len(page.body)
    for link in links:
        if left <= 0:
            done.results.append(FetchResult(Outcome.too_large, link.url, link.url, error=(
                "attachment skipped: the page and its attachments are over FAZHI_MAX_PAGE_BYTES "
                "together")))
            continue
        result = await fetcher.fetch(link.url, portal=portal, max_bytes=left)
        if result.outcome is Outcome.ok and not is_document(result):
            kind = sniff(result.body, result.final_url, result.headers.get("content-type"))
            declared = result.headers.get("content-type") or "none"
            result = replace(result, outcome=Outcome.not_a_document, body=b"",
                             error=f"attachment link answered with {describe(kind)}, not a document "
                                   f"(Content-Type {declared})")
        done.results.append(result)
        if result.outcome is Outcome.ok:
            done.attachments.append(_attachment(link, result))
            left -= len(result.body)
    return done


def _attachment(link: AttachmentLink, result: FetchResult) -> RawAttachment:
    return RawAttachment(url=link.url, final_url=result.final_url, status=result.status or 200,
                         headers=result.headers, body=result.body, fetched_at=result.fetched_at,
                         link_text=link.text or None)  # fmt: skip
