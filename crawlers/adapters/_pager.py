"""How many pages a static list has and how its pages are named, read from any pager a CMS writes.

Static list pages (TRS WCM and the many CMSes that copied it) are `index.html`, then `index_1.html`,
`index_2.html`… The page count and file names appear in one of several forms, all read here:

- `createPageHTML(5, 0, "index", "html")`: page count, current page (0-based), file stem, extension;
- `createPageHTML('page_div', 5, 1, 'fg', 'shtml', 89)`: an element id first, then the same, then the
  record total;
- script variables: `var countPage = 5` / `var currentPage = 0` (browser-saved pages keep only these),
  `pageCount: 5`, `totalPage = 5`, `maxPageNum = 5`, a laypage `count`/`limit` pair…;
- `data-*` (or bare) attributes on the pager element: `data-page-count="5" data-current="0"`;
- the pager's text "共5页", and its links (`index_3.html` labelled "4").

Some sites number pages backwards so that an old page keeps its address when new items arrive:
page 1 is `index.html`, page 2 `index_<col>_<N-1>.html` … page N `index_<col>_1.html`. The pager's
links tell which way a site counts (a link labelled "2" to `_77`, "下一页" from page 1 to `_77`, "尾页"
to `_1`); `reverse` is then set and page k is file number N - k + 1.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from crawlers.adapters._common import absolute_url, clean_title, format_literal
from crawlers.adapters._model import PageRule

# `stem_N.ext` file names of list pages (`index_3.html`, `fg_1.shtml`, `index_2603340_77.html`).
PAGE_FILE = re.compile(r"^(?P<stem>[\w-]+?)_(?P<k>\d+)\.(?P<ext>s?html?|jsp|php|aspx?)$", re.IGNORECASE)
FIRST_FILE = re.compile(r"^(?P<stem>[\w-]+)\.(?P<ext>s?html?|jsp|php|aspx?)$", re.IGNORECASE)

# createPageHTML and the variants sites renamed it to (createPageHTML2, createPageHTMLNew, createPage).
_CREATE_PAGE = re.compile(r"\bcreatePage\w*\s*\(([^()]*)\)", re.IGNORECASE)
_JS_VALUE = r"\s*[:=]\s*[\"']?(\d+)"
_COUNT_VARS = re.compile(
    r"\b(?:countPage|pageCount|page_count|pagecount|totalPages?|total_pages?|totalPageNum|totalPageCount|"
    r"maxPageNum|maxPage|pageTotal|pageNums|nPageCount|allPage)" + _JS_VALUE)
_CURRENT_VARS = re.compile(r"\b(?:currentPage|curPage|currPage|nCurrIndex|pageIndex|curr_page)" + _JS_VALUE)
_RECORD_VARS = re.compile(
    r"\b(?:recordCount|totalRecords?|totalCount|totalNum|total_count|allCount|nRecordCount)" + _JS_VALUE,
    re.IGNORECASE)
_PER_PAGE_VARS = re.compile(r"\b(?:pageSize|perPage|page_size|nPageSize)" + _JS_VALUE, re.IGNORECASE)
# laypage / layui: `laypage.render({elem: 'page', count: 89, limit: 20, curr: 2})`.
_LAYPAGE = re.compile(r"laypage\.render\s*\(\s*\{", re.IGNORECASE)
_LAYPAGE_WINDOW = 1500  # its options hold functions: read keys from the text that follows
_TEXT_COUNT = re.compile(r"共\s*(\d+)\s*页|页次\s*[:：]?\s*\d+\s*/\s*(\d+)|(?<![\d/])\d+\s*/\s*(\d+)\s*页")
# A last-page link's number: a page parameter of its query, or a number ending its file name.
_LAST_QUERY = re.compile(r"[?&](?:page|pageno|pagenum|page_no|pageindex|currentpage|curpage|pn|p)=(\d+)",
                         re.IGNORECASE)
_LAST_FILE = re.compile(r"[^/\d](\d+)\.(?:s?html?|jsp|php|aspx?)$", re.IGNORECASE)
# Pager elements that hold the count as text (WebPlus/博达 `<em class="all_pages">6</em>`, the panel
# Hanweb's jpage renders in a browser-saved page, `<span class="default_pgTotalPage">15</span>`).
_COUNT_CLASSES = ("all_pages", "allpages", "total_pages", "totalpages", "total-pages", "total-page",
                  "page-count", "pagecount", "countpage", "total_page", "totalpage", "default_pgTotalPage")
_RECORD_CLASSES = ("all_count", "allcount", "total_count", "totalcount", "total-count", "recordcount",
                   "default_pgTotalRecord")
_TEXT_RECORDS = re.compile(r"共\s*(\d+)\s*(?:条|篇|项|个)")

_ATTR_COUNT = frozenset({"pagecount", "countpage", "totalpage", "totalpages", "pagetotal", "maxpage", "pages",
                         "pagenum", "pagenums", "allpage"})
_ATTR_CURRENT = frozenset({"currentpage", "curpage", "current", "currpage", "pageindex", "curr"})
_ATTR_RECORDS = frozenset({"total", "totalrecord", "totalrecords", "recordcount", "totalcount", "records"})
_ATTR_PER_PAGE = frozenset({"pagesize", "perpage", "limit", "size"})
_ATTR_STEM = frozenset({"pagename", "pageprefix", "prefix"})
_ATTR_EXT = frozenset({"pageext", "pagesuffix", "suffix", "ext"})

NEXT_TEXT = frozenset({"下一页", "下页", "后一页", "next", "nextpage", ">", "›", "»", ">>"})
_LAST_TEXT = frozenset({"尾页", "末页", "最后一页", "最后页", "last", "lastpage"})
_FIRST_TEXT = frozenset({"首页", "第一页", "first", "firstpage", "1"})
_PAGER_LABELS = NEXT_TEXT | _LAST_TEXT | _FIRST_TEXT | {"上一页", "上页", "前一页", "prev", "previous", "<",
                                                         "‹", "«"}


@dataclass(frozen=True, slots=True)
class Pager:
    """What the page says about the list's pages. `current` is 0-based (index.html is 0)."""

    count: int | None = None
    current: int | None = None
    stem: str | None = None
    ext: str | None = None
    total_records: int | None = None
    reverse: bool = False
    first: str | None = None  # file name of page 1 when the pager links it ("首页" -> index.html)
    offset: int = 1  # page n is file number n - offset (TRS: index_1.html is page 2)


