"""List-page adapters: which CMS a column page comes from, and its items and further pages.

Pure functions over fetched bytes, no I/O:

    >>> from crawlers.adapters import detect_cms, parse_list
    >>> cms = registry_hint or detect_cms(url, decoded_text)
    >>> page = parse_list(cms, url, body, content_type)
    >>> page.items, page.remaining_page_urls(), page.list_hash, page.error

One module per CMS: `hanweb` (大汉 JCMS datastore + dataproxy.jsp), `trs` (拓尔思 WCM index_N.html),
`gkmlpt` (Guangdong JSON list API) and `generic` (anchors with dates nearby), the fallback.
Fingerprints are data: crawlers/data/cms_fingerprints.yaml.
"""

from __future__ import annotations

from collections.abc import Callable

from crawlers.adapters import generic, gkmlpt, hanweb, trs
from crawlers.adapters._common import to_text
from crawlers.adapters._fingerprints import load_fingerprints
from crawlers.adapters._model import ListItem, ListPage, ListParseError, PageRule, list_hash

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
    generic.NAME: generic.parse,
}
CMS_NAMES: tuple[str, ...] = tuple(_PARSERS)


def detect_cms(url: str, html: str | bytes, content_type: str | None = None) -> str:
    """The CMS name for a list page (one of CMS_NAMES), `generic` when no fingerprint is strong enough."""
    return load_fingerprints().detect(url or "", to_text(html, content_type))


def parse_list(cms: str | None, url: str, body: bytes | str, content_type: str | None = None) -> ListPage:
    """Items and paging of one list page. `cms` None or "auto" means detect it.

    Never raises on page content: unreadable input gives a ListPage with `error` set and whatever
    items could be read (possibly none). An unknown `cms` name is a caller error (ValueError).
    """
    if cms not in (None, "auto") and cms not in _PARSERS:
        raise ValueError(f"unknown CMS {cms!r}; known: {', '.join(CMS_NAMES)}")
    name = cms or "auto"
    try:
        text = to_text(body, content_type)
        if name == "auto":
            name = detect_cms(url, text)
        if not text.strip():
            raise ListParseError("empty body")
        return _PARSERS[name](url, text)
    except ListParseError as exc:
        return ListPage(cms=name, url=url, list_hash=list_hash(()), error=str(exc))
    except Exception as exc:  # a parser bug must give an outcome, not take the crawl worker down
        return ListPage(cms=name, url=url, list_hash=list_hash(()),
                        error=f"{name} adapter failed: {type(exc).__name__}: {exc}")
