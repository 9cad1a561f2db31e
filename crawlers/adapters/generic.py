"""Fallback list reader for a CMS we do not know: the list's rows (`_rows`) and whatever pager it has.

Items: the rows of the page's main list, whatever their markup (`crawlers.adapters._rows`). Pages:
the page count from any pager form `_pager` knows ("共N页", script variables, data attributes);
when the pager links name pages `stem_N.ext` beside this one, a rule addresses them (forwards or
backwards); otherwise "下一页"/"下页"/"Next" links give the next list page. A page whose HTML holds
no list but embeds its app's state as JSON (server-rendered Angular/Vue/Next) is read from it.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from crawlers.adapters import jsonlist
from crawlers.adapters._common import absolute_url, clean_title
from crawlers.adapters._model import ListPage, ListParseError, list_hash
from crawlers.adapters._pager import NEXT_TEXT, read_pager, static_rule
from crawlers.adapters._rows import extract_items
from crawlers.adapters._scripts import expand_document_writes

NAME = "generic"



def parse(url: str, text: str) -> ListPage:
    """Read a list page of an unknown CMS. Raises ListParseError when the text is not HTML."""
    if "<" not in text:
        raise ListParseError("not an HTML page")
    text = expand_document_writes(text)
    tree = LexborHTMLParser(text)
    items, notes = extract_items(url, tree)
    if not items:  # a single-page app that rendered on the server hands its list over as JSON
        items = jsonlist.page_state_items(url, tree)
        if items:
            notes.append("entries from the JSON state the page embeds")
    next_urls: list[str] = []
    for anchor in tree.css("a[href]"):
        if clean_title(anchor.text(deep=True)).replace(" ", "").strip("<>«»‹›").lower() in NEXT_TEXT:
            link = absolute_url(url, anchor.attributes.get("href"))
            if link and link != url and link not in next_urls:
                next_urls.append(link)
    pager = read_pager(url, text, tree)
    rule, page_number = static_rule(url, pager, default_stem=None) if pager.stem else (None, 1)
    total_pages = pager.count if pager.count is None else max(pager.count, 1)
    return ListPage(
        cms=NAME, url=url, items=tuple(items), page_number=page_number, total_pages=total_pages,
        total_items=pager.total_records, page_rule=rule, next_urls=tuple(next_urls),
        list_hash=list_hash(items), notes=tuple(notes),
    )
