"""HTML -> lines: metadata tags, the body region, attachments. Private helpers of clean.py.

Block structure is made explicit BEFORE parsing: source line breaks become spaces (as a browser
renders them) and a newline is inserted at every block boundary and <br>, table cells get " | ".
Lexbor's `text(separator="")` then yields one line per block without splitting sentences at
inline tags (<span>, <a>, <strong>), and all of this runs in C.
"""

from __future__ import annotations

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


def _body_region(html: str, tree: LexborHTMLParser) -> tuple[str, LexborNode | None]:
    """Text of the article body and the node it came from (None for a marker slice or no match).

    Only the body region is re-parsed with explicit block breaks, so the cost of that step
    follows the article size, not the page size.
    """
    start = _CONTENT_START.search(html)
    if start:
        end = _CONTENT_END.search(html, start.end())
        if end:
            text = _fragment_text(html[start.end():end.start()])
            if len(text.strip()) >= _MIN_BODY_CHARS:
                return text, None
    for selector in _BODY_SELECTORS:
        try:
            node = tree.css_first(selector)
        except Exception:  # a selector the engine rejects must not stop the search
            continue
        if node is None or len(_node_text(node).strip()) < _MIN_BODY_CHARS:
            continue
        return _fragment_text(node.html or ""), node
    return "", None


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


def parse_html(html: str, url: str | None) -> HtmlParts:
    tree = LexborHTMLParser(html)
    parts = HtmlParts(meta=_meta_fields(tree))
    title_node = tree.css_first("title")
    if title_node is not None:
        parts.title_tag = re.sub(r"\s+", " ", _node_text(title_node)).strip() or None
    parts.heading = _heading(tree, parts.title_tag)
    body_text, body_node = _body_region(html, tree)
    # Source line breaks roughly follow the page layout; good enough to find header labels. Script
    # text stays in (stripping tags from the whole tree costs more than the label check it saves).
    parts.page_text = _node_text(tree.body)
    if body_text:
        parts.body_lines = body_text.split("\n")
        scope = body_node.parent if body_node is not None and body_node.parent is not None else tree.body
    else:
        prepared = LexborHTMLParser(_prepare(html))
        prepared.strip_tags(_DROP_TAGS)
        parts.body_lines = densest_block(_node_text(prepared.body).split("\n"))
        scope = tree.body
    parts.attachments = _attachments(scope, url)
    return parts
