"""TRS 拓尔思 WCM column lists: `index.html`, `index_1.html` … `index_{N-1}.html`.

The page count comes from the pager script: `createPageHTML(N, current, "index", "html")` (older
sites, current 0-based), `createPageHTML('page_div', N, current, 'index', 'html', total)` (newer
sites, a div id first and the record total last) or `var countPage = N`. Items are anchors to
detail pages `./YYYYMM/tYYYYMMDD_<id>.html` (also .htm/.shtml) under the column's directory, with
the date in the same row. Pages are usually GB2312/GBK: the caller's bytes go through our decoder.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawlers.adapters._common import absolute_url, clean_title, format_literal, row_date, same_site
from crawlers.adapters._model import ListItem, ListPage, ListParseError, PageRule, list_hash

NAME = "trs"

DETAIL_URL = re.compile(r"/\d{6}/t(?:19|20)\d{6}_\d+\.s?html?$", re.IGNORECASE)
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^)]*)\)", re.IGNORECASE)
_COUNT_PAGE = re.compile(r"\bvar\s+countPage\s*=\s*[\"']?(\d+)", re.IGNORECASE)
_RECORD_COUNT = re.compile(r"\bvar\s+(?:recordCount|totalRecord|total)\s*=\s*[\"']?(\d+)", re.IGNORECASE)
_INDEX_NAME = re.compile(r"^(?P<prefix>[\w-]+?)(?:_(?P<k>\d+))?\.(?P<suffix>s?html?)$", re.IGNORECASE)
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})
# A row larger than this is a whole block, not one entry; its date would belong to someone else.
MAX_ROW_CHARS = 400


def _pager(text: str) -> tuple[int | None, str, str, int | None]:
    """(page count, file prefix, file suffix, record total) from the pager script."""
    for match in _CREATE_PAGE.finditer(text):
        args = [arg.strip().strip("\"'") for arg in match.group(1).split(",")]
        if args and args[0] and not args[0].isdigit():
            args = args[1:]  # newer signature: a div id first
        if not args or not args[0].isdigit():
            continue  # the function's own definition `function createPageHTML(_nPageCount, ...)`
        count = int(args[0])
        prefix = args[2] if len(args) > 2 and args[2] else "index"
        suffix = args[3] if len(args) > 3 and args[3] else "html"
        total = int(args[4]) if len(args) > 4 and args[4].isdigit() else None
        return count, prefix, suffix, total
    match = _COUNT_PAGE.search(text)
    if match:
        total_match = _RECORD_COUNT.search(text)
        return int(match.group(1)), "index", "html", int(total_match.group(1)) if total_match else None
    return None, "index", "html", None


def _row_of(anchor: LexborNode) -> LexborNode:
    node = anchor.parent
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in _ROW_TAGS:
            return node
        if node.tag == "div" and len(node.text(deep=True)) <= MAX_ROW_CHARS:
            return node
        node = node.parent
    return anchor


def parse(url: str, text: str) -> ListPage:
    """Read one TRS list page. Raises ListParseError when the text is not an HTML page."""
    if "<" not in text:
        raise ListParseError("not an HTML page")
    parts = urlsplit(url)
    directory = parts.path.rsplit("/", 1)[0] + "/"
    column_base = urlunsplit((parts.scheme, parts.netloc, directory, "", ""))
    current_name = parts.path.rsplit("/", 1)[-1]

    tree = LexborHTMLParser(text)
    under_column: list[ListItem] = []
    elsewhere: list[ListItem] = []
    seen: set[str] = set()
    for anchor in tree.css("a[href]"):
        link = absolute_url(url, anchor.attributes.get("href"))
        if link is None or link in seen or not DETAIL_URL.search(urlsplit(link).path):
            continue
        seen.add(link)
        anchor_text = anchor.text(deep=True, separator=" ")
        title = clean_title(anchor.attributes.get("title") or anchor_text)
        row_text = _row_of(anchor).text(deep=True, separator=" ")
        item = ListItem(url=link, title=title, date=row_date(row_text.replace(anchor_text, " ", 1), link))
        if link.startswith(column_base):
            under_column.append(item)
        elif same_site(link, url):
            elsewhere.append(item)
    notes: list[str] = []
    items = under_column
    if not items and elsewhere:
        items = elsewhere
        notes.append("no detail links under the column directory: same-site TRS links used")

    count, prefix, suffix, total_items = _pager(text)
    page_number = 1
    name = _INDEX_NAME.match(current_name)
    if name and name.group("k"):
        page_number = int(name.group("k")) + 1
        prefix, suffix = name.group("prefix"), name.group("suffix")
    if count is None:
        notes.append("no createPageHTML/countPage: page count unknown")
    rule = PageRule(
        template=f"{format_literal(column_base + prefix)}_{{index}}.{format_literal(suffix)}",
        first_url=f"{column_base}{prefix}.{suffix}",
        index_offset=1,
        total_pages=max(count, 1) if count is not None else None,
    )
    error = None
    if count is not None and page_number > count > 0:
        error = f"page {page_number} is beyond the page count {count}"
    return ListPage(
        cms=NAME, url=url, items=tuple(items), page_number=page_number, total_pages=rule.total_pages,
        total_items=total_items, page_rule=rule, list_hash=list_hash(items, count, total_items),
        error=error, notes=tuple(notes),
    )
