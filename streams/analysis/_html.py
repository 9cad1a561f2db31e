"""HTML -> lines: metadata tags, the body region, attachments. Private helpers of clean.py.

A page is parsed once by lexbor and the work is done on the tree: meta tags and headings by CSS, the
body container by the selectors of data/boilerplate.yaml (or, without one, the densest run of lines of
the whole body), line breaks written into the tree before and after each block element and " | "
after table cells, so that lexbor's `text(separator="")` yields one line per block without splitting
sentences at inline tags (<span>, <a>, Word's <o:p>). Over the raw HTML only the ContentStart marker
search (comments are beyond CSS) and the counts of the nesting guard remain; the small fragment
between markers still gets its breaks from `_prepare`'s regular expressions, as do pages too deeply
nested to parse.
"""

from __future__ import annotations

import html as html_entities
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any, NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

import numpy as np
import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from schemas.pages import Attachment
from streams.analysis import _native, decode

_DATA_FILE = Path(__file__).parent / "data" / "boilerplate.yaml"


def _load_boilerplate() -> dict[str, Any]:
    with _DATA_FILE.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    return loaded if isinstance(loaded, dict) else {}


# Page-chrome knowledge shared with clean.py, loaded once at import.
BOILERPLATE: dict[str, Any] = _load_boilerplate()

# Characters at the start of a page `looks_like_html` reads.
SNIFF_CHARS = 4096
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
# ASCII case only: Unicode case folding takes "ſ" (long s) for "s", and "wpſ" is no extension the schema
# knows (a page holding such a link lost its whole analysis to the validation error).
_ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|xlsx?|ofd)(?=$|[?#&])", re.IGNORECASE | re.ASCII)
_PUNCT = re.compile(r"[，。；：、,;]")
_SPACES = re.compile(r"\s+")

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
    return _HTML_SNIFF.search(document, 0, SNIFF_CHARS) is not None


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


# A selector of an optional tag and #id parts: the ids an element it matches has; of an optional tag and
# .class parts: its classes. Other selector forms (attributes, combinators) name neither and are always
# queried.
_ID_SELECTOR = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9]*)?(?:#[A-Za-z0-9_-]+)+")
_CLASS_SELECTOR = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9]*)?(?:\.[A-Za-z0-9_-]+)+")
# The first body selector names the commonest container (#zoom): many pages stop there. The next,
# .TRS_Editor, is gated by its stem with the other TRS classes: its pages pay the gate's walk up to their
# container, the pages without one save three walks.
_UNGATED_BODY_QUERIES = 1


def selector_ids(selector: str) -> tuple[str, ...]:
    """Lower-cased ids an element matching `selector` has; () when the selector is not a plain #id one."""
    if _ID_SELECTOR.fullmatch(selector) is None:
        return ()
    return tuple(part.lower() for part in selector.split("#")[1:])


def selector_classes(selector: str) -> tuple[str, ...]:
    """Lower-cased classes an element matching `selector` has; () unless a plain .class selector."""
    if _CLASS_SELECTOR.fullmatch(selector) is None:
        return ()
    return tuple(part.lower() for part in selector.split(".")[1:])


def class_stems(selectors: tuple[str, ...]) -> dict[str, str]:
    """Selector -> a stem its classes share with other selectors' classes: one `[class*=stem i]` query
    then answers for all of them.

    First the substring (4+ characters) of a class held by the most selectors, the longest of those,
    repeated over the selectors left (`content` in `.article-content`, `.news_content` …; `editor` in
    `.TRS_Editor`, `.trs_editor_view`, `.view.TRS_UEDITOR`); then the class of a one-class selector that
    two or more of the remaining selectors' classes contain (`zw` in `.zw`, `.zwx`)."""
    classes = {selector: selector_classes(selector) for selector in selectors}
    stems = _shared_stems({selector: own for selector, own in classes.items() if own})
    singles = sorted({own[0] for own in classes.values() if len(own) == 1}, key=len)
    for stem in singles:
        covered = [selector for selector, own in classes.items()
                   if selector not in stems and any(stem in name for name in own)]
        if len(covered) >= 2:
            stems.update(dict.fromkeys(covered, stem))
    return stems


_MIN_SHARED_STEM = 4


