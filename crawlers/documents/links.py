"""Which links of a detail page are its attachments, and which list links go straight to a document.

Pure: page bytes in, absolute URLs out. What counts (DOMAIN.md "Attachments"):
- an href whose path ends in a document suffix (.pdf .doc .docx .wps .ofd), as TRS's
  ``P0YYYYMMDD….pdf`` / ``W0….docx`` beside the page;
- Hanweb's download handler ``/module/download/downfile.jsp?…``;
- a link whose text says 附件 (or names a document file) and whose href is not another page.

Links in the page's chrome (navigation, related articles, footers) are left out by their
containers' names. The cleaner's `CleanedPage.attachments` is not used: it looks in the body block
it picks, and on a pointer page ("详见附件" and a link, the very case here) the body is too small to
be picked, so it falls back to the whole page, chrome included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from streams.analysis.decode import decode
from streams.documents.sniff import DOCUMENT_SUFFIXES

_DOCUMENT_PATH = re.compile(r"\.(?:pdf|docx?|wps|ofd)$", re.IGNORECASE)
_DOWNLOAD_HANDLER = re.compile(r"/downfile\.jsp|/download\.jsp|/attach(?:ment)?/", re.IGNORECASE)
_NAMED_DOCUMENT = re.compile(r"\.(?:pdf|docx?|wps|ofd)\s*$", re.IGNORECASE)
_PAGE_PATH = re.compile(r"\.(?:s?html?|jsp|php|aspx?)$", re.IGNORECASE)
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
# A cheap look at the raw bytes first: most detail pages link no document and need no parsing here.
_MENTIONS = re.compile(b"|".join([rb"\.(?:pdf|docx?|wps|ofd)\b", rb"download", rb"downfile", rb"/attach",
                                  "附件".encode(), "附件".encode("gb18030"), rb"&#38468;", rb"&#x9644;"]),
                       re.IGNORECASE)
# Page chrome whose links are other articles' (related lists, navigation, footers), not this page's files.
_CHROME = re.compile(r"relat|xgwz|xglj|xgxx|nav|menu|footer|foot|share|sidebar|side|list|crumb|links",
                     re.IGNORECASE)


def _in_chrome(node, depth: int = 12) -> bool:
    parent = node.parent
    while parent is not None and depth > 0 and parent.tag not in ("body", "html"):
        marks = f"{parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}"
        if (marks.strip() and _CHROME.search(marks)) or parent.tag in ("nav", "footer", "header"):
            return True
        parent, depth = parent.parent, depth - 1
    return False


@dataclass(frozen=True, slots=True)
class AttachmentLink:
    url: str
    text: str


def is_document_url(url: str) -> bool:
    """A URL whose path names a document file (a list link straight to a PDF, say)."""
    path = urlsplit(url).path
    return bool(_DOCUMENT_PATH.search(path)) or any(path.lower().endswith(s) for s in DOCUMENT_SUFFIXES)


def attachment_links(body: bytes, url: str, content_type: str | None = None, *,
                     limit: int = 10) -> list[AttachmentLink]:  # fmt: skip
    """The attachment links of a detail page, in page order, each URL once, at most `limit`."""
    if not _MENTIONS.search(body):
        return []
    text = decode(body, content_type).text
    if not text:
        return []
    tree = LexborHTMLParser(text)
    base = url
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base = urljoin(url, (base_tag.attributes.get("href") or "").strip())
    found: list[AttachmentLink] = []
    seen: set[str] = set()
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIPPED_SCHEMES) or _in_chrome(anchor):
            continue
        label = " ".join((anchor.text(deep=True) or "").split())[:200]
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or absolute in seen:
            continue
        path = parts.path
        title = anchor.attributes.get("title") or ""
        named = bool(_NAMED_DOCUMENT.search(label) or _NAMED_DOCUMENT.search(title))
        # A 附件 link to a file-like path or a download query, not to another page or a column.
        file_like = "." in path.rsplit("/", 1)[-1] or bool(parts.query)
        if _DOCUMENT_PATH.search(path) or _DOWNLOAD_HANDLER.search(path) or (
                ("附件" in label or named) and file_like and not _PAGE_PATH.search(path)):
            seen.add(absolute)
            found.append(AttachmentLink(absolute, label))
            if len(found) >= limit:
                break
    return found
