"""Lists served as JSON, the API behind a single-page (Angular/Vue) portal page.

With a mapping from the registry (`schemas.registry.JsonList`: paths like `data.records`,
`publishTime`, `$.result.total`, an entry address template and the page-N address), the answer
is read exactly as configured. Without one, the mapping is guessed: the largest array of objects
with a title-like field is the list, and fields are found by the names such APIs use (title/name/
subject, url/link/docUrl…, publishTime/pubDate/fbrq…, total/totalCount…, pages/totalPage…).
Dates may be strings or Unix seconds/milliseconds (read in Beijing time). The next page is the
configured address, else the column address with its page parameter (`page`, `pageNo`, …) set.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from crawlers.adapters._common import clean_title, format_literal, to_int
from crawlers.adapters._model import ListItem, ListPage, ListParseError, PageRule, list_hash
from schemas.registry import JsonList
from streams.analysis.dates import parse_date

NAME = "json"

# Portal times are Beijing time; a Unix timestamp read in UTC would date evening posts a day early.
BEIJING = timezone(timedelta(hours=8))
_MS_THRESHOLD = 10**11  # above: milliseconds
_MAX_DEPTH = 5

TITLE_KEYS = ("title", "name", "subject", "doctitle", "maintitle", "articletitle", "infotitle", "wjbt", "bt",
              "headline", "art_title", "showtitle", "fileName")
URL_KEYS = ("url", "link", "href", "docurl", "pageurl", "htmlurl", "linkurl", "detailurl", "articleurl",
            "art_url", "visiturl", "weburl", "puburl", "path")
DATE_KEYS = ("first_publish_time", "publish_time", "publishtime", "publishdate", "publish_date", "pubdate",
             "pub_date", "releasedate", "releasetime", "release_time", "docreltime", "docpubtime", "fbrq",
             "fbsj", "cwrq", "fwrq", "display_publish_time", "date", "time", "createtime", "create_time",
             "created_at", "inputtime", "updatetime")
TOTAL_KEYS = ("total", "totalcount", "total_count", "totalrecord", "totalrecords", "totalelements",
              "totalnum", "recordcount", "totalsize", "count", "records")
PAGES_KEYS = ("pages", "total_page", "totalpage", "totalpages", "page_count", "pagecount", "totalpagenum",
              "pagetotal")
PAGE_PARAMS = ("page", "pageno", "pagenum", "page_no", "pageindex", "currentpage", "current", "curpage", "pn",
               "p")
# Page sizes APIs use; a short last page is recognised against them.
_ROUND_SIZES = (5, 6, 8, 10, 12, 15, 16, 18, 20, 24, 25, 30, 40, 50, 60, 100, 200)
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")
HTML_NOT_JSON = ("an HTML page, not a JSON answer: give the list API's address "
                 "(the browser's network panel shows it)")
# `window.__INITIAL_STATE__ = {...};` and the like: state a server-rendered app hands its scripts.
_STATE_ASSIGNMENT = re.compile(r"^\s*(?:window\.)?__[A-Z_]+__\s*=\s*(?P<json>[\[{].*[\]}])\s*;?\s*$",
                               re.DOTALL)
_PAGE_FIELDS = frozenset({"n", "index", "start", "end", "offset", "per_page"})


def as_date(value: Any) -> date | None:
    """A date from a string, or from Unix seconds/milliseconds (Beijing time)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value > 0:
        seconds = value / 1000 if value > _MS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, UTC).astimezone(BEIJING).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        digits = value.strip()
        if digits.isdigit() and len(digits) == 8:  # 20240315
            return parse_date(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}")
        return as_date(int(digits)) if digits.isdigit() and len(digits) >= 9 else parse_date(value)
    return None