def _shared_stems(classes: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Selector -> the substring (4+ characters) of its classes held by the most selectors' classes, the
    longest of those, for two or more selectors; repeated over the selectors left."""
    stems: dict[str, str] = {}
    while True:
        holders: dict[str, set[str]] = {}
        for selector, own in classes.items():
            if selector in stems:
                continue
            for name in own:
                for start in range(len(name)):
                    for end in range(start + _MIN_SHARED_STEM, len(name) + 1):
                        holders.setdefault(name[start:end], set()).add(selector)
        if not holders:
            return stems
        stem = max(holders, key=lambda part: (len(holders[part]), len(part), part))
        if len(holders[stem]) < 2:
            return stems
        stems.update(dict.fromkeys(holders[stem], stem))


class _SelectorGate:
    """Tells #id selectors, and .class selectors sharing a stem, that cannot match the tree.

    Lexbor's cost is per element and per query, so a page whose container no early selector names
    pays a walk of the page for each of the rest. The ids are read once, by one query (few elements
    have one; classes are on most, and reading them costs more than the walks it saves), and an #id
    selector runs only when its id occurs among them; the class selectors sharing a stem run only when
    one `[class*=stem i]` query (stopping at its first match) finds an element. Exact: a match needs the
    id attribute equal to the word, or a class token equal to a class holding the stem (ASCII
    case-insensitively in quirks mode), and then the lower-cased ids hold the word, or the class
    attribute the stem.

    With `words`, every id and class value of the page (lower-cased, one a line: the compiled walk's
    `attribute_words`, read in one pass), every selector is gated by them instead, no query needed: a
    match's ids hold each of the selector's ids, and its class values each of the selector's classes.
    """

    __slots__ = ("_ids", "_stems", "_tree", "_words")

    def __init__(self, tree: LexborHTMLParser, words: tuple[str, str] | None = None) -> None:
        self._tree = tree
        self._words = words
        self._ids: str | None = None
        self._stems: dict[str, LexborNode | None] = {}  # stem -> the first element with a class holding it

    def may_match(self, query: _BodyQuery) -> bool:
        """False only when no element can match `query`."""
        if self._words is not None:
            ids, classes = self._words
            return all(word in ids for word in query.ids) and all(name in classes for name in query.classes)
        if not query.gated:
            return True
        stem = query.stem
        if stem is not None:
            if stem not in self._stems:
                self._stems[stem] = self._tree.css_first(f'[class*="{stem}" i]')
            if self._stems[stem] is None:
                return False
        if not query.ids:
            return True
        if self._ids is None:
            self._ids = "\n".join(element.attrs.get("id") or "" for element in self._tree.css("[id]")).lower()
        return all(word in self._ids for word in query.ids)

    def first_match(self, stem: str, classes: tuple[str, ...]) -> LexborNode | None:
        """The element `may_match` found for `stem` when its class tokens hold each of `classes` as
        written, else None (also before `may_match`, and with `words`). Then it is the first match of the
        selector made of those classes, and its query is not needed: every element the selector matches
        has a class holding `stem` (in quirks mode too), so none comes before it, and it matches in either
        mode."""
        first = self._stems.get(stem)
        if first is None or not classes:
            return None
        tokens = _CLASS_TOKEN_SEPARATORS.split(first.attrs.get("class") or "")
        return first if all(name in tokens for name in classes) else None


# HTML's ASCII whitespace, which alone separates class tokens (str.split would split at U+3000 too).
_CLASS_TOKEN_SEPARATORS = re.compile("[\t\n\f\r ]+")
_BODY_STEMS = class_stems(_BODY_SELECTORS[_UNGATED_BODY_QUERIES:])


def _only_classes(selector: str) -> tuple[str, ...]:
    """The classes of a selector made only of classes, as written (`.a.b` -> ('a', 'b')); else ()."""
    return tuple(selector[1:].split(".")) if selector.startswith(".") and selector_classes(selector) else ()


class _BodyQuery(NamedTuple):
    selector: str
    ids: tuple[str, ...]  # lower-cased ids a match has (`selector_ids`)
    classes: tuple[str, ...]  # lower-cased classes a match has (`selector_classes`)
    stem: str | None  # the class gate's stem (without `words`)
    written: tuple[str, ...]  # its classes as written, when it is only classes
    gated: bool  # gated without `words` (the first selector, the commonest container, is not)


# Title selector -> the lower-cased classes a match has (the `words` gate of `_heading`).
_TITLE_CLASSES = {selector: selector_classes(selector) for selector in _TITLE_SELECTORS}
_BODY_QUERIES = tuple(
    _BodyQuery(selector, selector_ids(selector), selector_classes(selector),
               None if index < _UNGATED_BODY_QUERIES else _BODY_STEMS.get(selector),
               _only_classes(selector), index >= _UNGATED_BODY_QUERIES)
    for index, selector in enumerate(_BODY_SELECTORS))


def _heading(tree: LexborHTMLParser, title_tag: str | None, titled: dict[int, list[str]] | None = None,
             words: tuple[str, str] | None = None) -> str | None:
    """The first title selector's match (of its first six) that fits the title tag.

    With `titled`, the texts of the first six elements of each title selector that is a heading tag (from
    the walk of the body), those selectors take their matches from it instead of a walk of the page:
    exact, as the parser places every such element in <body> (from <head>, after </body>, out of SVG),
    and neither walk enters template contents. With `words` (`_page_words`), class selectors naming a
    class no element's class value holds are not queried.
    """
    reference = _SPACES.sub("", title_tag or "")

    def fits(node_text: str) -> str | None:
        text = _SPACES.sub(" ", node_text).strip()
        compact = text.replace(" ", "")
        if not 4 <= len(compact) <= 150:
            return None
        if not reference or compact in reference or (len(reference) >= 6 and reference[:12] in compact):
            return text
        return None

    for selector in _TITLE_SELECTORS:
        known = titled.get(_TITLE_TAG_IDS.get(selector, -1)) if titled is not None else None
        if known is not None:
            found = next((text for node_text in known[:6] if (text := fits(node_text))), None)
        else:
            if words is not None and not all(name in words[1] for name in _TITLE_CLASSES[selector]):
                continue
            # The first match usually decides: css_first stops there, a full query walks the whole page.
            first = tree.css_first(selector)
            if first is None:
                continue
            found = fits(_node_text(first))
            if found is None:
                rest = tree.css(selector)[1:6]
                found = next((text for node in rest if (text := fits(_node_text(node)))), None)
        if found is not None:
            return found
    return None


def _fragment_text(html: str) -> str:
    fragment = LexborHTMLParser(_prepare(html))
    fragment.strip_tags(_DROP_TAGS)
    return _node_text(fragment.body)


# Raw characters after the ContentEnd marker still parsed, for labels and attachment links.
_TAIL_CHARS = 6000
_RAW_TAG = re.compile(r"<[^<>]*>")


# --- deep nesting guard ---------------------------------------------------------------------------------

# Lexbor's tree building is quadratic in nesting depth (20,000 levels take seconds): past this
# estimated depth the page is reduced by regular expressions instead of being parsed.
_MAX_NESTING = 3000
# Fewer tags than this cannot nest deep enough to matter: the estimate is skipped.
_NESTING_CHECK_TAGS = 8000
_NESTING_CHUNK = 4096
_BOUND_CHUNK = 4 * _NESTING_CHUNK
# Start tags that are void or close implicitly: they open no lasting level.
_FLAT_TAG_PREFIXES = ("<br", "<img", "<input", "<meta", "<link", "<hr", "<p", "<li", "<td", "<th", "<tr",
                      "<option", "<wbr", "<col", "<area", "<source", "<embed", "<base", "<dt", "<dd")


def _tag_count(utf8: bytes) -> int:
    """`utf8.count(b"<")` by one vectorised compare: a quarter of the time of `str.count` or `bytes.count`,
    which test one character at a time (0.013 against 0.055 ms on the median page, 120 KB)."""
    return int(np.count_nonzero(np.frombuffer(utf8, dtype=np.uint8) == ord("<")))


def too_deep(html: str, utf8: bytes | None = None) -> bool:
    """Estimated element nesting beyond what the parser handles in time (chunked tag counts).

    `utf8`, if given, is `html` in UTF-8: the threshold check counts its '<' instead, the same number,
    as UTF-8 writes '<' as one byte that no other character's bytes contain.
    """
    return _too_deep(lambda: html, utf8)


def _too_deep(text: Callable[[], str], utf8: bytes | None) -> bool:
    """`too_deep`, the text asked for (`text()`) only past the threshold check."""
    if utf8 is not None and _tag_count(utf8) <= _NESTING_CHECK_TAGS:
        return False
    html = text()
    # Counted by the bound's chunks: the few pages past the threshold reuse them there (a count less).
    tags = [html.count("<", offset, offset + _BOUND_CHUNK) for offset in range(0, len(html), _BOUND_CHUNK)]
    if sum(tags) <= _NESTING_CHECK_TAGS:
        return False
    # An upper bound of the estimate below first, from counts per 16 KB: it settles ordinary pages
    # at a tenth of the cost, and only pages it cannot clear get the estimate. Within a chunk the depth
    # can rise by at most the tags opened there; a tag split across two of the estimate's 4 KB chunks
    # can add one level per chunk boundary, hence the margin.
    limit = _MAX_NESTING - len(html) // _NESTING_CHUNK
    # Tried first without subtracting "<!" (comments, doctype): a larger bound, so clearing it clears the
    # exact one, and a two-character count costs three times a one-character one on a 300 KB page.
    if any(_bound_clears(html, tags, limit, count_bangs=bangs) for bangs in (False, True)):
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


def _bound_clears(html: str, tags: list[int], limit: int, *, count_bangs: bool) -> bool:
    """True when the chunked upper bound of the nesting estimate stays within `limit`.

    `tags` holds the count of '<' in each chunk of _BOUND_CHUNK characters.
    """
    bound = 0
    for offset, chunk_tags in zip(range(0, len(html), _BOUND_CHUNK), tags, strict=True):
        end = offset + _BOUND_CHUNK
        closes = html.count("</", offset, end)
        opens = chunk_tags - closes
        if count_bangs:
            opens -= html.count("<!", offset, end)
        if bound + opens > limit:
            return False
        bound = max(opens, bound + opens - closes)
    return True


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
        parts.title_tag = _SPACES.sub(" ", html_entities.unescape(title.group(1))).strip() or None
    return parts


def densest_block(lines: list[str]) -> list[str]:
    """The run of lines with the most Chinese punctuation (Kadane over per-line scores).

    Sentences score by punctuation; short lines without any (menus, link lists) cost a little,
    so a menu between two article paragraphs does not split the run but a long menu ends it.
    The run is found by the compiled walk where it loaded (a loop over ~600 lines of a page without a
    container: 0.08-0.2 ms in Python), else by `_densest_span`.
    """
    walk = _native_walk
    best_start, best_end = walk.densest_span(lines) if walk is not None else _densest_span(lines)
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


def _densest_span(lines: list[str]) -> tuple[int, int]:
    """First and last index of the densest run (`densest_block`); end -1 when no line scores above 0."""
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
    return best_start, best_end


def _attachments(anchors: list[LexborNode], url: str | None,
                 text_of: Callable[[LexborNode], str | None] = _node_text) -> list[Attachment]:
    """Attachments of the anchors; `text_of` reads an anchor's text, None for one to leave out."""
    found: list[Attachment] = []
    seen: set[str] = set()
    for anchor in anchors:
        href = (anchor.attributes.get("href") or "").strip()
        match = _ATTACHMENT_EXT.search(href)
        if not match or href.lower().startswith(("javascript:", "mailto:")):
            continue
        anchor_text = text_of(anchor)
        if anchor_text is None:
            continue
        absolute = urljoin(url, href) if url else href
        if absolute in seen:
            continue
        seen.add(absolute)
        name = _SPACES.sub(" ", anchor_text).strip()
        if not name:
            name = unquote(PurePosixPath(urlsplit(href).path).name)
        ext = match.group(1).lower()
        found.append(Attachment(url=absolute, name=name[:200], ext=ext))  # type: ignore[arg-type]
    return found


def _head_parts(tree: LexborHTMLParser) -> HtmlParts:
    """Meta fields and the title tag (the heading is left to `parse_html`, which may know the headings)."""
    parts = HtmlParts(meta=_meta_fields(tree))
    title_node = tree.css_first("title")
    if title_node is not None:
        parts.title_tag = _SPACES.sub(" ", _node_text(title_node)).strip() or None
    return parts


# --- the body, from one parse of the whole page -----------------------------------------------------

# Block elements: a line ends at their start and at their end (and at <br>/<hr>), never at inline tags.
# (tbody and thead are left out: the parser moves any text directly inside them out of the table.)
_BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
               "article", "blockquote", "pre", "dd", "dt", "dl", "center", "header", "footer", "nav", "aside",
               "main", "figure", "figcaption", "caption", "form")


