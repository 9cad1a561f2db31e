"""HTML -> lines: metadata tags, the body region, attachments. Private helpers of clean.py.

Block structure is made explicit BEFORE parsing: source line breaks become spaces (as a browser
renders them) and a newline is inserted at every block boundary and <br>, table cells get " | ".
Lexbor's `text(separator="")` then yields one line per block without splitting sentences at
inline tags (<span>, <a>, <strong>), and all of this runs in C.
"""

from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from schemas.pages import Attachment

_DATA_FILE = Path(__file__).parent / "data" / "boilerplate.yaml"


def _load_boilerplate() -> dict[str, Any]:
    with _DATA_FILE.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    return loaded if isinstance(loaded, dict) else {}


# Page-chrome knowledge shared with clean.py, loaded once at import.
BOILERPLATE: dict[str, Any] = _load_boilerplate()

_HTML_SNIFF = re.compile(
    r"<(?:!doctype|html|head|body|div|p|meta|title|table|span|br|a|script|td|li|h[1-6]|font|center)[\s>/]",
    re.IGNORECASE,
)
# Lookaheads only, so the replacement is a plain string (no per-match template expansion).
_BLOCK_TAG = re.compile(
    r"<(?=(?:br|hr)\b|/?(?:p|div|li|ul|ol|h[1-6]|tr|table|tbody|thead|section|article|blockquote|pre|dd|dt|dl"
    r"|center|header|footer|nav|aside|main|figure|figcaption|caption|title|form|option)\b)",
    re.IGNORECASE,
)
_CELL_END = re.compile(r"<(?=/t[dh]\s*>)", re.IGNORECASE)
_CONTENT_START = re.compile(
    r"<!--\s*(?:ContentStart|zoom\s*start|正文开始)\s*-->|<meta\s+name\s*=\s*[\"']?ContentStart[\"']?[^>]*>",
    re.IGNORECASE,
)
_CONTENT_END = re.compile(
    r"<!--\s*(?:ContentEnd|zoom\s*end|正文结束)\s*-->|<meta\s+name\s*=\s*[\"']?ContentEnd[\"']?[^>]*>",
    re.IGNORECASE,
)
_ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|xlsx?|ofd)(?=$|[?#&])", re.IGNORECASE)
# Most pages link no document at all: one scan of the raw HTML spares walking hundreds of menu links.
_ATTACHMENT_IN_HTML = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|ofd)\b", re.IGNORECASE)
_PUNCT = re.compile(r"[，。；：、,;]")

_DROP_TAGS: list[str] = list(BOILERPLATE["drop_tags"])
_BODY_SELECTORS: tuple[str, ...] = tuple(BOILERPLATE["body_selectors"])
_TITLE_SELECTORS: tuple[str, ...] = tuple(BOILERPLATE["title_selectors"])
_MIN_BODY_CHARS: int = int(BOILERPLATE["min_body_chars"])
_META_FIELDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in BOILERPLATE["meta_fields"].items()}
_SITE_SEPARATORS = re.compile("|".join(re.escape(sep) for sep in BOILERPLATE["title_site_separators"]))


@dataclass(slots=True)
class HtmlParts:
    """What the HTML layer hands to the line cleaner."""

    body_lines: list[str] = field(default_factory=list)
    page_text: str = ""  # text of the whole <body>, one block per line, for metadata labels
    meta: dict[str, str] = field(default_factory=dict)  # requested meta fields -> content
    title_tag: str | None = None
    heading: str | None = None
    attachments: list[Attachment] = field(default_factory=list)


def looks_like_html(document: str) -> bool:
    return _HTML_SNIFF.search(document, 0, 4096) is not None


def _prepare(html: str) -> str:
    html = html.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    html = _CELL_END.sub(" | <", html)
    return _BLOCK_TAG.sub("\n<", html)