def _int(text: str | None) -> int | None:
    text = (text or "").strip().strip("\"'")
    return int(text) if text.isdigit() else None


def _create_page(text: str, variables: dict[str, int]) -> Pager | None:
    for match in _CREATE_PAGE.finditer(text):
        args: list[tuple[str, str | int | None]] = []
        for raw in (arg.strip() for arg in match.group(1).split(",")):
            bare = raw.strip("\"'")
            if bare.isdigit():
                args.append(("n", int(bare)))
            elif raw[:1] in "\"'":
                args.append(("s", bare))
            else:  # a variable: its value when the page sets it (`createPageHTML(countPage, ...)`)
                args.append(("n", variables[raw]) if raw in variables else ("v", None))
        if args and args[0][0] == "s":
            args = args[1:]  # newer signature: the pager element's id first
        if not args or args[0][0] != "n":
            continue  # the function's own definition, `createPageHTML(_nPageCount, ...)`
        count = args[0][1]
        current = args[1][1] if len(args) > 1 and args[1][0] == "n" else None
        strings = [value for kind, value in args[2:] if kind == "s"]
        numbers = [value for kind, value in args[2:] if kind == "n"]
        return Pager(count=int(count) if count is not None else None,
                     current=int(current) if current is not None else None,
                     stem=str(strings[0]) if strings and strings[0] else None,
                     ext=str(strings[1]) if len(strings) > 1 and strings[1] else None,
                     total_records=int(numbers[0]) if numbers and numbers[0] is not None else None)
    return None


def _script_variables(text: str) -> dict[str, int]:
    return {match.group(1): int(match.group(2))
            for match in re.finditer(r"\bvar\s+([A-Za-z_$][\w$]*)\s*=\s*[\"']?(\d+)", text)}


_PAGER_ATTRIBUTES = (
    "[data-page-count], [data-pagecount], [data-total-page], [data-total-pages], [data-pages], "
    "[data-count-page], [data-max-page], [pagecount], [totalpage], [data-total][data-page-size], "
    "[data-total][data-pagesize], [data-total][data-size]"
)


def _first_int(found: dict[str, str], keys: frozenset[str], *, positive: bool = False) -> int | None:
    for key in keys:
        value = _int(found.get(key))
        if value is not None and (value > 0 or not positive):
            return value
    return None


def _attributes(tree: LexborHTMLParser) -> Pager | None:
    for node in tree.css(_PAGER_ATTRIBUTES):
        found = {name.lower().removeprefix("data-").replace("-", "").replace("_", ""): value
                 for name, value in node.attributes.items() if value is not None}
        count = _first_int(found, _ATTR_COUNT)
        records = _first_int(found, _ATTR_RECORDS)
        per_page = _first_int(found, _ATTR_PER_PAGE, positive=True)
        if count is None and records is not None and per_page:
            count = max(1, math.ceil(records / per_page))
        if count is None:
            continue
        stem = next((found[k] for k in _ATTR_STEM if found.get(k)), None)
        ext = next((found[k].lstrip(".") for k in _ATTR_EXT if found.get(k)), None)
        return Pager(count=count, current=_first_int(found, _ATTR_CURRENT), stem=stem, ext=ext,
                     total_records=records)
    return None


