"""Guangdong gkmlpt (政府信息公开目录平台) lists: the JSON API `/gkmlpt/api/all/<column>?page=n&sid=<site>`.

Field names follow what public crawlers of the platform show: an `articles` list whose entries carry
`title`, `url` and `first_publish_time` (Unix seconds), and a `total` record count. Since the API is
not documented, reading is tolerant (assumptions, in order of preference):
- the list: `articles`, `data`, `list`, `items`, `records`, `rows`, also nested one level under
  `data`/`result`;
- title: `title`, `name`; address: `url`, `link`, `href`, `path` (relative ones resolved);
- date: `first_publish_time`, `publish_time`, `display_publish_time`, `date`, `created_at`,
  `pub_date`; Unix seconds or milliseconds, or a date string;
- total: `total`, `totalCount`, `total_count`, `count`, `totalRecord`; page count `pages`,
  `total_page`, `totalPage` when given, else total / articles on page 1.
The HTML column page (`/gkmlpt/index#<column>`) is a JavaScript shell; when it names the site id, the
ListPage has no items and a rule addressing the API.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawlers.adapters import generic
from crawlers.adapters._common import absolute_url, clean_title, format_literal, to_int
from crawlers.adapters._model import ListItem, ListPage, ListParseError, PageRule, list_hash
from crawlers.adapters.jsonlist import as_date, load_json, pages_from_total

NAME = "gkmlpt"

_LIST_KEYS = ("articles", "data", "list", "items", "records", "rows")
_NEST_KEYS = ("data", "result")
_TITLE_KEYS = ("title", "name")
_URL_KEYS = ("url", "link", "href", "path")
_DATE_KEYS = ("first_publish_time", "publish_time", "display_publish_time", "date", "created_at", "pub_date")
_TOTAL_KEYS = ("total", "totalCount", "total_count", "count", "totalRecord")
_PAGES_KEYS = ("pages", "total_page", "totalPage", "page_count")
_API_PATH = re.compile(r"/gkmlpt/api/all/(?P<column>[\w-]+)")
_SID = re.compile(r"\bsid[\"']?\s*[:=]\s*[\"']?(?P<sid>[\w-]+)", re.IGNORECASE)
_COLUMN_IN_SHELL = re.compile(r"/gkmlpt/(?:index|mindex)#(?P<column>\d+)")


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _find_list(payload: Any) -> list[Any] | None:
    if isinstance(payload, list):
        return payload
    if not isinstance(payload, dict):
        return None
    for key in _LIST_KEYS:
        if isinstance(payload.get(key), list):
            return payload[key]
    for key in _NEST_KEYS:
        nested = _find_list(payload.get(key)) if isinstance(payload.get(key), dict) else None
        if nested is not None:
            return nested
    return None


def _find_number(payload: Any, keys: tuple[str, ...]) -> int | None:
    if not isinstance(payload, dict):
        return None
    for key in keys:
        value = to_int(payload.get(key))
        if value is not None:
            return value
    for key in _NEST_KEYS:
        if isinstance(payload.get(key), dict):
            value = _find_number(payload[key], keys)
            if value is not None:
                return value
    return None


def _api_rule(url: str, page_size: int, total_pages: int | None) -> PageRule | None:
    parts = urlsplit(url)
    if not _API_PATH.search(parts.path):
        return None
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "page"]
    fixed = format_literal(urlencode(query))
    base = format_literal(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
    template = f"{base}?page={{n}}" + (f"&{fixed}" if fixed else "")
    return PageRule(template=template, per_page=page_size, total_pages=total_pages)


def _shell(url: str, text: str) -> ListPage:
    """The HTML column page: no items, only the API address when the page gives sid and column."""
    sid = _SID.search(text)
    column = _COLUMN_IN_SHELL.search(url) or _COLUMN_IN_SHELL.search(text) or _API_PATH.search(text)
    if not sid or not column:
        # Not the platform's shell: a portal hinted `gkmlpt` also has ordinary HTML lists.
        page = generic.parse(url, text)
        if page.items:
            note = "an HTML list, not the gkmlpt shell: read as such"
            return replace(page, cms=NAME, notes=(*page.notes, note))
        raise ListParseError("gkmlpt HTML page names no site id and column; use the /gkmlpt/api/all/ address")
    api = absolute_url(url, f"/gkmlpt/api/all/{column.group('column')}?page=1&sid={sid.group('sid')}") or url
    rule = _api_rule(api, 0, None)
    # A page a browser saved after the script ran also shows the list: read it, page on through the API.
    rendered = generic.parse(url, text).items
    return ListPage(cms=NAME, url=url, items=rendered, page_rule=rule, next_urls=(api,),
                    list_hash=list_hash(rendered), notes=(f"JavaScript shell: the list is at {api}",))


def parse(url: str, text: str) -> ListPage:
    """Read one gkmlpt API answer (or the HTML shell). Raises ListParseError on unreadable JSON."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        return _shell(url, text)
    try:
        payload = load_json(stripped)
    except ListParseError as exc:
        raise ListParseError(f"gkmlpt {exc}") from exc
    records = _find_list(payload)
    if records is None:
        raise ListParseError("gkmlpt answer has no article list (articles/data/list/items/records)")

    items: list[ListItem] = []
    notes: list[str] = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            notes.append(f"entry {index} is not an object")
            continue
        link = absolute_url(url, str(_first(record, _URL_KEYS) or ""))
        if link is None:
            notes.append(f"entry {index} has no usable url")
            continue
        items.append(ListItem(url=link, title=clean_title(str(_first(record, _TITLE_KEYS) or "")),
                              date=as_date(_first(record, _DATE_KEYS))))

    query = dict(parse_qsl(urlsplit(url).query))
    page_number = to_int(query.get("page")) or 1
    total_items = _find_number(payload, _TOTAL_KEYS)
    total_pages = _find_number(payload, _PAGES_KEYS)
    page_size = len(records)
    if total_pages is None:
        total_pages = pages_from_total(total_items, page_number, page_size, None)
    rule = _api_rule(url, page_size if page_number == 1 else 0, total_pages)
    if rule is None:
        notes.append("not a /gkmlpt/api/all/ address: further pages cannot be addressed")
    return ListPage(
        cms=NAME, url=url, items=tuple(items), page_number=page_number, total_pages=total_pages,
        total_items=total_items, page_rule=rule, list_hash=list_hash(items, total_items), notes=tuple(notes),
    )