def _tag_ids(names: list[str] | tuple[str, ...]) -> frozenset[int]:
    """Lexbor's numeric ids of standard tag names (the same in every document)."""
    probe = LexborHTMLParser("")
    return frozenset(probe.create_node(name).tag_id for name in names)


_BLOCK_IDS = _tag_ids(_BLOCK_TAGS)
_CELL_IDS = _tag_ids(("td", "th"))
_BREAK_IDS = _tag_ids(("br", "hr"))
_DROP_IDS = _tag_ids(_DROP_TAGS)
# Title selectors naming a block tag (h1, h2, h3) -> its id: `_sort_elements` keeps their elements apart.
_TITLE_TAG_IDS = {selector: tag for selector in _TITLE_SELECTORS if re.fullmatch("[a-z][a-z0-9]*", selector)
                  for tag in _tag_ids((selector,)) if tag in _BLOCK_IDS}
# Written into the tree where a line ends; source line breaks are only spaces (as a browser renders them).
_LINE_MARK = "\x1e"
# Inserted as UTF-8 bytes: selectolax encodes a str argument on every call, and there are hundreds.
_LINE_MARK_BYTES = _LINE_MARK.encode()
_CELL_END_BYTES = b" | "
# Page text read for metadata labels after a body container: the signature, a date row, an attachment
# list sit there; not the related-article lists and footer further down, whose dates are not the page's.
_TAIL_TEXT_CHARS = 1500
# One selector with the alternatives inside :is(): lexbor walks the tree once per selector of a list,
# and only anchors get the substring tests (a third of the cost of five `a[href*=…]` selectors).
_ATTACHMENT_EXTS = ("pdf", "doc", "wps", "xls", "ofd")
_ATTACHMENT_LINKS = "a:is({})".format(", ".join(f'[href*=".{ext}" i]' for ext in _ATTACHMENT_EXTS))
# What the compiled gate looks for first: most pages link no document, and the query walks every link of
# the scope (all of <body> on a page without a container: 0.13 ms on the median such page).
_ATTACHMENT_NEEDLES = tuple(f".{ext}".encode() for ext in _ATTACHMENT_EXTS)