def _node_text(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return node.text(separator="", strip=False) or ""


def _meta_fields(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    head = tree.head
    metas = head.css("meta") if head is not None else tree.css("meta")
    by_name: dict[str, str] = {}
    for node in metas:
        attrs = node.attributes
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        if name and content and name not in by_name:
            by_name[name] = content
    for field_name, names in _META_FIELDS.items():
        for name in names:
            if name in by_name:
                found[field_name] = by_name[name]
                break
    return found


def split_title_tag(title: str) -> tuple[str | None, str | None]:
    """'报告标题_某某市人民政府' -> ('报告标题', '某某市人民政府'); the first long part is the title."""
    parts = [part.strip() for part in _SITE_SEPARATORS.split(title) if part.strip()]
    if not parts:
        return None, None
    if len(parts) == 1:
        return parts[0], None
    return parts[0], parts[-1]


def _heading(tree: LexborHTMLParser, title_tag: str | None) -> str | None:
    reference = re.sub(r"\s+", "", title_tag or "")
    for selector in _TITLE_SELECTORS:
        for node in tree.css(selector)[:6]:
            text = re.sub(r"\s+", " ", _node_text(node)).strip()
            compact = text.replace(" ", "")
            if not 4 <= len(compact) <= 150:
                continue
            if not reference or compact in reference or (len(reference) >= 6 and reference[:12] in compact):
                return text
    return None


def _fragment_text(html: str) -> str:
    fragment = LexborHTMLParser(_prepare(html))
    fragment.strip_tags(_DROP_TAGS)
    return _node_text(fragment.body)


# --- locating the body container in the raw HTML, before any parse ------------------------------------
#
# Most of a portal page (menus, link groups, related lists, footer, site map) is markup the cleaner
# never needs, and Lexbor's cost follows the number of elements. So the container is found in the
# raw text first and only the page up to a little after it is parsed.

# Text after the body container that is still parsed: attachment links, a trailing date or source
# row and the signature sit within it; related-article lists and the footer beyond do not matter.
_TAIL_CHARS = 6000
# A raw container this long certainly holds enough text; shorter ones are checked by stripping tags.
_SURE_BODY_CHARS = 2000
_RAW_TAG = re.compile(r"<[^<>]*>")
_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-zA-Z][\w-]*)?(?:#(?P<id>[\w-]+))?(?P<classes>(?:\.[\w-]+)*)$")
_TAG_NAME = re.compile(r"<([a-zA-Z][\w-]*)")
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _RawSelector:
    """A simple CSS selector (tag, #id, .class...) matched against the raw text of start tags."""

    literal: str  # searched with str.find: the id, the first class, or "<tag"
    start_tag: re.Pattern[str]  # verifies the whole start tag
    tag_only: bool


def _raw_selector(selector: str) -> _RawSelector | None:
    match = _SIMPLE_SELECTOR.match(selector.strip())
    if match is None or not selector.strip():
        return None
    tag, ident = match.group("tag"), match.group("id")
    classes = [name for name in match.group("classes").split(".") if name]
    checks = ""
    if ident:
        checks += rf"(?=[^>]*?\bid\s*=\s*[\"']?{re.escape(ident)}(?![\w-]))"
    for name in classes:
        checks += rf"(?=[^>]*?\bclass\s*=\s*[\"']?(?:[^\"'>]*?\s)?{re.escape(name)}(?![\w-]))"
    tag_pattern = re.escape(tag) if tag else r"[a-zA-Z][\w-]*"
    start_tag = re.compile(rf"<{tag_pattern}\b{checks}", re.IGNORECASE)
    literal = ident or (classes[0] if classes else f"<{tag}")
    return _RawSelector(literal=literal, start_tag=start_tag, tag_only=not (ident or classes))


_RAW_SELECTORS: list[_RawSelector | None] = [_raw_selector(selector) for selector in _BODY_SELECTORS]
_TAG_BALANCE: dict[str, re.Pattern[str]] = {}


def _raw_start_tags(html: str, selector: _RawSelector) -> list[int]:
    """Positions of start tags matching the selector, in document order (at most a few)."""
    found: list[int] = []
    if selector.tag_only:
        for match in selector.start_tag.finditer(html):
            found.append(match.start())
            if len(found) >= 3:
                break
        return found
    position = html.find(selector.literal)
    while position >= 0 and len(found) < 3:
        tag_start = html.rfind("<", max(0, position - 500), position)
        inside_tag = tag_start >= 0 and ">" not in html[tag_start:position]
        if inside_tag and selector.start_tag.match(html, tag_start):
            found.append(tag_start)
        position = html.find(selector.literal, position + 1)
    return found


def _element_end(html: str, start: int) -> int | None:
    """End of the element opened at `start`, by counting its tag name (comments and scripts skipped)."""
    name_match = _TAG_NAME.match(html, start)
    if name_match is None:
        return None
    name = name_match.group(1).lower()
    balance = _TAG_BALANCE.get(name)
    if balance is None:
        balance = re.compile(rf"<!--|<script\b|<(/?){re.escape(name)}\b", re.IGNORECASE)
        _TAG_BALANCE[name] = balance
    depth, position = 0, start
    while (match := balance.search(html, position)) is not None:
        token = match.group()
        if token == "<!--":
            close = html.find("-->", match.end())
            if close < 0:
                return None
            position = close + 3
            continue
        if match.group(1) is None:  # <script
            script_end = _SCRIPT_END.search(html, match.end())
            if script_end is None:
                return None
            position = script_end.end()
            continue
        depth += -1 if match.group(1) else 1
        position = match.end()
        if depth == 0:
            return position
    return None


@dataclass(frozen=True, slots=True)
class _Region:
    limit: int  # the page is parsed up to here
    marker_text: str | None = None  # body text between ContentStart / ContentEnd markers
    selector_index: int = 0  # first body selector worth trying on the parsed page
    span: tuple[int, int] | None = None  # raw extent of that selector's element


def _locate_region(html: str) -> _Region | bool | None:
    """Where the body is: a _Region, None when no container exists, False when it cannot be told."""
    start = _CONTENT_START.search(html)
    if start:
        end = _CONTENT_END.search(html, start.end())
        if end:
            text = _fragment_text(html[start.end():end.start()])
            if len(text.strip()) >= _MIN_BODY_CHARS:
                return _Region(limit=end.end() + _TAIL_CHARS, marker_text=text)
    for index, selector in enumerate(_RAW_SELECTORS):
        if selector is None:
            return False  # a selector the raw matcher does not understand: parse the whole page
        for tag_start in _raw_start_tags(html, selector):
            element_end = _element_end(html, tag_start)
            if element_end is None:
                return _Region(limit=len(html), selector_index=index)
            span = element_end - tag_start
            if span < _MIN_BODY_CHARS:
                continue
            if span < _SURE_BODY_CHARS:
                text = _RAW_TAG.sub("", html[tag_start:element_end])
                if len(html_entities.unescape(text).strip()) < _MIN_BODY_CHARS:
                    continue
            # Later candidates of one selector are tried too (the first may sit in a comment); when the
            # parsed page disagrees, _region_parts gives up and the whole page is parsed.
            return _Region(limit=element_end + _TAIL_CHARS, selector_index=index,
                           span=(tag_start, element_end))
    return None


def _selector_body(tree: LexborHTMLParser, first: int) -> tuple[LexborNode | None, int]:
    """The first body container with enough text, and the index of the selector that found it."""
    for index in range(first, len(_BODY_SELECTORS)):
        try:
            node = tree.css_first(_BODY_SELECTORS[index])
        except Exception:  # a selector the engine rejects must not stop the search
            continue
        if node is not None and len(_node_text(node).strip()) >= _MIN_BODY_CHARS:
            return node, index
    return None, -1


# --- deep nesting guard ---------------------------------------------------------------------------------

# Lexbor's tree building is quadratic in nesting depth (20,000 levels take seconds): past this
# estimated depth the page is reduced by regular expressions instead of being parsed.
_MAX_NESTING = 3000
# Fewer tags than this cannot nest deep enough to matter: the estimate is skipped.
_NESTING_CHECK_TAGS = 8000
_NESTING_CHUNK = 4096
# Start tags that are void or close implicitly: they open no lasting level.
_FLAT_TAG_PREFIXES = ("<br", "<img", "<input", "<meta", "<link", "<hr", "<p", "<li", "<td", "<th", "<tr",
                      "<option", "<wbr", "<col", "<area", "<source", "<embed", "<base", "<dt", "<dd")


def too_deep(html: str) -> bool:
    """Estimated element nesting beyond what the parser handles in time (chunked tag counts)."""
    if html.count("<") <= _NESTING_CHECK_TAGS:
        return False
    depth = peak = 0
    for offset in range(0, len(html), _NESTING_CHUNK):
        chunk = html[offset:offset + _NESTING_CHUNK].lower()
        closes = chunk.count("</")
        opens = chunk.count("<") - closes - chunk.count("<!") - sum(map(chunk.count, _FLAT_TAG_PREFIXES))
        depth = max(0, depth + opens - closes)
        peak = max(peak, depth)
        if peak > _MAX_NESTING:
            return True
    return False


_RAW_SKIP = re.compile(r"<!--|<(script|style|noscript|textarea|template)\b")
_RAW_TITLE = re.compile(r"<title[^<>]*>([^<]{1,300})<", re.IGNORECASE)


def _flat_text(html: str) -> str:
    """Text of markup without a parser: skipped elements dropped, block tags made line breaks."""
    lowered = html.lower()
    pieces: list[str] = []
    position = 0
    while (match := _RAW_SKIP.search(lowered, position)) is not None:
        pieces.append(html[position:match.start()])
        closer = "-->" if match.group(1) is None else f"</{match.group(1)}"
        close = lowered.find(closer, match.end())
        if close < 0:
            position = len(html)
            break
        position = close + len(closer)
    pieces.append(html[position:])
    text = _RAW_TAG.sub("", _prepare("".join(pieces)))
    return html_entities.unescape(text)


def _flat_parts(html: str) -> HtmlParts:
    text = _flat_text(html)
    title = _RAW_TITLE.search(html, 0, 65536)
    parts = HtmlParts(page_text=text, body_lines=densest_block(text.split("\n")))
    if title:
        parts.title_tag = re.sub(r"\s+", " ", html_entities.unescape(title.group(1))).strip() or None
    return parts


def densest_block(lines: list[str]) -> list[str]:
    """The run of lines with the most Chinese punctuation (Kadane over per-line scores).

    Sentences score by punctuation; short lines without any (menus, link lists) cost a little,
    so a menu between two article paragraphs does not split the run but a long menu ends it.
    """
    best_sum, best_start, best_end = 0.0, 0, -1
    run_sum, run_start = 0.0, 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        punct = len(_PUNCT.findall(stripped))
        score = punct + len(stripped) / 80 if punct else -1.0
        if run_sum <= 0:
            run_sum, run_start = 0.0, index
        run_sum += score
        if run_sum > best_sum:
            best_sum, best_start, best_end = run_sum, run_start, index
    if best_end < 0:
        return [line for line in lines if line.strip()]
    # Keep up to a few short lines just above the run: the title and date header usually sit there.
    head_start = best_start
    taken = 0
    while head_start > 0 and taken < 4:
        previous = lines[head_start - 1].strip()
        head_start -= 1
        if previous:
            taken += 1
    return lines[head_start:best_end + 1]


def _attachments(scope: LexborNode | None, url: str | None) -> list[Attachment]:
    if scope is None:
        return []
    found: list[Attachment] = []
    seen: set[str] = set()
    for anchor in scope.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        match = _ATTACHMENT_EXT.search(href)
        if not match or href.lower().startswith(("javascript:", "mailto:")):
            continue
        absolute = urljoin(url, href) if url else href
        if absolute in seen:
            continue
        seen.add(absolute)
        name = re.sub(r"\s+", " ", _node_text(anchor)).strip()
        if not name:
            name = unquote(PurePosixPath(urlsplit(href).path).name)
        ext = match.group(1).lower()
        found.append(Attachment(url=absolute, name=name[:200], ext=ext))  # type: ignore[arg-type]
    return found


def _head_parts(tree: LexborHTMLParser) -> HtmlParts:
    parts = HtmlParts(meta=_meta_fields(tree))
    title_node = tree.css_first("title")
    if title_node is not None:
        parts.title_tag = re.sub(r"\s+", " ", _node_text(title_node)).strip() or None
    parts.heading = _heading(tree, parts.title_tag)
    return parts


def _region_parts(html: str, url: str | None, region: _Region) -> HtmlParts | None:
    """Parse the page up to the body container's end (plus a tail); None if the body is not there."""
    page = html[:region.limit]
    tree = LexborHTMLParser(page)
    node: LexborNode | None = None
    if region.marker_text is not None:
        body_text = region.marker_text
    else:
        node, index = _selector_body(tree, region.selector_index)
        if node is None:
            return None
        # The element the raw matcher found is the parsed one: its source text spares serializing it.
        raw = html[region.span[0]:region.span[1]] if region.span and index == region.selector_index else None
        body_text = _fragment_text(raw if raw is not None else node.html or "")
    parts = _head_parts(tree)
    # Source line breaks roughly follow the page layout; good enough to find header labels. Script
    # text stays in (stripping tags from the whole tree costs more than the label check it saves).
    parts.page_text = _node_text(tree.body)
    parts.body_lines = body_text.split("\n")
    if _ATTACHMENT_IN_HTML.search(page):
        scope = node.parent if node is not None and node.parent is not None else tree.body
        parts.attachments = _attachments(scope, url)
    return parts


def _whole_page_parts(html: str, url: str | None) -> HtmlParts:
    """No container found in the raw text: one parse with block breaks serves every need."""
    tree = LexborHTMLParser(_prepare(html))
    parts = _head_parts(tree)
    parts.page_text = _node_text(tree.body)
    tree.strip_tags(_DROP_TAGS)
    node, _ = _selector_body(tree, 0)  # the raw matcher may miss what the CSS engine finds
    if node is not None:
        parts.body_lines = _node_text(node).split("\n")
        scope = node.parent if node.parent is not None else tree.body
    else:
        parts.body_lines = densest_block(_node_text(tree.body).split("\n"))
        scope = tree.body
    if _ATTACHMENT_IN_HTML.search(html):
        parts.attachments = _attachments(scope, url)
    return parts


def parse_html(html: str, url: str | None) -> HtmlParts:
    if too_deep(html):
        return _flat_parts(html)
    region = _locate_region(html)
    if isinstance(region, _Region):
        parts = _region_parts(html, url, region)
        if parts is not None:
            return parts
    return _whole_page_parts(html, url)
