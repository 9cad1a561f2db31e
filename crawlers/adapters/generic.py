"""Fallback list reader: anchors with a date in the same row (li / tr / dd / small div).

Rules, from how portal lists look whatever the CMS:
- an item is a same-site http(s) link whose row (nearest li/tr/dd/dt/p, or a div of at most
  MAX_ROW_CHARS characters) shows a date outside the link text, or whose address carries a CMS date;
- links inside navigation, header, footer, breadcrumb or menu containers are ignored;
- rows are grouped by their place in the page (tag and class of parent and grandparent); the
  largest group is the list, and other groups at least half its size are kept too (lists split
  into blocks of five), so a sidebar of three "latest news" does not join a 20-item list;
- "下一页"/"下页"/"Next" links give the next list page (no page rule: the CMS is unknown).
"""

from __future__ import annotations

import re
from collections import defaultdict

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawlers.adapters._common import absolute_url, clean_title, same_site
from crawlers.adapters._model import ListItem, ListPage, ListParseError, list_hash
from streams.analysis.dates import date_from_url, parse_date

NAME = "generic"

MAX_ROW_CHARS = 400
MIN_TITLE_CHARS = 4
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_NAME = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|submenu|footer|foot|header|head|breadcrumbs?|crumbs?|bread|position|location|"
    r"topbar|sidebar|friend|links?|yqlj)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_NEXT_TEXT = frozenset({"下一页", "下页", "后一页", "next", "next page", ">", "›", "»"})


def _is_chrome(node: LexborNode) -> bool:
    if node.tag in _CHROME_TAGS:
        return True
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    return bool(names.strip()) and _CHROME_NAME.search(names) is not None


def _row_and_chrome(anchor: LexborNode) -> tuple[LexborNode | None, bool]:
    """The anchor's row, and whether any ancestor is page chrome (navigation, footer…)."""
    row: LexborNode | None = None
    node = anchor.parent
    while node is not None and node.tag not in ("body", "html"):
        if _is_chrome(node):
            return row, True
        if row is None and (
            node.tag in _ROW_TAGS or (node.tag == "div" and len(node.text(deep=True)) <= MAX_ROW_CHARS)
        ):
            row = node
        node = node.parent
    return row, False


def _signature(row: LexborNode) -> str:
    parts: list[str] = []
    node: LexborNode | None = row
    for _ in range(3):
        if node is None:
            break
        parts.append(f"{node.tag}.{node.attributes.get('class') or ''}")
        node = node.parent
    return ">".join(reversed(parts))


def parse(url: str, text: str) -> ListPage:
    """Read a list page of an unknown CMS. Raises ListParseError when the text is not HTML."""
    if "<" not in text:
        raise ListParseError("not an HTML page")
    tree = LexborHTMLParser(text)
    groups: dict[str, list[ListItem]] = defaultdict(list)
    order: list[str] = []
    seen: set[str] = set()
    next_urls: list[str] = []
    for anchor in tree.css("a[href]"):
        link = absolute_url(url, anchor.attributes.get("href"))
        if link is None:
            continue
        anchor_text = anchor.text(deep=True, separator=" ")
        if clean_title(anchor_text).lower() in _NEXT_TEXT:
            if link != url and link not in next_urls:
                next_urls.append(link)
            continue
        if link in seen or link == url or not same_site(link, url):
            continue
        row, in_chrome = _row_and_chrome(anchor)
        if in_chrome or row is None:
            continue
        title = clean_title(anchor.attributes.get("title") or anchor_text)
        if len(title) < MIN_TITLE_CHARS:
            continue
        beside = row.text(deep=True, separator=" ").replace(anchor_text, " ", 1)
        item_date = parse_date(beside) or date_from_url(link)
        if item_date is None:
            continue
        seen.add(link)
        key = _signature(row)
        if key not in groups:
            order.append(key)
        groups[key].append(ListItem(url=link, title=title, date=item_date))

    items: list[ListItem] = []
    notes: list[str] = []
    if groups:
        largest = max(len(group) for group in groups.values())
        kept = [key for key in order if len(groups[key]) >= max(1, largest / 2)]
        for key in kept:
            items.extend(groups[key])
        dropped = sum(len(groups[key]) for key in order if key not in kept)
        if dropped:
            notes.append(f"{dropped} dated link(s) outside the main list ignored")
    return ListPage(
        cms=NAME, url=url, items=tuple(items), next_urls=tuple(next_urls), list_hash=list_hash(items),
        notes=tuple(notes),
    )
