"""The items of an HTML list page, whatever the CMS: one item per row, the list told from the chrome.

Rules, from how portal lists look (DOMAIN.md §4, "What real list pages look like"):
- a candidate is an http(s) link outside navigation/header/footer/menu containers, with a title of at
  least MIN_TITLE_CHARS; its row is the largest ancestor holding no other entry link (up to the
  li/tr, never the list itself), or the link itself when it wraps the whole entry
  (`<a><h3>title</h3><span>date</span></a>`);
- one item per row: a 解读/图解/附件 link, a category label or a hidden link beside the main link in the
  same row (or in a row nested in it) neither becomes an item nor replaces the main link;
- the date is the one the row shows outside the title (it wins over the date in the address), else a
  month-day shown with the year of the address, else the address's date, else none (the detail
  page will tell);
- rows are grouped by their place in the page (row tag, parent and grandparent tag and class); the
  group with the most evidence (shown dates, links under the column, CMS detail addresses, dated
  addresses, and a point per entry-like title, so an undated list outweighs a dated sidebar) is
  the list; other groups as large and as well evidenced join it (odd/even rows, blocks of five);
  a page with no evidence anywhere keeps its largest group of long-titled links.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawlers.adapters._common import absolute_url, clean_title, document_base, same_site
from crawlers.adapters._model import ListItem
from streams.analysis.dates import date_from_url, parse_date

MAX_ROW_CHARS = 400
MIN_TITLE_CHARS = 4
# Navigation, headers and footers hold at most this share of a page's text.
MAX_CHROME_SHARE = 0.5
# Blocks of one list sit this many levels at most above the list's own container.
MAX_BLOCK_DISTANCE = 2
# A link text this long is an entry's title, not a label ("解读", "[通知公告]", "更多").
LONG_TITLE_CHARS = 8
ROW_TAGS = frozenset({"li", "tr"})
# Elements that can lead to an entry: links, and what rendered lists make clickable.
ENTRY_SELECTOR = "a[href], a[onclick], [onclick], [data-href], [data-url], [data-link]"
_LIST_TAGS = frozenset({"ul", "ol", "table", "tbody", "thead", "tfoot", "form", "select"})
# A link text this short beside another link is a label ("解读", "[通知公告]", "PDF"), not the entry.
SHORT_LABEL_CHARS = 6
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_NAME = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|submenu|footer|foot|header|head|breadcrumbs?|crumbs?|bread|position|location|"
    r"topbar|sidebar|friend|links?|yqlj|daohang|pagination|pager|page_div|fanye|share|bdshare)"
    r"(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_PAGER_TEXT = frozenset({"下一页", "下页", "后一页", "上一页", "上页", "前一页", "首页", "尾页", "末页",
                         "最后一页", "next", "prev", "previous", "first", "last", "更多", "more", "更多>>",
                         "more>>"})
_SECONDARY = re.compile(
    r"^[\[【(（<《]?\s*(?:政策|文字|图片|图文|视频|动漫|专家|媒体|新闻|一图)?(?:解读|图解|解析|问答|附件|下载|原文|"
    r"pdf|docx?|wps|ofd|视频|音频|打印|分享|详情|查看)", re.IGNORECASE)
_DATE_ONLY = re.compile(
    r"^[\s\[【(（]*(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|"
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*月?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[\s\]】)）]*$")
# A date card split in two (`<b>15</b><span>2024-03</span>`, "2024.03 15").
_SPLIT_DATE = (
    re.compile(r"^\s*(?P<d>\d{1,2})\s+(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?\s*$"),
    re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?\s+(?P<d>\d{1,2})\s*日?\s*$"),
    re.compile(r"^\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?\s+(?P<y>(?:19|20)\d{2})\s*年?\s*$"),
)
_TRAILING_DATE = re.compile(
    r"[\s\[(（【]*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)[\s\])）】]*$")
# Text this short beside the title is a date field ("发布时间：2024-03-15"), not prose naming a date.
SHORT_DATE_CHARS = 32
_ONCLICK_URL = re.compile(
    r"(?:window\.open|location(?:\.href)?\s*=|\.location\s*=|open\w*|go\w*|view\w*|show\w*)\s*\(?\s*"
    r"[\"'](?P<url>[^\"']+\.(?:s?html?|jsp|php|aspx?|pdf|docx?)(?:\?[^\"']*)?|[^\"']*\?[^\"']*id=[^\"']+)[\"']",
    re.IGNORECASE)
_MONTH_DAY = re.compile(r"(?<![\d./-])(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?![\d./-])")
_BULLETS = "·•●○◇◆■□▪▸►>※-—· \u3000"
_TITLE_CHILD = re.compile(r"(?:^|[-_\s])(?:tit|title|bt|name)(?:$|[-_\s])", re.IGNORECASE)


@dataclass(slots=True)
class _Candidate:
    position: int
    anchor: LexborNode
    row: LexborNode
    url: str
    title: str
    label: str  # the link's visible text, dates left out
    secondary: bool
    detail: bool
    in_scope: bool
    same_site: bool
    shown: date | None = None
    evidence: int = 0


def _hidden(node: LexborNode) -> bool:
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or "hidden" in node.attributes


def _is_chrome(node: LexborNode) -> bool:
    if node.tag in _CHROME_TAGS:
        return True
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    return bool(names.strip()) and _CHROME_NAME.search(names) is not None


def _is_entry_link(anchor: LexborNode) -> bool:
    """A link that could be an entry's main link (not a label, 解读 or hidden link)."""
    label = clean_title(anchor.text(deep=True))
    return len(label) > SHORT_LABEL_CHARS and not _SECONDARY.match(label) and not _hidden(anchor)