def _laypage(text: str) -> Pager | None:
    match = _LAYPAGE.search(text)
    if not match:
        return None
    body = text[match.end(): match.end() + _LAYPAGE_WINDOW]
    count = re.search(r"\bcount\s*:\s*[\"']?(\d+)", body)
    limit = re.search(r"\blimit\s*:\s*[\"']?(\d+)", body)
    pages = re.search(r"\bpages\s*:\s*[\"']?(\d+)", body)
    curr = re.search(r"\bcurr\s*:\s*[\"']?(\d+)", body)
    total_pages = int(pages.group(1)) if pages else None
    if total_pages is None and count and limit and int(limit.group(1)):
        total_pages = max(1, math.ceil(int(count.group(1)) / int(limit.group(1))))
    if total_pages is None:
        return None
    return Pager(count=total_pages, current=int(curr.group(1)) - 1 if curr and int(curr.group(1)) else None,
                 total_records=int(count.group(1)) if count else None)


def _class_number(tree: LexborHTMLParser, classes: tuple[str, ...]) -> int | None:
    for name in classes:
        for node in tree.css(f".{name}"):
            value = _int(node.text(deep=True))
            if value is not None:
                return value
    return None


def _last_link_number(url: str, tree: LexborHTMLParser) -> int | None:
    """The page count a "尾页" link names in a query parameter or its file name (`list6.htm`)."""
    for anchor in tree.css("a[href]"):
        label = clean_title(anchor.text(deep=True)).replace(" ", "").lower()
        if label not in _LAST_TEXT:
            continue
        link = absolute_url(url, anchor.attributes.get("href"))
        if link is None:
            continue
        found = _LAST_QUERY.search(link) or _LAST_FILE.search(urlsplit(link).path)
        if found and not PAGE_FILE.match(urlsplit(link).path.rsplit("/", 1)[-1]):
            return int(found.group(1))
    return None


def read_pager(url: str, text: str, tree: LexborHTMLParser) -> Pager:
    """Every pager form of the module docstring, first found wins; links settle stem and direction."""
    variables = _script_variables(text)
    pager = _create_page(text, variables) or _attributes(tree) or _laypage(text)
    if pager is None:
        count = _COUNT_VARS.search(text)
        current = _CURRENT_VARS.search(text)
        records = _RECORD_VARS.search(text)
        per_page = _PER_PAGE_VARS.search(text)
        total_records = int(records.group(1)) if records else None
        pages = int(count.group(1)) if count else None
        if pages is None and total_records is not None and per_page and int(per_page.group(1)):
            pages = max(1, math.ceil(total_records / int(per_page.group(1))))
        if pages is None:
            pages = _class_number(tree, _COUNT_CLASSES)
        if pages is None:
            shown = _TEXT_COUNT.search(tree.body.text(separator=" ") if tree.body else "")
            pages = int(next(group for group in shown.groups() if group)) if shown else None
        if pages is None:
            pages = _last_link_number(url, tree)
        if total_records is None:
            total_records = _class_number(tree, _RECORD_CLASSES)
        pager = Pager(count=pages, current=int(current.group(1)) if current and pages else None,
                      total_records=total_records)
    if pager.total_records is None:
        records = _RECORD_VARS.search(text)
        shown = None if records else _TEXT_RECORDS.search(tree.body.text(separator=" ") if tree.body else "")
        found = records or shown
        if found:
            pager = replace(pager, total_records=int(found.group(1)))
    return _with_links(url, tree, pager)