def resolve(data: Any, path: str | None) -> Any:
    """The value at a JSONPath-like `path` (`data.list`, `$.result.records[0].id`, `$` for the root)."""
    if path is None:
        return None
    path = path.strip()
    if path in ("$", ""):
        return data
    path = path.removeprefix("$").lstrip(".")
    for name, index in _PATH_PART.findall(path):
        data = _unstring(data)
        if name:
            data = data.get(name) if isinstance(data, dict) else None
        else:
            data = data[int(index)] if isinstance(data, list) and int(index) < len(data) else None
        if data is None:
            return None
    return _unstring(data)


def _unstring(value: Any) -> Any:
    """JSON sent as a string inside the answer (`"data": "[{...}]"`) decoded; anything else as is."""
    if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _key(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    lowered = {str(key).lower(): key for key in record}
    for name in names:
        key = lowered.get(name.lower())
        if key is not None and record[key] not in (None, "", []):
            return str(key)
    return None


def _title_key(record: dict[str, Any]) -> str | None:
    key = _key(record, TITLE_KEYS)
    if key is not None and isinstance(record[key], str):
        return key
    for name, value in record.items():  # fTitle, docTitleCn…: any *title* field but a subtitle
        lowered = str(name).lower()
        if "title" in lowered and "sub" not in lowered and isinstance(value, str) and value.strip():
            return str(name)
    return None


def _looks_like_address(value: Any) -> bool:
    return isinstance(value, str) and bool(re.match(r"^(?:https?://|/|\./|\.\./)\S+$", value.strip()))


def _url_key(record: dict[str, Any]) -> str | None:
    key = _key(record, URL_KEYS)
    if key is not None and _looks_like_address(record[key]):
        return key
    for name, value in record.items():  # docUrl, infoUrl, wapUrl…: any *url/*link field holding an address
        if re.search(r"url|link|href", str(name), re.IGNORECASE) and _looks_like_address(value):
            return str(name)
    return None


def _date_key(record: dict[str, Any]) -> str | None:
    key = _key(record, DATE_KEYS)
    if key is not None and as_date(record[key]) is not None:
        return key
    for name, value in record.items():
        if re.search(r"date|time|rq$|sj$", str(name), re.IGNORECASE) and as_date(value) is not None:
            return str(name)
    return None


def _candidate_lists(data: Any, path: str = "$", depth: int = 0) -> list[tuple[str, list[Any]]]:
    found: list[tuple[str, list[Any]]] = []
    if depth > _MAX_DEPTH:
        return found
    if isinstance(data, list):
        if data and all(isinstance(entry, dict) for entry in data):
            found.append((path, data))
        for index, entry in enumerate(data[:1]):  # nested lists inside the first entry only
            found += _candidate_lists(entry, f"{path}[{index}]", depth + 1)
    elif isinstance(data, dict):
        for key, value in data.items():
            found += _candidate_lists(value, f"{path}.{key}", depth + 1)
    elif isinstance(data, str) and depth <= 2 and not isinstance(decoded := _unstring(data), str):
        found += _candidate_lists(decoded, path, depth + 1)
    return found


def guess_items_path(payload: Any) -> str | None:
    """The path of the list of entries: the largest array of objects carrying a title-like field."""
    best: tuple[int, int, str] | None = None
    for path, entries in _candidate_lists(payload):
        titled = sum(1 for entry in entries if _title_key(entry))
        if not titled:
            continue
        addressed = sum(1 for entry in entries if _url_key(entry) or _date_key(entry))
        rank = (titled + addressed, -path.count("."), path)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def _number_near(payload: Any, items_path: str, names: tuple[str, ...]) -> int | None:
    """A count stated beside the list: in the object holding it or any object above it."""
    parts = items_path.removeprefix("$").lstrip(".")
    holders: list[Any] = [payload]
    node = payload
    for name, index in _PATH_PART.findall(parts):
        node = (node.get(name) if isinstance(node, dict) else None) if name else (
            node[int(index)] if isinstance(node, list) and int(index) < len(node) else None)
        if isinstance(node, dict):
            holders.append(node)
    for holder in reversed(holders):
        for key in (_key(holder, names),):
            if key is not None:
                value = to_int(holder[key])
                if value is not None:
                    return value
        for nested in ("page", "pager", "pagination", "pageinfo", "pageInfo", "meta"):
            sub = holder.get(nested) if isinstance(holder, dict) else None
            key = _key(sub, names) if isinstance(sub, dict) else None
            if sub is not None and key is not None and to_int(sub[key]) is not None:
                return to_int(sub[key])
    return None


def pages_from_total(total: int | None, page_number: int, on_page: int, page_size: int | None) -> int | None:
    """The page count from a record total. Without a stated page size, this page's entry count is
    it, unless the page is a short last page (then the round size that makes it the last one)."""
    if total is None:
        return None
    if total == 0:
        return 1
    size = page_size
    if size is None and on_page:
        size = on_page
        if page_number > 1 and (page_number - 1) * on_page + on_page != total:
            for round_size in _ROUND_SIZES:
                if round_size >= on_page and (page_number - 1) * round_size + on_page == total:
                    size = round_size
                    break
    if not size:
        return None
    return max(1, math.ceil(total / size))


def _page_param(url: str) -> tuple[str | None, int | None]:
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key.lower() in PAGE_PARAMS and value.isdigit():
            return key, int(value)
    return None, None


def _query_rule(url: str, param: str, first_page: int, total_pages: int | None) -> PageRule:
    """The column address with its page parameter (in place, or added last) as `{index}`."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if param not in (key for key, _ in query):
        query.append((param, ""))
    pairs = [f"{format_literal(urlencode([(key, '')]))}{{index}}" if key == param
             else format_literal(urlencode([(key, value)])) for key, value in query]
    base = format_literal(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
    return PageRule(template=f"{base}?{'&'.join(pairs)}", index_offset=1 - first_page,
                    total_pages=total_pages)


def _fill(template: str, entry: dict[str, Any]) -> str | None:
    values: dict[str, str] = {}
    for field in _TEMPLATE_FIELD.findall(template):
        value = resolve(entry, field)
        if value in (None, "") or isinstance(value, dict | list):
            return None
        values[field] = str(value)
    return _TEMPLATE_FIELD.sub(lambda match: values[match.group(1)], template)


def _rule_template(address: str) -> str:
    """A configured page address as a PageRule template: its page fields kept, other braces literal."""
    return _TEMPLATE_FIELD.sub(
        lambda m: f"{{{m.group(1)}}}" if m.group(1) in _PAGE_FIELDS else f"{{{{{m.group(1)}}}}}", address)


def _entry_url(base: str, raw: Any) -> str | None:
    """An entry's address, resolved against the API's; the fragment is kept (SPA routes live there)."""
    if not isinstance(raw, str | int) or isinstance(raw, bool) or str(raw).strip() == "":
        return None
    try:
        joined = urljoin(base, str(raw).strip())
        parts = urlsplit(joined)
    except ValueError:
        return None
    return joined if parts.scheme in ("http", "https") and parts.hostname else None


def load_json(text: str) -> Any:
    stripped = text.lstrip("\ufeff \t\r\n")
    # JSONP (`callback({...});`) is JSON in a call.
    jsonp = re.match(r"^[\w$.]+\s*\((?P<body>.*)\)\s*;?\s*$", stripped, re.DOTALL)
    if jsonp and not stripped.startswith(("{", "[")):
        stripped = jsonp.group("body")
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise ListParseError(f"answer is not JSON: {exc.msg} at line {exc.lineno}") from exc


def parse(url: str, text: str, config: JsonList | None = None) -> ListPage:
    """Read one JSON list answer, with the registry's mapping when given. Raises ListParseError."""
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        raise ListParseError(HTML_NOT_JSON)
    payload = load_json(text)
    items_path = config.items if config is not None else guess_items_path(payload)
    entries = resolve(payload, items_path) if items_path is not None else None
    if not isinstance(entries, list):
        where = f" at {items_path!r}" if config is not None else " (no array of objects with a title field)"
        raise ListParseError(f"JSON answer has no list of entries{where}")
    items, notes = _entries(url, entries, config)
    if config is None:
        notes.insert(0, f"mapping guessed: entries at {items_path}")
    return _listing(url, payload, entries, items, notes, config, items_path)


def page_state_items(url: str, tree: LexborHTMLParser) -> list[ListItem]:
    """Entries of a list a single-page app embedded in its HTML as JSON (server-rendered state:
    `<script type="application/json">`, Angular's `ng-state`, `window.__INITIAL_STATE__ = {...}`)."""
    for script in tree.css("script"):
        body = script.text(deep=True) or ""
        kind = (script.attributes.get("type") or "").lower()
        if kind == "application/json":
            source = body
        else:
            assigned = _STATE_ASSIGNMENT.match(body)
            if assigned is None:
                continue
            source = assigned.group("json")
        if "&q;" in source:  # Angular's transfer-state escaping
            source = source.replace("&q;", '"').replace("&s;", "'").replace("&l;", "<").replace(
                "&g;", ">").replace("&a;", "&")
        try:
            payload = json.loads(source)
        except ValueError:
            continue
        path = guess_items_path(payload)
        entries = resolve(payload, path) if path is not None else None
        if isinstance(entries, list):
            items, _ = _entries(url, entries, None)
            if items:
                return items
    return []


def _entries(url: str, entries: list[Any], config: JsonList | None) -> tuple[list[ListItem], list[str]]:
    items: list[ListItem] = []
    notes: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            notes.append(f"entry {index} is not an object")
            continue
        if config is not None:
            raw_url = _fill(config.url_template, entry) if config.url_template else resolve(entry, config.url)
            raw_title = resolve(entry, config.title)
            raw_date = resolve(entry, config.date)
        else:
            url_key, title_key, date_key = _url_key(entry), _title_key(entry), _date_key(entry)
            raw_url = entry.get(url_key) if url_key else None
            raw_title = entry.get(title_key) if title_key else None
            raw_date = entry.get(date_key) if date_key else None
        link = _entry_url(url, raw_url)
        if link is None:
            notes.append(f"entry {index} has no usable url")
            continue
        items.append(ListItem(url=link, title=clean_title(str(raw_title or "")), date=as_date(raw_date)))
    return items, notes


def _listing(url: str, payload: Any, entries: list[Any], items: list[ListItem], notes: list[str],
             config: JsonList | None, items_path: str | None) -> ListPage:
    """The ListPage of a read answer: its items, counts and the rule addressing its other pages."""
    error = None
    if entries and not items:
        error = ("no entry carries a usable address: map one with the registry's json_list "
                 "(`url`, or `url_template` such as https://host/#/detail?id={id})")
    param, number = _page_param(url)
    first_page = config.first_page if config is not None else (0 if number == 0 else 1)
    page_number = (number - first_page + 1) if number is not None else 1
    if config is not None:
        total_items = to_int(resolve(payload, config.total))
        total_pages = to_int(resolve(payload, config.total_pages))
        page_size = config.page_size
    else:
        total_items = _number_near(payload, items_path or "$", TOTAL_KEYS)
        total_pages = _number_near(payload, items_path or "$", PAGES_KEYS)
        page_size = None
    if total_pages is None:
        total_pages = pages_from_total(total_items, page_number, len(entries), page_size)

    rule: PageRule | None = None
    if config is not None and config.page_url:
        rule = PageRule(template=_rule_template(urljoin(url, config.page_url)),
                        index_offset=1 - config.first_page, per_page=config.page_size or len(entries),
                        total_pages=total_pages)
    elif config is not None and config.page_param:
        rule = _query_rule(url, config.page_param, config.first_page, total_pages)
    elif param is not None:
        rule = _query_rule(url, param, first_page, total_pages)
    if rule is None and (total_pages or 1) > 1:
        notes.append("no page parameter in the address: further pages cannot be addressed")
    return ListPage(
        cms=NAME, url=url, items=tuple(items), page_number=page_number, total_pages=total_pages,
        total_items=total_items, page_rule=rule, list_hash=list_hash(items, total_items), error=error,
        notes=tuple(notes),
    )