def _entry_links(node: LexborNode) -> int:
    """Distinct addresses of entry links in `node` (two cells linking one page are one entry)."""
    return len({anchor.attributes.get("href") for anchor in node.css("a[href]") if _is_entry_link(anchor)})


def _row_and_chrome(anchor: LexborNode, page_chars: int) -> tuple[LexborNode, bool]:
    """The anchor's row, and whether any ancestor is page chrome (navigation, footer…).

    The row is the largest ancestor that still holds only this entry (one entry link, at most
    MAX_ROW_CHARS of text), stopping at a list item or table row, never a list or table itself.
    A chrome-named ancestor holding most of the page (`<div class="has-header">` around it all)
    is a wrapper, not chrome.
    """
    row: LexborNode | None = None
    settled = False
    node = anchor.parent
    while node is not None and node.tag not in ("body", "html"):
        if _is_chrome(node) and len(node.text(deep=True)) <= page_chars * MAX_CHROME_SHARE:
            return row or anchor, True
        if not settled:
            if node.tag in _LIST_TAGS or len(node.text(deep=True)) > MAX_ROW_CHARS or _entry_links(node) > 1:
                settled = True
            else:
                row = node
                settled = node.tag in ROW_TAGS
        node = node.parent
    return row or anchor, False


def _label_and_dates(anchor: LexborNode) -> tuple[str, str]:
    """The anchor's visible text without date-only pieces, and those pieces (entries wrapping a date)."""
    title_child = next((child for child in anchor.css("*")
                        if _TITLE_CHILD.search(child.attributes.get("class") or "")
                        or child.tag in ("h1", "h2", "h3", "h4", "h5")), None)
    words: list[str] = []
    dates: list[str] = []
    for node in anchor.traverse(include_text=True):
        if node.tag != "-text":
            continue
        text = node.text_content or ""
        if _DATE_ONLY.match(text) and text.strip():
            dates.append(text)
        else:
            words.append(text)
    label = clean_title(title_child.text(deep=True) if title_child is not None else "".join(words))
    trailing = _TRAILING_DATE.search(label)
    if trailing and len(label[: trailing.start()].strip()) >= MIN_TITLE_CHARS:  # "关于…的通知 2024-03-15"
        dates.append(trailing.group(1))
        label = label[: trailing.start()].strip()
    return label, " ".join(dates)


def _title(anchor: LexborNode, label: str) -> str:
    attribute = clean_title(anchor.attributes.get("title"))
    shortened = label.rstrip(".…").strip()
    if (attribute and len(attribute) >= MIN_TITLE_CHARS and not _DATE_ONLY.match(attribute)
            and (not shortened or len(attribute) >= len(shortened) * 0.5)):
        return attribute
    return label


def _short_date(text: str) -> date | None:
    shown = parse_date(text)
    if shown is not None:
        return shown
    for pattern in _SPLIT_DATE:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            except ValueError:
                return None
    return None


def _field_date(main: _Candidate, members: list[_Candidate]) -> date | None:
    """The first short piece of the row outside its links that is a date (a date field or card),
    the main link's own date-only pieces included: prose naming a date does not count."""
    inside: set[int] = set()
    for member in members:
        for node in member.anchor.traverse(include_text=True):
            if member is main and node.tag == "-text" and _DATE_ONLY.match(node.text_content or ""):
                continue
            inside.add(node.mem_id)
    for node in main.row.traverse(include_text=True):
        if node.mem_id in inside or node.tag == "a":
            continue
        if node.tag == "-text":
            text = node.text_content or ""
        elif node.css_first("a") is None:
            text = node.text(deep=True, separator=" ")
        else:
            continue
        if text.strip() and len(text.strip()) <= SHORT_DATE_CHARS:
            found = _short_date(text)
            if found is not None:
                return found
    return None