def _bytes_form(method: Any) -> Any:
    """The bytes specialisation of a LexborNode insert method.

    The insert methods are Cython fused functions (str, bytes or a node): their per-call dispatch
    (a bound fused function and a signature look-up each time) costs more than the insert itself.
    Falls back to the method as it is should a selectolax build not expose `__signatures__`.
    """
    return getattr(method, "__signatures__", {}).get("bytes", method)


_INSERT_BEFORE = _bytes_form(LexborNode.insert_before)
_INSERT_AFTER = _bytes_form(LexborNode.insert_after)
_INSERT_CHILD = _bytes_form(LexborNode.insert_child)


def _insert_all(insert: Any, elements: list[LexborNode], value: bytes) -> None:
    """`insert(element, value)` for each element, by map in C (no Python loop around hundreds of calls)."""
    deque(map(insert, elements, repeat(value)), 0)


class _Elements(NamedTuple):
    """The elements of a subtree that `_write_marks` and `_drop` act on, each list in page order."""

    blocks: list[LexborNode]  # block elements, the title selectors' heading tags apart
    cells: list[LexborNode]
    breaks: list[LexborNode]
    drops: list[LexborNode]  # elements never holding body text (scripts, styles, SVG, selects)
    titled: dict[int, list[LexborNode]]  # tag id -> the blocks of a heading tag that is a title selector


def _sort_elements(node: LexborNode, *, titles: bool = False) -> _Elements:
    """One walk over the elements, sorted by tag id in Python: lexbor's CSS engine costs per element and
    per selector, so a query listing thirty block tags costs more than the walk. With `titles`, the
    title selectors' heading tags are kept apart (`_Elements.titled`)."""
    elements = _Elements([], [], [], [], {tag: [] for tag in _TITLE_TAG_IDS.values()} if titles else {})
    # One dict look-up an element instead of up to four set look-ups (most elements are inline); the
    # dict built by fromkeys in C.
    sort = dict.fromkeys(_BLOCK_IDS, elements.blocks.append)
    sort.update(dict.fromkeys(_CELL_IDS, elements.cells.append))
    sort.update(dict.fromkeys(_BREAK_IDS, elements.breaks.append))
    sort.update(dict.fromkeys(_DROP_IDS, elements.drops.append))
    for tag, titled in elements.titled.items():
        sort[tag] = titled.append
    for element in node.traverse():
        append = sort.get(element.tag_id)
        if append is not None:
            append(element)
    return elements


def _write_marks(elements: _Elements) -> None:
    """A line mark before and after each block element, " | " after table cells. Each insert goes right
    next to its own element, so the tree written does not depend on the order of the inserts."""
    _insert_all(_INSERT_CHILD, elements.cells, _CELL_END_BYTES)
    _insert_all(_INSERT_BEFORE, elements.breaks, _LINE_MARK_BYTES)
    for blocks in (elements.blocks, *elements.titled.values()) if elements.titled else (elements.blocks,):
        _insert_all(_INSERT_BEFORE, blocks, _LINE_MARK_BYTES)
        _insert_all(_INSERT_AFTER, blocks, _LINE_MARK_BYTES)


