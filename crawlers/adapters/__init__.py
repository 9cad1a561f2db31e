"""List-page adapters: which CMS a column page comes from, and its items and further pages.

Pure functions over fetched bytes, no I/O:

    >>> from crawlers.adapters import detect_cms, parse_list
    >>> cms = registry_hint or detect_cms(url, decoded_text)
    >>> page = parse_list(cms, url, body, content_type)
    >>> page.items, page.remaining_page_urls(), page.list_hash, page.error

One module per CMS: `hanweb` (大汉 JCMS datastore + dataproxy.jsp), `trs` (拓尔思 WCM index_N.html),
`gkmlpt` (Guangdong JSON list API), `json` (any JSON list API, mapped by the registry's `json_list`
or guessed) and `generic` (the rows of the page's main list), the fallback. Shared parts: `_rows`
(which links of an HTML page are the list's entries) and `_pager` (every static pager form).
Fingerprints are data: crawlers/data/cms_fingerprints.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from crawlers.adapters import generic, gkmlpt, hanweb, jsonlist, trs
from crawlers.adapters._common import to_text
from crawlers.adapters._fingerprints import load_fingerprints
from crawlers.adapters._model import ListItem, ListPage, ListParseError, PageRule, list_hash
from schemas.registry import JsonList

__all__ = [
    "CMS_NAMES",
    "ListItem",
    "ListPage",
    "ListParseError",
    "PageRule",
    "detect_cms",
    "parse_list",
]

_PARSERS: dict[str, Callable[[str, str], ListPage]] = {
    hanweb.NAME: hanweb.parse,
    trs.NAME: trs.parse,
    gkmlpt.NAME: gkmlpt.parse,
    jsonlist.NAME: jsonlist.parse,
    generic.NAME: generic.parse,
}
CMS_NAMES: tuple[str, ...] = tuple(_PARSERS)


def detect_cms(url: str, html: str | bytes, content_type: str | None = None) -> str:
    """The CMS name for a list page (one of CMS_NAMES), `generic` when no fingerprint is strong enough."""
    return load_fingerprints().detect(url or "", to_text(html, content_type))


def _html_under_json_hint(url: str, text: str, notes: tuple[str, ...]) -> ListPage:
    """A column hinted `json` that serves an ordinary HTML list is read as one."""
    page = generic.parse(url, text)
    if not page.items:
        raise ListParseError(jsonlist.HTML_NOT_JSON)
    return replace(page, cms=jsonlist.NAME, notes=(*notes, *page.notes, "an HTML list, not a JSON answer"))


def parse_list(cms: str | None, url: str, body: bytes | str, content_type: str | None = None, *,
               json_list: JsonList | None = None, strict: bool = False) -> ListPage:
    """Items and paging of one list page. `cms` None or "auto" means detect it; a `json_list`
    mapping (from the registry) reads the page as that JSON API whatever `cms` says.

    `cms` is a hint (registry entries are often unverified): when the page's fingerprint names
    another CMS with confidence, the fingerprint wins and a note says so. `strict` uses `cms` as given.

    Never raises on page content: unreadable input gives a ListPage with `error` set and whatever
    items could be read (possibly none). An unknown `cms` name is a caller error (ValueError).
    """
    if cms not in (None, "auto") and cms not in _PARSERS:
        raise ValueError(f"unknown CMS {cms!r}; known: {', '.join(CMS_NAMES)}")
    name = jsonlist.NAME if json_list is not None else (cms or "auto")
    try:
        text = to_text(body, content_type)
        notes: tuple[str, ...] = ()
        if name == "auto":
            name = detect_cms(url, text)
        elif not strict and json_list is None:
            detected = detect_cms(url, text)
            if detected not in (name, generic.NAME):
                notes = (f"registry hint {name!r} overridden: the page fingerprints as {detected!r}",)
                name = detected
        if not text.strip():
            raise ListParseError("empty body")
        if name == jsonlist.NAME:
            if json_list is None and text.lstrip("\ufeff \t\r\n").startswith("<"):
                return _html_under_json_hint(url, text, notes)
            return jsonlist.parse(url, text, json_list)
        page = _PARSERS[name](url, text)
        return replace(page, notes=(*notes, *page.notes)) if notes else page
    except ListParseError as exc:
        return ListPage(cms=name, url=url, list_hash=list_hash(()), error=str(exc))
    except Exception as exc:  # a parser bug must give an outcome, not take the crawl worker down
        return ListPage(cms=name, url=url, list_hash=list_hash(()),
                        error=f"{name} adapter failed: {type(exc).__name__}: {exc}")