def _shown_date(beside: str, url: str) -> date | None:
    """A month-day beside the title with the address's year, else the address's date, else a date
    in the row's longer text (a summary naming a day)."""
    from_url = date_from_url(url)
    match = _MONTH_DAY.search(beside)
    if match and from_url is not None:  # "03-15" beside the title: the year is the address's
        try:
            return date(from_url.year, int(match.group(1)), int(match.group(2)))
        except ValueError:
            pass
    return from_url or parse_date(beside)


def _signature(row: LexborNode) -> str:
    parts = [row.tag or ""]
    node = row.parent
    for _ in range(2):
        if node is None:
            break
        parts.append(f"{node.tag}.{node.attributes.get('class') or ''}")
        node = node.parent
    return ">".join(reversed(parts))


def _address(anchor: LexborNode, base: str) -> str | None:
    """The link's address: its href, else a `data-href`/`data-url`, else the page its onclick (or a
    `javascript:` href) opens. Rendered lists put entries on any element (`<li onclick=...>`)."""
    attributes = anchor.attributes
    target = next((attributes.get(name) for name in ("href", "data-href", "data-url", "data-link")
                   if attributes.get(name)), None)
    link = absolute_url(base, target)
    if link is None:
        script = " ".join(filter(None, (attributes.get("onclick"), attributes.get("href"))))
        opened = _ONCLICK_URL.search(script)
        link = absolute_url(base, opened.group("url")) if opened else None
    return link


def _candidate(position: int, anchor: LexborNode, url: str, *, detail: re.Pattern[str] | None,
               scope: str | None, row: LexborNode | None = None, min_title: int = MIN_TITLE_CHARS,
               base: str | None = None, page_chars: int = 0) -> _Candidate | None:
    link = _address(anchor, base or url)
    if link is None or link == url:
        return None
    label, _ = _label_and_dates(anchor)
    if label.replace(" ", "").lower() in _PAGER_TEXT or label.isdigit():
        return None
    if row is None:
        row, in_chrome = _row_and_chrome(anchor, page_chars)
        if in_chrome:
            return None
    title = _title(anchor, label).lstrip(_BULLETS)
    if len(title) < min_title:
        return None
    is_detail = bool(detail and detail.search(link.split("?", 1)[0]))
    on_site = same_site(link, url)
    if not on_site and not is_detail:
        return None
    hidden = _hidden(anchor) or any(_hidden(node) for node in _ancestors(anchor, row))
    short = len(label) <= SHORT_LABEL_CHARS and row is not anchor
    secondary = hidden or short or bool(_SECONDARY.match(label))
    return _Candidate(position, anchor, row, link, title, label, secondary, is_detail,
                      bool(scope and link.startswith(scope)), on_site)


def _row_entry(members: list[_Candidate], notes: list[str]) -> _Candidate:
    """The row's main link, dated from what the row shows beside it."""
    main = _main_of(members)
    if sum(1 for member in members if member is not main and not member.secondary):
        notes.append(f"row of {main.url} holds {len(members) - 1} more link(s): kept as one item")
    row_text = main.row.text(deep=True, separator=" ")
    full_label = main.anchor.text(deep=True, separator=" ")
    _, anchor_dates = _label_and_dates(main.anchor)
    beside = row_text.replace(full_label, f" {anchor_dates} ", 1) if full_label.strip() else row_text
    for member in members:  # other links' text (a 解读 title naming a date) is not the row's date
        if member is not main:
            beside = beside.replace(member.anchor.text(deep=True, separator=" "), " ", 1)
    field = _field_date(main, members) or parse_date(anchor_dates)
    main.shown = field or _shown_date(beside, main.url)
    from_url = date_from_url(main.url)
    shown_in_row = field is not None or main.shown not in (None, from_url)
    main.evidence = shown_in_row + 2 * main.in_scope + main.detail + (from_url is not None)
    return main


def _item(candidate: _Candidate) -> ListItem:
    return ListItem(url=candidate.url, title=candidate.title,
                    date=candidate.shown or date_from_url(candidate.url))


def row_item(url: str, row: LexborHTMLParser, notes: list[str] | None = None) -> ListItem | None:
    """The entry of one list row given on its own (a Hanweb `<record>`), None when it has no link."""
    root = row.body or row.root
    if root is None:
        return None
    members = [candidate for position, anchor in enumerate(root.css(ENTRY_SELECTOR))
               if (candidate := _candidate(position, anchor, url, detail=None, scope=None, row=root,
                                           min_title=1))]
    if not members:
        return None
    return _item(_row_entry(members, notes if notes is not None else []))