def _mark_lines(node: LexborNode) -> list[LexborNode]:
    """Write a line mark before and after each block element in `node`, " | " after table cells.

    Returns the elements never holding body text, for `_drop` once the page text is read. Inline tags
    (<span>, <a>, Word's <o:p>) get no mark: a sentence split over twenty spans stays one line.
    """
    elements = _sort_elements(node)
    _write_marks(elements)
    return elements.drops


def _drop(elements: list[LexborNode]) -> None:
    for element in elements:
        element.decompose(recursive=False)  # detached, not freed: nested ones stay valid


def _lines_text(node: LexborNode) -> str:
    # str.replace runs in C; str.translate looks every character up in a dict.
    text = _node_text(node)
    return text.replace("\n", " ").replace("\r", " ").replace("\t", " ").replace(_LINE_MARK, "\n")


# Written as the first and last child of each dropped element holding anything, so that one read of the
# text gives both the page text (with scripts: labels printed by document.write) and the body's lines
# (without them): the text between two marks is the dropped element's text.
_DROP_START = "\x1c"
_DROP_END = "\x1d"
_DROP_START_BYTES = _DROP_START.encode()
_DROP_END_BYTES = _DROP_END.encode()


def _page_and_body_text(node: LexborNode, drops: list[LexborNode]) -> tuple[str, str]:
    """`_lines_text(node)` before and after `_drop(drops)`, from one read of the text; drops them.

    Falls back to two reads when the marks cannot be told from the page's own characters (the page
    holds one of them, or dropped elements nest).
    """
    marked = [drop for drop in drops if drop.first_child is not None]
    if not marked:
        text = _lines_text(node)
        _drop(drops)
        return text, text
    _insert_all(_INSERT_BEFORE, [drop.first_child for drop in marked], _DROP_START_BYTES)
    _insert_all(_INSERT_CHILD, marked, _DROP_END_BYTES)
    text = _lines_text(node)
    split = _split_dropped(text, len(marked))
    if split is None:
        for drop in marked:  # the marks are still the first and last child: removed, then two reads
            for mark in (drop.first_child, drop.last_child):
                if mark is not None:
                    mark.decompose(recursive=False)
        text = _lines_text(node)
        _drop(drops)
        return text, _lines_text(node)
    _drop(drops)
    return split


def _split_dropped(text: str, marks: int) -> tuple[str, str] | None:
    """(text without the marks, text without the marked spans), or None unless `text` holds exactly
    `marks` start marks, each followed by one end mark before the next start."""
    pieces = text.split(_DROP_START)
    if len(pieces) != marks + 1 or _DROP_END in pieces[0]:
        return None
    whole = [pieces[0]]
    kept = [pieces[0]]
    for piece in pieces[1:]:
        end = piece.find(_DROP_END)
        if end < 0 or piece.find(_DROP_END, end + 1) >= 0:
            return None
        whole.append(piece[:end])
        whole.append(piece[end + 1:])
        kept.append(piece[end + 1:])
    return "".join(whole), "".join(kept)


def _block_text(node: LexborNode) -> str:
    """Text of `node` without the dropped elements, one line per block; modifies the tree."""
    _drop(_mark_lines(node))
    return _lines_text(node)


def _marker_region(text: Callable[[], str], utf8: bytes | None = None,
                   walk: ModuleType | None = None) -> tuple[str, int] | None:
    """Body text between ContentStart / ContentEnd markers (Hanweb) and the raw offset after them.

    The one search over the raw text (`text()`): comment markers are not elements, so no selector reaches
    them. With `utf8` (the text in UTF-8) and the compiled `walk`, its gate first tells most pages that
    cannot hold a marker.
    """
    if walk is not None and utf8 is not None and not walk.may_hold_marker(utf8):
        return None
    html = text()
    start = _CONTENT_START.search(html)
    if start is None:
        return None
    end = _CONTENT_END.search(html, start.end())
    if end is None:
        return None
    text = _fragment_text(html[start.end():end.start()])
    if len(text.strip()) < _MIN_BODY_CHARS:
        return None
    return text, end.end()


def _utf8_prefix(html: str, utf8: bytes, chars: int) -> bytes:
    """`html[:chars]` in UTF-8, cut from `utf8` (which is `html` in UTF-8): only the rest is encoded."""
    if chars >= len(html):
        return utf8
    return utf8[:len(utf8) - len(html[chars:].encode())]


def _selector_body(tree: LexborHTMLParser,
                   words: tuple[str, str] | None = None) -> tuple[LexborNode, str] | None:
    """The first known body container (in selector order) holding enough text, with its text; `words`, the
    page's ids and classes (`_page_words`), gate the selectors.

    One query per selector, each stopping at its first match: lexbor's cost is per element and per
    selector, so a combined query walks once but costs as much as all the walks, without stopping early;
    the gate skips the #id selectors naming ids the page does not have, and the
    .class selectors sharing a stem no class attribute holds.
    """
    gate = _SelectorGate(tree, words)
    for query in _BODY_QUERIES:
        if not gate.may_match(query):
            continue
        # The class gate's element, when it is the selector's first match, saves the query (the TRS and
        # gkmlpt containers are usually the first element whose class holds their stem).
        selector = query.selector
        node = gate.first_match(query.stem, query.written) if query.stem is not None else None
        if node is None:
            try:
                node = tree.css_first(selector)
            except Exception:  # a selector the engine rejects must not stop the search
                continue
        if node is not None:
            text = _node_text(node)
            if len(text.strip()) >= _MIN_BODY_CHARS:
                return node, text
    return None


