"""TRS 拓尔思 WCM column lists: `index.html`, `index_1.html` … `index_{N-1}.html` (or backwards).

The page count, current page, file stem and extension come from whatever pager the page carries
(`_pager`: `createPageHTML` in both signatures, `var countPage`/`currentPage` of browser-saved
pages, `data-*` attributes, "共N页", the pager's links, which also tell backward numbering). Items
are the rows of the list (`_rows`), detail pages `./YYYYMM/tYYYYMMDD_<id>.html|htm|shtml` under the
column's directory counting as the strongest evidence (entries a template prints with
`document.write` are written out first, `_scripts`); a list whose entries link elsewhere (another
directory, another host of the site, a differently named detail page) is still read. Pages are
usually GB2312/GBK: the caller's bytes go through our decoder.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from crawlers.adapters._model import ListPage, ListParseError, list_hash
from crawlers.adapters._pager import read_pager, static_rule
from crawlers.adapters._rows import extract_items
from crawlers.adapters._scripts import expand_document_writes

NAME = "trs"

# Detail pages, and documents the list links to straight (TRS names uploads P0….pdf, W0….docx).
DETAIL_URL = re.compile(r"/\d{6}/(?:t(?:19|20)\d{6}_\d+\.s?html?"
                        r"|[PW]0(?:19|20)\d{6}\w*\.(?:pdf|docx?|wps|ofd))$", re.IGNORECASE)


def parse(url: str, text: str) -> ListPage:
    """Read one TRS list page. Raises ListParseError when the text is not an HTML page."""
    if "<" not in text:
        raise ListParseError("not an HTML page")
    parts = urlsplit(url)
    column_base = urlunsplit((parts.scheme, parts.netloc, parts.path.rsplit("/", 1)[0] + "/", "", ""))
    text = expand_document_writes(text)
    tree = LexborHTMLParser(text)
    items, notes = extract_items(url, tree, detail=DETAIL_URL, scope=column_base)
    pager = read_pager(url, text, tree)
    rule, page_number = static_rule(url, pager, default_stem="index")
    if pager.count is None:
        notes.append("no createPageHTML/countPage/pager: page count unknown")
    if pager.reverse:
        notes.append("pages are numbered backwards")
    error = None
    if pager.count is not None and page_number > pager.count > 0:
        error = f"page {page_number} is beyond the page count {pager.count}"
    total_pages = rule.total_pages if rule is not None else None
    return ListPage(
        cms=NAME, url=url, items=tuple(items), page_number=page_number, total_pages=total_pages,
        total_items=pager.total_records, page_rule=rule,
        list_hash=list_hash(items, pager.count, pager.total_records), error=error, notes=tuple(notes),
    )