def extract_items(url: str, tree: LexborHTMLParser, *, detail: re.Pattern[str] | None = None,
                  scope: str | None = None) -> tuple[list[ListItem], list[str]]:
    """The list's items in page order, and notes. `detail` matches the CMS's detail-page paths;
    `scope` is the column's address prefix (links under it are the column's own)."""
    base = document_base(url, tree)
    page_chars = len(tree.body.text(deep=True)) if tree.body else 0
    candidates = [candidate for position, anchor in enumerate(tree.css(ENTRY_SELECTOR))
                  if (candidate := _candidate(position, anchor, url, detail=detail, scope=scope, base=base,
                                              page_chars=page_chars))]
    if not candidates:
        return [], []

    # A label, 解读 or hidden link in a row nested in another candidate's row (its own inner <li>)
    # belongs to the outer row; entries are never merged (nested layout tables would swallow a list).
    row_ids = {candidate.row.mem_id for candidate in candidates}
    for candidate in candidates:
        if not candidate.secondary:
            continue
        node = candidate.row.parent
        while node is not None and node.tag not in ("body", "html"):
            if node.mem_id in row_ids:
                candidate.row = node
            node = node.parent
    rows: dict[int, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        rows[candidate.row.mem_id].append(candidate)

    notes: list[str] = []
    mains = [_row_entry(members, notes) for members in rows.values()]
    chosen = _choose_rows(mains, notes)
    items: list[ListItem] = []
    seen: set[str] = set()
    for candidate in sorted(chosen, key=lambda c: c.position):
        if candidate.url not in seen:
            seen.add(candidate.url)
            items.append(_item(candidate))
    return items, notes


def _ancestors(anchor: LexborNode, row: LexborNode) -> list[LexborNode]:
    found: list[LexborNode] = []
    node = anchor.parent
    while node is not None and node != row and node.tag not in ("body", "html"):
        found.append(node)
        node = node.parent
    return found


def _main_of(members: list[_Candidate]) -> _Candidate:
    """The row's entry: its first link that is not a label, 解读 or hidden link; else its longest."""
    if len(members) == 1:
        return members[0]
    primary = [member for member in members if not member.secondary]
    if primary:
        first = ([member for member in primary if member.detail] or primary)[0]
        # Several links to the same page (索引号 and title cells of one row): the title is the wordiest.
        same = [member for member in primary if member.url == first.url]
        return max(same, key=lambda member: (_cjk(member.title), -member.position))
    return max(members, key=lambda member: len(member.title))


def _cjk(text: str) -> int:
    return sum(1 for char in text if "\u4e00" <= char <= "\u9fff")


def _chain(node: LexborNode | None) -> list[int]:
    """Identities of `node` and its ancestors, from the root down."""
    chain: list[int] = []
    while node is not None:
        chain.append(node.mem_id)
        node = node.parent
    return chain[::-1]


def _common_depth(chains: list[list[int]]) -> int:
    depth = 0
    for level in zip(*chains, strict=False):
        if any(identity != level[0] for identity in level):
            break
        depth += 1
    return depth


def _choose_rows(mains: list[_Candidate], notes: list[str]) -> list[_Candidate]:
    groups: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in mains:
        groups[_signature(candidate.row)].append(candidate)
    evidenced = {key: group for key, group in groups.items() if any(c.evidence for c in group)}
    if not evidenced:
        # No dates, no CMS addresses: the largest group of long-titled same-site links is the list.
        plausible = [group for group in groups.values()
                     if len(group) >= 3 and all(c.same_site for c in group)
                     and sum(len(c.title) for c in group) / len(group) >= LONG_TITLE_CHARS]
        if not plausible:
            return []
        return max(plausible, key=lambda group: (len(group), -group[0].position))

    def score(group: list[_Candidate]) -> int:
        # Evidence, plus one per entry-like title: a long undated list outweighs a dated sidebar.
        return sum(c.evidence + (len(c.title) >= LONG_TITLE_CHARS) for c in group)

    best = max(evidenced.values(), key=lambda group: (score(group), len(group), -group[0].position))
    best_mean = score(best) / len(best)
    best_chains = [_chain(candidate.row.parent) for candidate in best]
    best_depth = _common_depth(best_chains)
    kept: list[_Candidate] = []
    dropped = 0
    for group in groups.values():
        mean = score(group) / len(group)
        # Another group joins only from the list's own neighbourhood (blocks of one list), not a sidebar.
        near = group is best or best_depth - _common_depth(
            best_chains + [_chain(candidate.row.parent) for candidate in group]) <= MAX_BLOCK_DISTANCE
        if group is best or (near and len(group) >= max(1, len(best) / 2) and mean >= 0.75 * best_mean):
            kept.extend(group)
        else:
            dropped += len(group)
    if dropped:
        notes.append(f"{dropped} link(s) outside the main list ignored")
    return kept