def _page_words(tree: LexborHTMLParser, walk: ModuleType | None) -> tuple[str, str] | None:
    """Every id and class value of the page, lower-cased, one a line (the compiled walk's one pass)."""
    root = tree.root
    return walk.attribute_words(root) if walk is not None and root is not None else None


def _document_links(scope: LexborNode | None, url: str | None,
                    text_of: Callable[[LexborNode], str | None] = _node_text,
                    walk: ModuleType | None = None) -> list[Attachment]:
    """Links to documents in `scope`, in page order; the compiled `walk` first tells a scope without any."""
    if scope is None or (walk is not None and not walk.may_link_to(scope, _ATTACHMENT_NEEDLES)):
        return []
    return _attachments(scope.css(_ATTACHMENT_LINKS), url, text_of)


# Code in <script> and <style> is a third of a portal page's bytes (jQuery, statistics snippets, inline
# CSS, a Vue bundle's state), which lexbor tokenizes byte by byte and the page's text then carries into
# the label scan. The content of such an element is left out before parsing when it cannot matter: at
# least this long (a short script may print the page's date by a custom function), ASCII only (a label is
# Chinese), without document.write (templates print the date so), without '<!--' (the tokenizer's escaped
# states, where a "</script" does not end the element). The tags stay: the tree is the same but for that
# text. Tags inside comments, titles, textareas and the like are text; a '>' inside a quoted value ends no
# tag.
_RAW_TEXT_MIN_BYTES = 256
_RAW_TEXT_NAMES = (b"script", b"style")
# Elements whose content the tokenizer reads as text up to their end tag: a "<script" there is no tag.
_OPAQUE_NAMES = (b"title", b"textarea", b"xmp", b"iframe", b"noembed", b"noframes")
_SPACE_BYTES = frozenset(b" \t\n\r\f")
_TAG_NAME_ENDS = _SPACE_BYTES | frozenset(b"/>")
_ATTRIBUTE_NAME_ENDS = _TAG_NAME_ENDS | frozenset(b"=")
_QUOTES = frozenset(b"\"'")


def _end_tag(lower: bytes, name: bytes, at: int) -> int:
    """Where the first end tag of `name` at or after `at` starts (as the tokenizer ends the element:
    "</name" then a space, '/' or '>'), or -1."""
    close = lower.find(b"</" + name, at)
    while close >= 0:
        tail = close + 2 + len(name)
        if tail < len(lower) and lower[tail] in _TAG_NAME_ENDS:
            return close
        close = lower.find(b"</" + name, tail)
    return -1


def _tag_close(page: bytes, at: int) -> int:
    """The '>' that ends a tag whose attributes start at `at`, read as the tokenizer reads attributes (a
    quoted value may hold '>' and '<'), or -1."""
    size = len(page)
    while at < size:
        byte = page[at]
        if byte == 0x3E:                                     # '>'
            return at
        if byte in _SPACE_BYTES or byte == 0x2F:             # between attributes, '/'
            at += 1
            continue
        at += 1                                              # a name (its first byte may be '=')
        while at < size and page[at] not in _ATTRIBUTE_NAME_ENDS:
            at += 1
        while at < size and page[at] in _SPACE_BYTES:
            at += 1
        if at < size and page[at] == 0x3D:                   # '=': a value
            at += 1
            while at < size and page[at] in _SPACE_BYTES:
                at += 1
            if at < size and page[at] in _QUOTES:
                at = page.find(page[at:at + 1], at + 1)
                if at < 0:
                    return -1
                at += 1
            else:
                while at < size and page[at] not in _SPACE_BYTES and page[at] != 0x3E:
                    at += 1
    return -1


def _after_a_tag(page: bytes, start: int) -> bool:
    """The '<' at `start` is not inside another tag: the last '<' or '>' before it is a '>' (or none). A
    "<script" inside an attribute value or a tag's name is no element."""
    return page.rfind(b"<", 0, start) <= page.rfind(b">", 0, start)


# The '<' the scan stops at: a comment, a doctype or bogus comment ("<!", "<?", "</" and no letter), and the
# start tags of the elements that matter (read with their name's end: "<scripts" is another element).
_SPECIAL_TAG = re.compile(rb"<(?:!|\?|/(?![a-z])|(script|style|title|textarea|xmp|iframe|noembed|noframes|"
                          rb"plaintext|svg|math|frameset)(?=[ \t\n\r\f/>]))")
# Where the tree builder reads what follows otherwise: SVG and MathML (a script there is markup, <script/>
# closes itself) and a frameset (which keeps the white space of the code it ignores).
_KEEP_REST_NAMES = frozenset((b"plaintext", b"svg", b"math", b"frameset"))


def _without_raw_text(data: bytes, minimum: int = _RAW_TEXT_MIN_BYTES) -> bytes:
    """`data` (UTF-8 HTML) without the content of its long ASCII script and style elements: the Python
    path of _utf8.c's `parser_input` (which also drops the attributes nothing reads, and reads a script's
    end through the tokenizer's escape states where this one keeps a script holding '<!--').

    Comments, doctypes and the elements that matter are read as the tokenizer reads them; other tags are
    not parsed, so where that could mislead (a "<script" not right after a tag's '>'), nothing is left
    out. A doubt only ever keeps text: the content of a script or style element is all that may go."""
    lower = data.lower()
    pieces: list[bytes] = []
    kept_from = at = 0
    while (found := _SPECIAL_TAG.search(lower, at)) is not None:
        start = found.start()
        if lower.rfind(b"<", kept_from, start) > lower.rfind(b">", kept_from, start):
            break       # maybe inside another tag (<script<xmp>, <p title="<!--">): the rest is kept
        if lower.startswith(b"<!--", start):                # a comment ("<!-->" closes at once)
            close = lower.find(b"-->", start + 2)
            if close < 0:
                break
            at = close + 3
            continue
        name = found.group(1)
        if name is None:                                     # a doctype or a bogus comment
            close = lower.find(b">", start + 2)
            if close < 0:
                break
            at = close + 1
            continue
        if name in _KEEP_REST_NAMES:                        # the rest of the page is text, or foreign
            break
        # An element read as text is skipped whatever precedes it (a doubt keeps text); a script or style
        # only right after a tag.
        raw = name in _RAW_TEXT_NAMES
        if raw and not _after_a_tag(lower, start):
            at = found.end()
            continue
        close = _tag_close(lower, found.end())
        end = _end_tag(lower, name, close + 1) if close >= 0 else -1
        if end < 0:
            break
        content = data[close + 1:end]
        if (raw and len(content) >= minimum and content.isascii()
                and b"<!--" not in content and b"document.write" not in content):
            pieces.append(data[kept_from:close + 1])
            kept_from = end
        at = end + 2 + len(name)
    if not pieces:
        return data
    pieces.append(data[kept_from:])
    return b"".join(pieces)