def _with_links(url: str, tree: LexborHTMLParser, pager: Pager) -> Pager:
    """Stem, extension, direction (and a missing count) from the pager's own links."""
    parts = urlsplit(url)
    directory = parts.path.rsplit("/", 1)[0] + "/"
    current_name = parts.path.rsplit("/", 1)[-1]
    links: list[tuple[str, str, int, str]] = []  # (label, stem, number, ext)
    first: str | None = None
    for anchor in tree.css("a[href]"):
        link = absolute_url(url, anchor.attributes.get("href"))
        if link is None:
            continue
        target = urlsplit(link)
        if target.netloc != parts.netloc or target.path.rsplit("/", 1)[0] + "/" != directory:
            continue
        file_name = target.path.rsplit("/", 1)[-1]
        name = PAGE_FILE.match(file_name)
        shown = clean_title(anchor.text(deep=True)).replace(" ", "").lower()
        label = shown.strip("<>«»‹›[]") or shown  # "下一页>>" is "下一页"; ">" stays ">"
        if not (label.isdigit() or label in _PAGER_LABELS):
            continue  # an entry (`content_123.html` beside the list), not the pager
        if name:
            links.append((label, name.group("stem"), int(name.group("k")), name.group("ext")))
        elif label in _FIRST_TEXT and first is None and FIRST_FILE.match(file_name):
            first = file_name
    if pager.stem:
        links = [link for link in links if link[1] == pager.stem] or links
    if not links:
        return replace(pager, first=first) if first else pager
    stems = [link[1] for link in links]
    stem = pager.stem or max(set(stems), key=stems.count)
    links = [link for link in links if link[1] == stem]
    ext = pager.ext or links[0][3]
    count = pager.count
    current_match = PAGE_FILE.match(current_name)
    current_number = int(current_match.group("k")) if current_match and current_match.group("stem") == stem \
        else None
    # Votes: page n is file number n - offset (offset 1: TRS, index_1 is page 2; offset 0: index_2 is
    # page 2), or count - n + 1 (backwards).
    offsets = {0: 0, 1: 0}
    backward = onward = 0
    for label, _, number, _ in links:
        if label.isdigit():
            k = int(label)
            is_backward = count is not None and number == count - k + 1 and k - number not in offsets
            if k - number in offsets and not (count is not None and number == count - k + 1):
                offsets[k - number] += 1
            backward += is_backward
        elif label in NEXT_TEXT:
            if current_number is None:  # page 1 links page 2: file 1 or 2 forwards, count - 1 backwards
                backwards_too = count is not None and number == count - 1
                if number in (1, 2) and not backwards_too:
                    offsets[2 - number] += 1
                elif number > 2 and (count is None or backwards_too):
                    backward += 1
                    count = count or number + 1
            elif number == current_number - 1:
                backward += 1
            elif number == current_number + 1:
                onward += 1  # forwards, whatever the offset
        elif label in _LAST_TEXT and count is not None:
            if number in (count - 1, count) and count > 2:
                offsets[count - number] += 1
            backward += number == 1 and count > 2
        elif label in _LAST_TEXT:
            backward += number == 1 and current_number not in (None, 0, 1)
    if current_number is not None and pager.current is not None:
        if pager.current + 1 - current_number in offsets:
            offsets[pager.current + 1 - current_number] += 1
        elif count and current_number == count - pager.current:
            backward += 1
    forward = sum(offsets.values()) + onward
    offset = 0 if offsets[0] > offsets[1] else 1
    if count is None and forward >= backward:
        numbers = [number for label, _, number, _ in links if label in _LAST_TEXT]
        numbers = numbers or [number for _, _, number, _ in links]
        count = max(numbers) + offset
    return Pager(count=count, current=pager.current, stem=stem, ext=ext, total_records=pager.total_records,
                 reverse=backward > forward, first=first, offset=offset)


def page_number_of(url: str, pager: Pager) -> int | None:
    """1-based number of the page at `url` under the pager's naming, None when the name does not say."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    numbered = PAGE_FILE.match(name)
    if numbered and (pager.stem is None or numbered.group("stem") == pager.stem):
        k = int(numbered.group("k"))
        if pager.reverse:
            return pager.count - k + 1 if pager.count else None
        return k + pager.offset
    first = FIRST_FILE.match(name)
    if not name or name == pager.first:
        return 1
    if first and (pager.stem is None or first.group("stem") == pager.stem):
        return 1
    return None


def static_rule(url: str, pager: Pager, *, default_stem: str | None) -> tuple[PageRule | None, int]:
    """The rule addressing a static list's pages (`stem_N.ext` beside page 1), and this page's number.

    `default_stem` is the stem assumed when neither the pager nor the address names one (TRS:
    `index`); None means no rule without evidence.
    """
    parts = urlsplit(url)
    directory = parts.path.rsplit("/", 1)[0] + "/"
    column_base = urlunsplit((parts.scheme, parts.netloc, directory, "", ""))
    name = parts.path.rsplit("/", 1)[-1]
    named = PAGE_FILE.match(name) or FIRST_FILE.match(name)
    stem = pager.stem or (named.group("stem") if named else None) or default_stem
    if stem is None:
        return None, 1
    ext = pager.ext or (named.group("ext") if named else None) or "html"
    if pager.stem is None and named is not None:
        pager = replace(pager, stem=stem, ext=ext)
    number = page_number_of(url, pager)
    if number is None:
        number = (pager.current + 1) if pager.current is not None else 1
    # A column registered as its directory (`/tzgg/`) keeps that address for page 1.
    first_url = url if not name and number == 1 else f"{column_base}{pager.first or f'{stem}.{ext}'}"
    rule = PageRule(
        template=f"{format_literal(column_base + stem)}_{{index}}.{format_literal(ext)}",
        first_url=first_url, index_offset=pager.offset, reverse=pager.reverse,
        total_pages=max(pager.count, 1) if pager.count is not None else None,
    )
    return rule, number
