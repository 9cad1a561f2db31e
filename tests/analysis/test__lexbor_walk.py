"""The compiled tree walk (streams/analysis/_lexbor_walk.c) against the Python path it stands in for.

The Python path writes marks into the tree and removes the dropped elements; the walk reads the same text
from the tree as parsed. Each test builds two trees from one page and compares the walk on the first with
the Python path on the second.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from bench._structured_pages import named_structured_pages
from streams.analysis import _html, _native, decode

from .test__html import HEADING_PAGES
from .test__html import PAGES as MARK_PAGES

WALK = _html._checked_walk()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"
SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_the_compiled_walk_is_built_and_in_use() -> None:
    # `make test` builds it (pip install -e . with the machine's C compiler); a silent fallback would leave
    # the speed figures of README unmet without a word.
    assert WALK is not None
    assert _html._native_walk is not None


# --- the three reads, on hand-made pages ---------------------------------------------------------------

# test__html's pages (cells, breaks, nested blocks and drops, the drop marks' characters, headings) and
# links: holding blocks, cells, breaks and a drop, inside a drop; a template; an empty body.
PAGES = [
    *MARK_PAGES,
    "<p>\x1c控制\x1e字符\x1d</p><script>a</script><p>后\n文\t\r</p>",
    "<a id=a0 href='/a.pdf'>附件<div>一</div><svg>x</svg><td>格</td><br>尾</a>"
    "<noscript><a id=a1 href='/b.doc'>藏</a></noscript><p><a id=a2 href='/c.xls'>表</a></p>",
    "<template><p>模板</p><h1>模板标题</h1></template><p>正文</p>",
    "",
]


def _tree(body: str) -> LexborHTMLParser:
    return LexborHTMLParser(f"<html><head><title>关于某某情况的报告</title></head><body>{body}</body></html>")


def _anchor_texts(tree: LexborHTMLParser) -> dict[str, str]:
    """id -> text of every anchor still in the tree (the Python path, after it marked and dropped)."""
    return {anchor.attributes.get("id") or "": _html._node_text(anchor) for anchor in tree.css("a")}


def _native_anchor_texts(tree: LexborHTMLParser, root: LexborNode) -> dict[str, str]:
    assert WALK is not None
    found = {}
    for anchor in tree.css("a"):
        text = WALK.marked_text(anchor, root, _html._KINDS)
        if text is not None:
            found[anchor.attributes.get("id") or ""] = text
    return found


def _check_page(body: str) -> None:
    """The walk reads what the Python path reads, for the whole body and for a container in it."""
    assert WALK is not None
    native, python = _tree(body), _tree(body)
    assert native.body is not None and python.body is not None
    page_text, body_text, titled_pairs = WALK.page_and_body_lines(native.body, _html._KINDS,
                                                                  _html._TITLED_READ)
    elements = _html._sort_elements(python.body, titles=True)
    titled = _html._titled_texts(elements)
    native_titled: dict[int, list[str]] = {tag: [] for tag in titled}
    for tag, text in titled_pairs:
        native_titled[tag].append(text)
    assert native_titled == titled
    _html._write_marks(elements)
    assert (page_text, body_text) == _html._page_and_body_text(python.body, elements.drops)
    assert _native_anchor_texts(native, native.body) == _anchor_texts(python)

    # Containers: each element holding something (up to six), as the selector search might find it.
    candidates = [index for index, node in enumerate(_elements(_tree(body)))
                  if node.child is not None and node.tag_id not in _html._DROP_IDS][:6]
    for index in candidates:
        native, python = _tree(body), _tree(body)
        native_root, python_root = _elements(native)[index], _elements(python)[index]
        assert WALK.lines_text(native_root, _html._KINDS) == _html._block_text(python_root)
        assert _native_anchor_texts(native, native_root) == _anchor_texts(python)


def _elements(tree: LexborHTMLParser) -> list[LexborNode]:
    """The body and its elements, in page order."""
    return list(tree.body.traverse()) if tree.body is not None else []


@pytest.mark.parametrize("body", PAGES)
def test_the_walk_reads_what_the_python_path_reads(body: str) -> None:
    _check_page(body)


# --- random pages ---------------------------------------------------------------------------------------

_TEXTS = st.sampled_from(["一", "法治", "x", " ", "\n", "\t", "\r", "\x1e", "\x1c", "\x1d", "&amp;", " | "])
_TAGS = st.sampled_from(["p", "div", "li", "span", "b", "section", "h1", "h2", "h3", "center", "font",
                         "script", "style", "noscript", "svg", "select", "option", "button", "template",
                         "iframe", "textarea", "form", "ul", "dl", "dd"])


def _element(children: list[str]) -> st.SearchStrategy[str]:
    inner = "".join(children)
    return st.one_of(
        _TAGS.map(lambda tag: f"<{tag}>{inner}</{tag}>"),
        st.just(f"<table><tr><td>{inner}</td><th>格</th></tr></table>"),
        st.just(f"<a href='/f.pdf'>{inner}</a>"),
        st.sampled_from(["<br>", "<hr>", "<img src=x>"]).map(lambda tag: tag + inner),
    )


_MARKUP = st.recursive(_TEXTS, lambda children: st.lists(children, max_size=4).flatmap(_element),
                       max_leaves=30)


def _with_anchor_ids(body: str) -> str:
    counter = iter(range(10_000))
    return re.sub("<a ", lambda _: f"<a id=a{next(counter)} ", body)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=5).map("".join))
def test_the_walk_reads_what_the_python_path_reads_on_random_pages(body: str) -> None:
    _check_page(_with_anchor_ids(body))


# --- the densest run of lines ------------------------------------------------------------------------------

# Sentence marks of both widths, other punctuation, Unicode and ASCII spaces (what str.strip() takes).
_LINE_PIECES = st.sampled_from(["，", "。", "；", "：", "、", ",", ";", ".", "！", "法", "治", "a", "1", " ",
                                "\t", "\u3000", "\xa0", "\u2003", "\x1c", "\x85", "𠀀", "|"])
_LINES = st.lists(st.lists(_LINE_PIECES, max_size=120).map("".join), max_size=60)


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_the_compiled_densest_run_is_the_python_one(lines: list[str]) -> None:
    walk = _native.load()
    assert walk is not None
    assert walk.densest_span(lines) == _html._densest_span(lines)


def test_the_densest_run_on_a_page_without_a_container() -> None:
    # Menus and link lists (no sentence marks) around two paragraphs; the menu between them is short.
    lines = ["首页", "政务公开", "", "一、总体情况。我们认真落实，取得成效。", "分享",
             "二、下一步，继续推进；加强监督。", "上一篇", "下一篇", "网站地图", "联系我们", "版权所有"]
    walk = _native.load()
    assert walk is not None
    assert walk.densest_span(lines) == _html._densest_span(lines) == (3, 5)
    assert walk.densest_span([]) == walk.densest_span(["菜单", " "]) == (0, -1)
    with pytest.raises(TypeError):
        walk.densest_span(["一。", b"x"])  # type: ignore[list-item]


# --- whole pages: parse_html with the walk and without --------------------------------------------------

def _parse_both(html: str, url: str | None, utf8: bytes | None) -> tuple[_html.HtmlParts, _html.HtmlParts]:
    assert _html.native_walk(True)
    try:
        native = _html.parse_html(html, url, utf8)
        assert not _html.native_walk(False)
        python = _html.parse_html(html, url, utf8)
    finally:
        _html.native_walk(True)
    return native, python


def _example_pages() -> list[Path]:
    return sorted(path for path in EXAMPLES.glob("*.html"))


@pytest.mark.parametrize("path", _example_pages(), ids=lambda path: path.name)
def test_parse_html_gives_the_same_parts_with_the_walk_and_without(path: Path) -> None:
    decoded = decode(path.read_bytes())
    native, python = _parse_both(decoded.text, "http://www.example.gov.cn/art/1.html", decoded.utf8)
    assert native == python
    assert native.body_lines  # a page with a body: the comparison compared something


def test_parse_html_gives_the_same_parts_on_the_structured_pages() -> None:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"../shared/corpus is absent ({SHARED}): the structured pages are built from its texts")

    differing = []
    for name, page in named_structured_pages(SHARED):
        decoded = decode(page.data, page.content_type)
        native, python = _parse_both(decoded.text, page.url, decoded.utf8)
        if native != python:
            differing.append(name)
    assert differing == []


def test_a_selectolax_version_the_walk_was_not_written_for_is_refused() -> None:
    assert _native.load("1.0.2") is not None
    assert _native.load("1.1.0") is None


# --- what the walk refuses ------------------------------------------------------------------------------

def test_the_walk_takes_only_selectolax_nodes() -> None:
    assert WALK is not None
    with pytest.raises(TypeError, match="LexborNode"):
        WALK.lines_text("<p>x</p>", _html._KINDS)


def test_the_walk_refuses_a_heading_count_it_cannot_keep() -> None:
    assert WALK is not None
    body = _tree("<h1>一</h1>").body
    with pytest.raises(ValueError, match="titled_limit"):
        WALK.titled_texts(body, _html._KINDS, 256)


def test_the_walk_leaves_fragments_to_the_python_path() -> None:
    assert WALK is not None
    fragment = LexborHTMLParser("<p>一</p><p>二</p>", is_fragment=True)
    root = fragment.root
    assert root is not None
    with pytest.raises(ValueError, match="fragment"):
        WALK.lines_text(root, _html._KINDS)


def test_the_probe_page_holds_what_the_check_must_see() -> None:
    # The check before first use is only as good as its page: blocks, cells, breaks, drops, headings, links.
    tree = LexborHTMLParser(_html._PROBE_PAGE)
    tags = {node.tag for node in tree.root.traverse()} if tree.root is not None else set()
    assert {"p", "div", "td", "br", "noscript", "svg", "script", "h1", "h2", "a", "select"} <= tags
    assert _html._walk_fits(WALK) if WALK is not None else False


# --- the ContentStart gate ------------------------------------------------------------------------------

_MARKER_PIECES = st.sampled_from([
    "<!--", "-->", "<!---->", " ", "\n", "\x1f", "\u3000", "\xa0", "页头", "ContentStart", "contentſtart",
    "CONTENTSTART", "zoom", "Zoom start", "正文开始", "<meta", " name", "\u3000NAME", "=", "'", '"', ">", "<",
    "x", "<p>", "c", "z",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_MARKER_PIECES, max_size=12).map("".join))
def test_the_marker_gate_never_says_no_to_a_page_with_a_marker(html: str) -> None:
    assert WALK is not None
    if _html._CONTENT_START.search(html) is not None:
        assert WALK.may_hold_marker(html.encode())


@pytest.mark.parametrize("html", [
    "<!-- ContentStart -->", "<!--zoom start-->", "<!--正文开始-->", "<!--\u3000ContentStart-->",
    "<META NAME='ContentStart' content=''>", "<meta name=contentſtart>",
    "<meta\u3000name =\xa0'ContentStart'>", "<meta\nNAME=\"CONTENTSTART\">",
])
def test_the_marker_gate_lets_each_marker_form_through(html: str) -> None:
    assert WALK is not None and _html._CONTENT_START.search(html) is not None
    assert WALK.may_hold_marker(html.encode())


@pytest.mark.parametrize("html", [
    "<!----><div id=zoom>正文</div>", "<!-- 页头 --><!--[if IE]><![endif]-->", "<meta name=viewport>",
    "<meta charset=utf-8><p>没有标记</p>", "", "<meta name=\"SiteName\" content=\"某某市人民政府\">",
    "<meta name=\"keywords\" content=\"ContentStart\">", "<meta content='正文' name=ContentStart>",
])
def test_the_marker_gate_says_no_to_pages_without_one(html: str) -> None:
    assert WALK is not None
    assert not WALK.may_hold_marker(html.encode())


# --- ids and classes: the body selectors' gate ----------------------------------------------------------

_NAMES = st.sampled_from(["zoom", "Zoom", "ZOOM", "content", "TRS_Editor", "trs_editor", "view TRS_UEDITOR",
                          "article-content", "zw", "zwx", "x", "UCAP-CONTENT", "ſ", "fontzoom", ""])
_CONTAINER_TEXT = "第一段正文，共有足够的字数。" * 6


@st.composite
def _gated_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        attribute = draw(st.sampled_from(["id", "class"]))
        tag = draw(st.sampled_from(["div", "p", "article", "section", "span"]))
        text = draw(st.sampled_from(["短", _CONTAINER_TEXT]))
        parts.append(f'<{tag} {attribute}="{draw(_NAMES)}">{text}</{tag}>')
    doctype = draw(st.sampled_from(["", "<!DOCTYPE html>"]))  # quirks mode or not
    return f"{doctype}<html><body>{''.join(parts)}</body></html>"


@settings(max_examples=300, deadline=None)
@given(_gated_pages())
def test_the_gate_from_the_compiled_words_finds_the_container_the_queries_find(html: str) -> None:
    tree = LexborHTMLParser(html)
    found = _html._selector_body(tree, _html._page_words(tree, WALK))
    expected = _html._selector_body(LexborHTMLParser(html))
    assert (found and (found[0].html, found[1])) == (expected and (expected[0].html, expected[1]))


def test_the_compiled_words_are_every_id_and_class_lower_cased() -> None:
    assert WALK is not None
    tree = LexborHTMLParser('<html id=Top><head><meta id="M1"></head><body class="A  b">'
                            '<p id="x&#89;" class="\tTRS_Editor\n">一</p><svg class="Icon"></svg>'
                            '<div class></div></body></html>')
    assert tree.root is not None
    # the valueless class adds nothing
    assert WALK.attribute_words(tree.root) == ("top\nm1\nxy", "a  b\n\ttrs_editor\n\nicon")


# --- the document links' gate ---------------------------------------------------------------------------

_LINK_PIECES = st.sampled_from([
    "<a href='/a.pdf'>一</a>", "<a HREF='/A.PDF'>二</a>", "<a href='x.html'>三</a>", "<a title='.doc'>四</a>",
    "<a>五</a>", "<svg><a xlink:href='b.wps'>六</a></svg>", "<p data-x='.xls'>七</p>",
    "<a href='c.OfD?x'>八</a>", "<div>", "</div>", "<a href='.pd f'>九</a>", "<a href='/%2Epdf'>十</a>",
    "正文",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINK_PIECES, max_size=8).map("".join))
def test_the_link_gate_never_says_no_to_a_scope_the_query_finds_links_in(body: str) -> None:
    assert WALK is not None
    tree = _tree(body)
    for scope in (tree.body, tree.root):
        assert scope is not None
        if scope.css(_html._ATTACHMENT_LINKS):
            assert WALK.may_link_to(scope, _html._ATTACHMENT_NEEDLES)


def test_the_link_gate_says_no_where_no_link_names_a_document() -> None:
    assert WALK is not None
    tree = _tree("<a href='x.html'>一</a><p data-x='.pdf'>二</p><a>三</a>")
    assert tree.body is not None
    assert not WALK.may_link_to(tree.body, _html._ATTACHMENT_NEEDLES)
    assert WALK.may_link_to(_tree("<a href='/x.DOCX'>一</a>").body, _html._ATTACHMENT_NEEDLES)


@pytest.mark.parametrize(("body", "needles", "expected"), [
    ("<a href='/A.PDF'>一</a>", (b"pdf",), True),  # a needle starting with a letter, either case
    ("<a href='/a.pd'>一</a>", (b".pdf",), False),  # the value ends inside the needle
    ("<a href='/a.pd'>一</a>", (b".pdf", b".pd"), True),
    ("<a href='..pdf'>一</a>", (b".pdf",), True),  # a first byte again inside a failed try
    ("<a>一</a>", (b"",), True),  # the empty needle: never a "no"
])
def test_the_link_gate_with_other_needles(body: str, needles: tuple[bytes, ...], expected: bool) -> None:
    assert WALK is not None
    assert WALK.may_link_to(_tree(body).body, needles) is expected


# --- the heading from the walk's heading texts and the page's words -------------------------------------

_HEADING_PIECES = st.sampled_from([
    "<h1>关于某某县2023年度法治政府建设情况的报告</h1>", "<h1>短</h1>",
    "<h2>某某县2023年度法治政府建设</h2>",
    "<div class='title'>关于某某县2023年度法治政府建设情况的报告</div>",
    "<p class='tit'>首页</p>", "<span class='Article-Title x'>某某县法治政府建设情况</span>",
    "<h3><script>x</script>某某县报告全文</h3>",
    "<svg><h1>图中标题文字</h1></svg>", "<template><h2>模板中的标题</h2></template>", "<div>正文。</div>",
])


@st.composite
def _heading_pages(draw: st.DrawFn) -> str:
    title = draw(st.sampled_from(["关于某某县2023年度法治政府建设情况的报告_某某县人民政府", "某某县人民政府",
                                  ""]))
    doctype = draw(st.sampled_from(["", "<!DOCTYPE html>"]))
    body = "".join(draw(st.lists(_HEADING_PIECES, max_size=9)))
    return f"{doctype}<html><head><title>{title}</title></head><body>{body}</body></html>"


def _both_headings(html: str) -> tuple[str | None, str | None]:
    assert WALK is not None
    native, python = LexborHTMLParser(html), LexborHTMLParser(html)
    title_tag = _html._head_parts(native).title_tag
    assert native.body is not None
    titled = _html._by_tag(WALK.titled_texts(native.body, _html._KINDS, _html._TITLED_READ))
    return (_html._heading(native, title_tag, titled, _html._page_words(native, WALK)),
            _html._heading(python, title_tag))


@pytest.mark.parametrize("html", HEADING_PAGES)
def test_the_heading_from_the_walk_is_the_heading_from_the_queries(html: str) -> None:
    native, python = _both_headings(html)
    assert native == python


@settings(max_examples=300, deadline=None)
@given(_heading_pages())
def test_the_heading_from_the_walk_is_the_heading_from_the_queries_on_random_pages(html: str) -> None:
    native, python = _both_headings(html)
    assert native == python