# The attributes the analysis reads (meta fields, body selectors and words, links). The parser skips the
# others, where the compiled helper loaded: inline styles, Word's and WPS's mso attributes and a Vue page's
# data-v marks are a fifth of a portal page's bytes and a third of lexbor's work on them (tokenizing,
# allocating and hashing each one). The Python path keeps them: nothing reads them, so both give the same
# analysis (tests/analysis/test__utf8.py compares the two on every structured bench page).
_READ_ATTRIBUTES = (b"id", b"class", b"href", b"name", b"property", b"itemprop", b"content", b"charset",
                    b"http-equiv")


def _parser_input(utf8: bytes) -> bytes:
    """The bytes the parser reads: without long raw text, and by the compiled helper where it loaded,
    without the attributes nothing reads."""
    helpers = decode.compiled_utf8()
    if helpers is not None:
        return helpers.parser_input(utf8, _RAW_TEXT_MIN_BYTES, _READ_ATTRIBUTES)
    return _without_raw_text(utf8)


def parse_html(html: str | None, url: str | None, utf8: bytes | None = None) -> HtmlParts:
    """`utf8` is `html` encoded as UTF-8 if the caller has it (the parser would encode it again). With it,
    `html` may be None: the text is then decoded from `utf8` only if a step needs it (a page with markers,
    or past the nesting guard's count); the parser reads the UTF-8."""
    if html is None and utf8 is None:
        raise ValueError("parse_html needs the page's text or its UTF-8")

    def text() -> str:
        nonlocal html
        if html is None:
            html = utf8.decode() if utf8 is not None else ""
        return html

    if _too_deep(text, utf8):
        return _flat_parts(text())
    walk = _native_walk
    marked = _marker_region(text, utf8, walk)
    # Between ContentStart / ContentEnd markers the body is known before parsing: only the page up to a
    # little after them is parsed (related lists, footer and trailing scripts are not needed).
    if marked is not None:
        cut = marked[1] + _TAIL_CHARS
        tree = LexborHTMLParser(_parser_input(_utf8_prefix(text(), utf8, cut)) if utf8 is not None
                                else text()[:cut])
    else:
        tree = LexborHTMLParser(_parser_input(utf8) if utf8 is not None else text())
    parts = _head_parts(tree)
    body = tree.body
    words = _page_words(tree, walk) if marked is None else None
    found = _selector_body(tree, words) if marked is None else None
    # Labels and breadcrumbs are looked for in the page's text as laid out in the source (script text
    # included: some templates print the date with document.write), up to a little after the body.
    scope = body
    page_text = ""
    text_of: Callable[[LexborNode], str | None] = _node_text  # an attachment link's text
    if marked is not None:
        _set_heading(parts, tree, walk=walk, body=body)
        page_text = _node_text(body)
        parts.body_lines = marked[0].split("\n")
    elif found is not None:
        node, container = found
        _set_heading(parts, tree, words=words, walk=walk, body=body)
        page_text = _node_text(body)  # before _block_text marks the tree
        position = page_text.find(container)
        if position >= 0:
            page_text = page_text[:position + len(container) + _TAIL_TEXT_CHARS]
        if walk is not None and node.tag_id not in _DROP_IDS:
            parts.body_lines = walk.lines_text(node, _KINDS).split("\n")
            text_of = _marked_reader(walk, node)
        else:
            parts.body_lines = _block_text(node).split("\n")
        scope = node.parent if node.parent is not None else body
    elif body is not None:
        # No container: the densest run of lines. Here the page text is read by lines too, as the
        # label windows would otherwise run on through pages written without line breaks.
        if walk is not None:
            page_text, body_text, titled_texts = walk.page_and_body_lines(body, _KINDS, _TITLED_READ)
            _set_heading(parts, tree, _by_tag(titled_texts), words)
            text_of = _marked_reader(walk, body)
        else:
            # The body's elements are sorted before the heading is looked for, which takes the heading
            # tags' matches from them (the marks are written after it, as they change the text).
            elements = _sort_elements(body, titles=True)
            _set_heading(parts, tree, _titled_texts(elements), words)
            _write_marks(elements)
            page_text, body_text = _page_and_body_text(body, elements.drops)
        parts.body_lines = densest_block(body_text.split("\n"))
    else:
        _set_heading(parts, tree)
    parts.page_text = page_text
    parts.attachments = _document_links(scope, url, text_of, walk)
    return parts


def _titled_texts(elements: _Elements) -> dict[int, list[str]]:
    """The texts `_heading` may read of the sorted heading elements."""
    return {tag: [_node_text(node) for node in nodes[:_TITLED_READ]]
            for tag, nodes in elements.titled.items()}


