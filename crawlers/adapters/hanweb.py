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
- In the wild the datastore may lack `<totalrecord>`: the total then sits only in the
  `$('#<unit>').jpage({... totalRecord: 214 ...})` call or a `var param_<id> = {...}` object, read in
  that order (the objects of the datastore's own unit first). `total_pages` is what the site's pager
  shows (records / `perPage`), while the page rule counts fetches.
- A page with several datastores (a sidebar unit beside the column's list) is read for the one
  whose `nextgroup` names the column of the address, else the one with most records.
- A record is one row: its main link is chosen like any list row (a 解读 link beside it is not the
  item), stray `<ul>`/`</ul>` between records are ignored, and titles are decoded until no entity
  is left (site names come double-encoded, `&amp;#x6e56;`).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawlers.adapters import generic
from crawlers.adapters._common import absolute_url, format_literal, to_int, unescape_all
from crawlers.adapters._model import ListItem, ListPage, ListParseError, PageRule, list_hash
from crawlers.adapters._rows import row_item

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
# Pager settings in the jpage call or a `var param_<id>` object (`perPage:15`, `totalRecord:"214"`).
_SCRIPT_NUMBER = {
    key: re.compile(rf"\b{key}\s*[:=]\s*[\"']?(\d+)", re.IGNORECASE)
    for key in ("perpage", "groupsize", "totalrecord", "webid", "columnid", "unitid")
}
_JPAGE_CALL = re.compile(r"\$\(\s*[\"']#(?P<unit>[\w-]+)[\"']\s*\)\s*\.jpage\s*\(\s*\{", re.IGNORECASE)
_ANY_JPAGE = re.compile(r"\.jpage\s*\(\s*\{", re.IGNORECASE)
_PARAM_OBJECT = re.compile(r"\bvar\s+param_(?P<id>\w+)\s*=\s*\{(?P<body>[^{}]*)\}", re.IGNORECASE)
# How far into a jpage call its settings are looked for (it may hold functions, so no brace matching).
_JPAGE_WINDOW = 3000
# The list container is `<div id="<unitid>">` around the datastore script.
_UNIT_DIV = re.compile(r"<div\s+id\s*=\s*[\"']?(\d+)[\"']?\s*>\s*<script[^>]*text/xml", re.IGNORECASE)
# Parameters of the nextgroup link that address records rather than the column.
_RANGE_PARAMS = frozenset({"page", "startrecord", "endrecord", "perpage"})


def _tag_number(xml: str, tag: str) -> int | None:
    pattern = rf"<{tag}\b[^>]*>\s*(?:<!\[CDATA\[)?\s*(\d+)\s*(?:\]\]>)?\s*</{tag}\s*>"
    match = re.search(pattern, xml, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _record_item(fragment: str, base: str, notes: list[str]) -> ListItem | None:
    if "<" not in fragment and "&lt;" in fragment:  # a record escaped instead of wrapped in CDATA
        fragment = html.unescape(fragment)
    return row_item(base, LexborHTMLParser(fragment), notes)


def _fixed_params(address: str) -> dict[str, str]:
    query = parse_qsl(urlsplit(address).query, keep_blank_values=True)
    return {key: value for key, value in query if key.lower() not in _RANGE_PARAMS}


def _settings(text: str, unit: str | None, column: str | None) -> list[str]:
    """Script snippets that configure the list, most specific first: the jpage call and `param_`
    object of the datastore's own unit (or column), then any others."""
    own: list[str] = []
    other: list[str] = []
    for match in _JPAGE_CALL.finditer(text):
        snippet = text[match.end(): match.end() + _JPAGE_WINDOW]
        (own if unit and match.group("unit") == unit else other).append(snippet)
    if not own and not other:
        other += [text[match.end(): match.end() + _JPAGE_WINDOW] for match in _ANY_JPAGE.finditer(text)]
    for match in _PARAM_OBJECT.finditer(text):
        (own if match.group("id") in (unit, column) else other).append(match.group("body"))
    return own + other


def _setting(snippets: list[str], key: str) -> int | None:
    for snippet in snippets:
        match = _SCRIPT_NUMBER[key].search(snippet)
        if match:
            return int(match.group(1))
    return None


def _column_params(text: str, nextgroup_href: str | None, url: str, snippets: list[str],
                   unit: str | None) -> dict[str, str]:
    """Parameters identifying the column to the dataproxy: from the nextgroup link, else the page."""
    params: dict[str, str] = {}
    if nextgroup_href:
        params = _fixed_params(nextgroup_href)
    if not params and urlsplit(url).path.endswith("dataproxy.jsp"):
        params = _fixed_params(url)
    for key in ("webid", "columnid", "unitid"):
        if key not in params:
            value = _setting(snippets, key)
            if value is None:
                match = _SCRIPT_NUMBER[key].search(text)
                value = int(match.group(1)) if match else None
            if value is not None:
                params[key] = str(value)
    if "unitid" not in params and unit:
        params["unitid"] = unit
    if "columnid" not in params:
        match = re.search(r"/col/col(\d+)/", url)
        if match:
            params["columnid"] = match.group(1)
    return params


def _datastores(text: str) -> list[tuple[int, str, bool]]:
    """Every `<datastore>` of the page: (start offset, inner XML, closed)."""
    found: list[tuple[int, str, bool]] = []
    position = 0
    while (opened := _DATASTORE_OPEN.search(text, position)) is not None:
        closed = _DATASTORE_CLOSE.search(text, opened.end())
        inner = text[opened.end(): closed.start() if closed else len(text)]
        found.append((opened.start(), inner, closed is not None))
        position = closed.end() if closed else len(text)
    return found


def _nextgroup_href(xml: str) -> str | None:
    nextgroup = _NEXTGROUP.search(xml)
    if nextgroup:
        href = _HREF.search(nextgroup.group("cdata") or nextgroup.group("plain") or "")
        # Entities in the link (`&amp;`, a double-encoded `webname=&amp;#x6e56;`) are decoded fully.
        return unescape_all(href.group(1)) if href else None
    return None


def _pick_datastore(url: str, stores: list[tuple[int, str, bool]]) -> tuple[int, str, bool]:
    column = re.search(r"/col/col(\d+)/", url)
    if column and len(stores) > 1:
        for store in stores:
            href = _nextgroup_href(store[1]) or ""
            if re.search(rf"[?&]columnid={column.group(1)}(?:&|$)", href, re.IGNORECASE):
                return store
    return max(stores, key=lambda store: len(_RECORD_OPEN.findall(store[1])))


def parse(url: str, text: str) -> ListPage:
    """Read a Hanweb column page or a dataproxy answer. Raises ListParseError on unreadable data."""
    stores = _datastores(text)
    if not stores:
        if urlsplit(url).path.endswith("dataproxy.jsp"):
            raise ListParseError("dataproxy answer without a <datastore>")
        page = generic.parse(url, text)
        return replace(page, cms=NAME, notes=(*page.notes, "no <datastore>: read as a plain list"))
    start_offset, xml, closed = _pick_datastore(url, stores)

    items: list[ListItem] = []
    notes: list[str] = []
    if len(stores) > 1:
        notes.append(f"{len(stores)} datastores in the page: the column's list read")
    for index, match in enumerate(_RECORD.finditer(xml), start=1):
        fragment = match.group("cdata") if match.group("cdata") is not None else match.group("plain")
        item = _record_item(fragment or "", url, notes)
        if item is None:
            notes.append(f"record {index} has no link")
        else:
            items.append(item)
    complete_records = len(_RECORD.findall(xml))
    error = None
    if not closed or len(_RECORD_OPEN.findall(xml)) > complete_records:
        error = f"truncated <datastore>: {complete_records} complete record(s) read"

    # The datastore's unit: the last `<div id="N"><script type="text/xml">` opened before it.
    units = _UNIT_DIV.findall(text[: start_offset + 1])
    unit = units[-1] if units else None
    nextgroup_href = _nextgroup_href(xml)
    column = _fixed_params(nextgroup_href).get("columnid") if nextgroup_href else None
    snippets = _settings(text, unit, column)
    total_items = _tag_number(xml, "totalrecord")
    if total_items is None:
        total_items = _setting(snippets, "totalrecord")
    if total_items is None:
        match = _SCRIPT_NUMBER["totalrecord"].search(text)
        total_items = int(match.group(1)) if match else None
    query = {key.lower(): value for key, value in parse_qsl(urlsplit(url).query)}
    display_per_page = to_int(query.get("perpage")) or _setting(snippets, "perpage")
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

    stated_pages = _tag_number(xml, "totalpage")
    fetches = stated_pages if fetch_size == 0 else None
    if fetch_size and total_items is not None:
        fetches = max(1, math.ceil(total_items / fetch_size))
    elif total_items is not None and total_items <= complete_records and page_number == 1:
        fetches = 1
    # What the site's pager shows: records over the shown page size, else the stated page count.
    shown_pages = stated_pages if stated_pages is not None else fetches
    if total_items is not None and display_per_page:
        shown_pages = max(1, math.ceil(total_items / display_per_page))

    rule = None
    params = _column_params(text, nextgroup_href, url, snippets, unit)
    if "columnid" in params:
        base = absolute_url(url, DATAPROXY_PATH) or url
        fixed = format_literal(urlencode(params))
        if fetch_size:
            ranges = f"startrecord={{start}}&endrecord={{end}}&perpage={display_per_page or fetch_size}"
        else:
            ranges = "page={n}"
        template = f"{format_literal(base)}?{ranges}&{fixed}"
        rule = PageRule(template=template, first_url=first_url, per_page=fetch_size, total_pages=fetches)
    elif fetches != 1:
        notes.append("no columnid in the page: further pages cannot be addressed")

    return ListPage(
        cms=NAME, url=url, items=tuple(items), page_number=page_number, total_pages=shown_pages,
        total_items=total_items, page_rule=rule, list_hash=list_hash(items, total_items),
        error=error, notes=tuple(notes),
    )
