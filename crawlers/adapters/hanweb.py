"""Hanweb 大汉 JCMS column lists: the `<datastore>` XML in the column page and `dataproxy.jsp` pages.

A column page (`/col/col<id>/index.html`) embeds its first records in
`<script type="text/xml"><datastore>` with `<totalrecord>`, `<totalpage>`, `<nextgroup>` (a CDATA link
to `/module/web/jpage/dataproxy.jsp` carrying webid/columnid/unitid…) and one CDATA `<record>` per
item (`<li><a href title>…</a><span>date</span></li>`). Browsers fetch the following records from
`dataproxy.jsp?startrecord=S&endrecord=E&perpage=P&<the nextgroup parameters>`; its answer is the same
datastore XML, read here by the same code. There is no static `index_1.html` on Hanweb.

Assumptions, documented because portals differ:
- One "page" of a ListPage is one fetch: the column page, then dataproxy ranges of as many records
  as the column page embedded (often 3 display pages of 15 = 45). The display `perpage` is passed on.
- Real sites POST the parameters; the same parameters in the query string are accepted by the
  dataproxy we know of and keep every list address a plain GET.
- Without a datastore the page is read as a plain list (generic adapter), with a note.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawlers.adapters import generic
from crawlers.adapters._common import absolute_url, clean_title, format_literal, row_date, to_int
from crawlers.adapters._model import ListItem, ListPage, ListParseError, PageRule, list_hash

NAME = "hanweb"
DATAPROXY_PATH = "/module/web/jpage/dataproxy.jsp"

_DATASTORE_OPEN = re.compile(r"<datastore\b[^>]*>", re.IGNORECASE)
_DATASTORE_CLOSE = re.compile(r"</datastore\s*>", re.IGNORECASE)
_RECORD = re.compile(
    r"<record\b[^>]*>\s*(?:<!\[CDATA\[(?P<cdata>.*?)\]\]>|(?P<plain>.*?))\s*</record\s*>",
    re.IGNORECASE | re.DOTALL,
)
_RECORD_OPEN = re.compile(r"<record\b", re.IGNORECASE)
_NEXTGROUP = re.compile(
    r"<nextgroup\b[^>]*>\s*(?:<!\[CDATA\[(?P<cdata>.*?)\]\]>|(?P<plain>.*?))\s*</nextgroup\s*>",
    re.IGNORECASE | re.DOTALL,
)
_HREF = re.compile(r"href\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
# Page-level pager settings of the jpage script (`perPage:15`, `groupSize:3`, `totalRecord:123`).
_SCRIPT_NUMBER = {
    key: re.compile(rf"\b{key}\s*[:=]\s*[\"']?(\d+)", re.IGNORECASE)
    for key in ("perpage", "groupsize", "totalrecord", "webid", "columnid", "unitid")
}
# The list container is `<div id="<unitid>">` around the datastore script.
_UNIT_DIV = re.compile(r"<div\s+id\s*=\s*[\"']?(\d+)[\"']?\s*>\s*<script[^>]*text/xml", re.IGNORECASE)
# Parameters of the nextgroup link that address records rather than the column.
_RANGE_PARAMS = frozenset({"page", "startrecord", "endrecord", "perpage"})


def _tag_number(xml: str, tag: str) -> int | None:
    pattern = rf"<{tag}\b[^>]*>\s*(?:<!\[CDATA\[)?\s*(\d+)\s*(?:\]\]>)?\s*</{tag}\s*>"
    match = re.search(pattern, xml, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _record_item(fragment: str, base: str) -> ListItem | None:
    tree = LexborHTMLParser(fragment)
    for anchor in tree.css("a[href]"):
        url = absolute_url(base, anchor.attributes.get("href"))
        if url is None:
            continue
        anchor_text = anchor.text(deep=True, separator=" ")
        title = clean_title(anchor.attributes.get("title") or anchor_text)
        row_text = tree.body.text(deep=True, separator=" ") if tree.body else ""
        return ListItem(url=url, title=title, date=row_date(row_text.replace(anchor_text, " ", 1), url))
    return None


def _fixed_params(address: str) -> dict[str, str]:
    query = parse_qsl(urlsplit(address).query, keep_blank_values=True)
    return {key: value for key, value in query if key.lower() not in _RANGE_PARAMS}


def _column_params(text: str, nextgroup_href: str | None, url: str) -> dict[str, str]:
    """Parameters identifying the column to the dataproxy: from the nextgroup link, else the page."""
    params: dict[str, str] = {}
    if nextgroup_href:
        params = _fixed_params(nextgroup_href)
    if not params and urlsplit(url).path.endswith("dataproxy.jsp"):
        params = _fixed_params(url)
    for key in ("webid", "columnid", "unitid"):
        if key not in params:
            match = _SCRIPT_NUMBER[key].search(text)
            if match:
                params[key] = match.group(1)
    if "unitid" not in params:
        match = _UNIT_DIV.search(text)
        if match:
            params["unitid"] = match.group(1)
    if "columnid" not in params:
        match = re.search(r"/col/col(\d+)/", url)
        if match:
            params["columnid"] = match.group(1)
    return params


def parse(url: str, text: str) -> ListPage:
    """Read a Hanweb column page or a dataproxy answer. Raises ListParseError on unreadable data."""
    opened = _DATASTORE_OPEN.search(text)
    if opened is None:
        if urlsplit(url).path.endswith("dataproxy.jsp"):
            raise ListParseError("dataproxy answer without a <datastore>")
        page = generic.parse(url, text)
        return replace(page, cms=NAME, notes=(*page.notes, "no <datastore>: read as a plain list"))
    closed = _DATASTORE_CLOSE.search(text, opened.end())
    xml = text[opened.end(): closed.start() if closed else len(text)]

    items: list[ListItem] = []
    notes: list[str] = []
    for index, match in enumerate(_RECORD.finditer(xml), start=1):
        fragment = match.group("cdata") if match.group("cdata") is not None else match.group("plain")
        item = _record_item(fragment or "", url)
        if item is None:
            notes.append(f"record {index} has no link")
        else:
            items.append(item)
    complete_records = len(_RECORD.findall(xml))
    error = None
    if closed is None or len(_RECORD_OPEN.findall(xml)) > complete_records:
        error = f"truncated <datastore>: {complete_records} complete record(s) read"

    total_items = _tag_number(xml, "totalrecord")
    if total_items is None:
        match = _SCRIPT_NUMBER["totalrecord"].search(text)
        total_items = int(match.group(1)) if match else None
    nextgroup = _NEXTGROUP.search(xml)
    nextgroup_href = None
    if nextgroup:
        href = _HREF.search(nextgroup.group("cdata") or nextgroup.group("plain") or "")
        nextgroup_href = href.group(1) if href else None
    query = {key.lower(): value for key, value in parse_qsl(urlsplit(url).query)}
    display_per_page = to_int(query.get("perpage")) or _display_per_page(text)
    is_proxy = urlsplit(url).path.endswith("dataproxy.jsp")
    start, end = to_int(query.get("startrecord")), to_int(query.get("endrecord"))
    if is_proxy and start and end and end >= start:
        fetch_size = end - start + 1
        page_number = (start - 1) // fetch_size + 1
        first_url = None
    elif is_proxy and to_int(query.get("page")):
        fetch_size = 0
        page_number = int(query["page"])
        first_url = None
    else:
        fetch_size = complete_records
        page_number = 1
        first_url = url

    total_pages = _tag_number(xml, "totalpage") if fetch_size == 0 else None
    if fetch_size and total_items is not None:
        total_pages = max(1, math.ceil(total_items / fetch_size))
    elif total_items is not None and total_items <= complete_records and page_number == 1:
        total_pages = 1

    rule = None
    params = _column_params(text, nextgroup_href, url)
    if "columnid" in params:
        base = absolute_url(url, DATAPROXY_PATH) or url
        fixed = format_literal(urlencode(params))
        if fetch_size:
            ranges = f"startrecord={{start}}&endrecord={{end}}&perpage={display_per_page or fetch_size}"
        else:
            ranges = "page={n}"
        template = f"{format_literal(base)}?{ranges}&{fixed}"
        rule = PageRule(template=template, first_url=first_url, per_page=fetch_size, total_pages=total_pages)
    elif total_pages != 1:
        notes.append("no columnid in the page: further pages cannot be addressed")

    return ListPage(
        cms=NAME, url=url, items=tuple(items), page_number=page_number, total_pages=total_pages,
        total_items=total_items, page_rule=rule, list_hash=list_hash(items, total_items),
        error=error, notes=tuple(notes),
    )


def _display_per_page(text: str) -> int | None:
    match = _SCRIPT_NUMBER["perpage"].search(text)
    return int(match.group(1)) if match else None