def _set_heading(parts: HtmlParts, tree: LexborHTMLParser, titled: dict[int, list[str]] | None = None,
                 words: tuple[str, str] | None = None, *, walk: ModuleType | None = None,
                 body: LexborNode | None = None) -> None:
    """The heading, unless a title meta tag makes it unneeded (the cleaner prefers that); without `titled`,
    the compiled `walk` reads the heading tags' texts from `body`."""
    if parts.meta.get("title"):
        return
    if titled is None and walk is not None and body is not None:
        titled = _by_tag(walk.titled_texts(body, _KINDS, _TITLED_READ))
    parts.heading = _heading(tree, parts.title_tag, titled, words)


def _by_tag(pairs: list[tuple[int, str]]) -> dict[int, list[str]]:
    """The compiled walk's (tag id, text) pairs of the heading tags, as `_heading` takes them."""
    titled: dict[int, list[str]] = {tag: [] for tag in _TITLE_TAG_IDS.values()}
    for tag, text in pairs:
        titled[tag].append(text)
    return titled


def _marked_reader(walk: ModuleType, root: LexborNode) -> Callable[[LexborNode], str | None]:
    """An anchor's text as the Python path reads it once `root` is marked and its drops removed."""
    return lambda anchor: walk.marked_text(anchor, root, _KINDS)


# --- the compiled walk ----------------------------------------------------------------------------------

# Heading elements whose text `_heading` may read, per title tag.
_TITLED_READ = 6
# Tag id -> what the compiled walk does at it (_lexbor_walk.c): 1 block, 2 cell, 3 break, 4 drop; 0x10 a
# title selector's heading tag.
_KIND_BLOCK, _KIND_CELL, _KIND_BREAK, _KIND_DROP, _KIND_TITLED = 1, 2, 3, 4, 0x10


def _kind_table() -> bytes:
    table = bytearray(max(_BLOCK_IDS | _CELL_IDS | _BREAK_IDS | _DROP_IDS) + 1)
    for ids, kind in ((_BLOCK_IDS, _KIND_BLOCK), (_CELL_IDS, _KIND_CELL), (_BREAK_IDS, _KIND_BREAK),
                      (_DROP_IDS, _KIND_DROP)):
        for tag in ids:
            table[tag] = kind
    for tag in _TITLE_TAG_IDS.values():
        table[tag] |= _KIND_TITLED
    return bytes(table)


_KINDS = _kind_table()
# A page holding each thing the walk treats: blocks in cells, breaks, nested drops with blocks and a
# heading inside, a link holding blocks, one inside a drop, and a heading before the body.
_PROBE_PAGE = (
    "<html><head><title>关于某某情况的报告_某某网</title></head><body><h1>关于某某情况的报告</h1>"
    "<div class=x>一、总体情况。<span>我们</span>认真落实，<br>取得成效。<table><tr><td><p>表格</p>甲</td>"
    "<td>乙<br>丙</td></tr></table><noscript><div>无脚本<h2>标题</h2><svg><text>图</text></svg></div>"
    "</noscript><script>var a = '<p>';</script><a href='/a.pdf'>附件<div>一</div><svg>x</svg></a>"
    "<select><option><a href='/b.doc'>选</a></option></select>\t二、下一步。\n</div></body></html>"
)


def _walk_fits(walk: ModuleType) -> bool:
    """The compiled walk gives what the Python path gives on the probe page (both of its paths): body
    text, page text, links and heading. Raises what the walk raises."""
    for page in (_PROBE_PAGE, _PROBE_PAGE.replace("class=x", "id=zoom")):
        native, python = LexborHTMLParser(page), LexborHTMLParser(page)
        words = _page_words(native, walk)
        found, expected = _selector_body(native, words), _selector_body(python)
        if (found and found[1]) != (expected and expected[1]):
            return False
        title_tag = _head_parts(python).title_tag
        titled = _by_tag(walk.titled_texts(native.body, _KINDS, _TITLED_READ))
        if _heading(native, title_tag, titled, words) != _heading(python, title_tag):
            return False
        if found is not None and expected is not None:
            texts = (walk.lines_text(found[0], _KINDS),)
            wanted: tuple[str, ...] = (_block_text(expected[0]),)
            root = found[0]
        else:
            texts = walk.page_and_body_lines(native.body, _KINDS, _TITLED_READ)[:2]
            elements = _sort_elements(python.body, titles=True)
            _write_marks(elements)
            wanted = _page_and_body_text(python.body, elements.drops)
            root = native.body
        links = _document_links(native.body, None, _marked_reader(walk, root), walk)
        if (texts, links) != (wanted, _document_links(python.body, None)):
            return False
        lines = texts[-1].split("\n")
        if walk.densest_span(lines) != _densest_span(lines):
            return False
    return True


def _checked_walk() -> ModuleType | None:
    walk = _native.load()
    if walk is None:
        return None
    try:
        fits = _walk_fits(walk)
    except Exception as error:  # a walk that fails its check is not used; the reason is logged
        _native.log.warning("compiled tree walk failed its check (%r): the analysis uses the Python path",
                            error)
        return None
    if not fits:
        _native.log.warning("compiled tree walk disagrees with the Python path: the analysis uses the latter")
        return None
    return walk


_native_walk: ModuleType | None = _checked_walk()


def native_walk(enabled: bool) -> bool:
    """Use the compiled tree walk (where it loads) or the Python path; returns whether the compiled one is
    in use now. The two give the same output: the benchmark and the tests compare them."""
    global _native_walk
    _native_walk = _checked_walk() if enabled else None
    return _native_walk is not None
