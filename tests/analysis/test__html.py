"""_html's fast forms against the plain forms they replace: same tree, same text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from streams.analysis import _html

# Cells, breaks, nested blocks, blocks first and last in their parent, a block inside a cell, inline tags,
# and dropped elements: empty, nested, holding blocks, first and last in the body.
PAGES = [
    "<p>一</p><div><p>二<br>三</p><span>四</span></div>",
    "<table><tr><td>索引号：</td><td><p>2024-1</p></td></tr><tr><th>标题</th><td>报告<hr>全文</td></tr></table>",
    "<script>var a = '<div>';</script><div>正文<b>第一段</b></div><style>p{}</style>"
    "<select><option>一</option><option>二</option></select><p>末段</p><svg><path d='M0'/></svg>",
    "<noscript><div>请启用脚本</div><p>二</p></noscript><ul><li>一</li><li>二</li></ul><iframe></iframe>",
    "<svg><foreignObject><div>图中文字<script>x()</script></div></foreignObject></svg><p>后文</p>",
    "<div><script>document.write('发布日期：2024-01-02')</script></div><p>发布机构：某某县司法局</p><textarea>x</textarea>",
    "<p>\x1c控制字符\x1d</p><script>a</script><p>后文</p>",  # the drop marks' characters in the page itself
    "<p>&#28;实体&#29;</p><script>a</script>",
    "<p>只有正文，没有要丢的元素。</p>",
    "<button>按钮</button>",
    "<h1>标题</h1><h2>副题</h2><p>正文</p><div><h3>小节</h3>文字</div>",  # the heading tags sorted apart
]


def _plain_mark_lines(node: LexborNode) -> list[LexborNode]:
    """_mark_lines with each insert method called as a method, one element at a time."""
    drops: list[LexborNode] = []
    for element in node.traverse():
        tag = element.tag_id
        if tag in _html._DROP_IDS:
            drops.append(element)
        elif tag in _html._CELL_IDS:
            element.insert_child(_html._CELL_END_BYTES)
        elif tag in _html._BREAK_IDS:
            element.insert_before(_html._LINE_MARK_BYTES)
        elif tag in _html._BLOCK_IDS:
            element.insert_before(_html._LINE_MARK_BYTES)
            element.insert_after(_html._LINE_MARK_BYTES)
    return drops


def _plain_page_and_body_text(node: LexborNode, drops: list[LexborNode]) -> tuple[str, str]:
    page_text = _html._lines_text(node)
    _html._drop(drops)
    return page_text, _html._lines_text(node)


def _body(html: str) -> LexborNode:
    body = LexborHTMLParser(f"<html><head><title>t</title></head><body>{html}</body></html>").body
    assert body is not None
    return body


@pytest.mark.parametrize("html", PAGES)
def test_mark_lines_writes_what_one_insert_at_a_time_writes(html: str) -> None:
    fast, plain = _body(html), _body(html)
    fast_drops, plain_drops = _html._mark_lines(fast), _plain_mark_lines(plain)
    assert [element.tag for element in fast_drops] == [element.tag for element in plain_drops]
    assert fast.html == plain.html
    titled = _body(html)  # the heading tags sorted apart, as on a page without a container
    _html._write_marks(_html._sort_elements(titled, titles=True))
    assert titled.html == plain.html


@pytest.mark.parametrize("html", PAGES)
def test_one_read_gives_the_page_text_and_the_body_text_of_two_reads(html: str) -> None:
    fast, plain = _body(html), _body(html)
    expected = _plain_page_and_body_text(plain, _html._mark_lines(plain))
    assert _html._page_and_body_text(fast, _html._mark_lines(fast)) == expected
    assert fast.html == plain.html  # the drop marks leave with the dropped elements


def test_the_insert_methods_are_the_bytes_specialisations() -> None:
    # A fallback to the fused method is still correct, only slower: this says when it happens.
    assert _html._INSERT_BEFORE is not LexborNode.insert_before
    assert "bytes" in repr(_html._INSERT_BEFORE)


def test_split_dropped_refuses_what_it_cannot_tell_apart() -> None:
    start, end = _html._DROP_START, _html._DROP_END
    assert _html._split_dropped(f"a{start}x{end}b{start}y{end}c", 2) == ("axbyc", "abc")
    assert _html._split_dropped(f"a{start}x{end}b", 2) is None  # a mark of ours missing
    assert _html._split_dropped(f"a{start}x{start}y{end}z{end}", 2) is None  # nested
    assert _html._split_dropped(f"{end}a{start}x{end}", 1) is None  # the page's own end mark
    assert _html._split_dropped(f"a{start}x{end}{end}", 1) is None


BODY_TEXT = "现将2023年度法治政府建设情况报告如下：全年办理行政复议案件25件，纠错率为8%。" * 3
CONTAINER_PAGES = [
    f'<!DOCTYPE html><body><div id="content">{BODY_TEXT}</div></body>',
    f'<body><div id="FONTZOOM">{BODY_TEXT}</div></body>',  # quirks mode: ids match ASCII case-insensitively
    f'<!DOCTYPE html><body><div id="FONTZOOM">{BODY_TEXT}</div><p id="zw">{BODY_TEXT}</p></body>',
    f'<!DOCTYPE html><body><div id="content">短</div><div class="content">{BODY_TEXT}</div></body>',
    f'<!DOCTYPE html><body><div id="x"><article>{BODY_TEXT}</article></div></body>',
    f'<!DOCTYPE html><body><div id="z&#119;">{BODY_TEXT}</div></body>',  # an id written with a reference
    f'<!DOCTYPE html><body><div>{BODY_TEXT}</div></body>',
    f'<body><div class="ARTICLE-CONTENT">{BODY_TEXT}</div></body>',  # quirks: classes too
    f'<!DOCTYPE html><body><div class="main news_content">{BODY_TEXT}</div></body>',
    f'<!DOCTYPE html><body><p class="content-box">短</p><p class="xxgk_content">{BODY_TEXT}</p></body>',
    f'<!DOCTYPE html><body><div class="x"><p class="wrap view TRS_UEDITOR">{BODY_TEXT}</p></div></body>',
    f'<body><div class="VIEW trs_ueditor">{BODY_TEXT}</div></body>',
    f'<!DOCTYPE html><body><div class="TRS_Editor">{BODY_TEXT}</div></body>',
    f'<body><div class="trs_EDITOR">{BODY_TEXT}</div></body>',  # quirks: the first gated class selector
    f'<!DOCTYPE html><body><div class="trs_editor">{BODY_TEXT}</div></body>',  # standards: no match
    f'<!DOCTYPE html><body><p class="ueditor">短</p><p class="trs_editor_view">{BODY_TEXT}</p></body>',
    f'<!DOCTYPE html><body><div class="editor-box">{BODY_TEXT}</div><p class="zw">{BODY_TEXT}</p></body>',
    # The class gate's first element taken for the first match: only with the class token as written,
    # separated by HTML's whitespace (U+3000 is none); else the query decides.
    f'<!DOCTYPE html><body><div class="x\u3000article-content">{BODY_TEXT}</div>'
    f'<div class="article-content">{BODY_TEXT}二</div></body>',
    f'<body><div class="x\tARTICLE-content">{BODY_TEXT}</div>'
    f'<div class="article-content">{BODY_TEXT}二</div>',
    f'<!DOCTYPE html><div class="ARTICLE-CONTENT">{BODY_TEXT}</div>'  # standards: case as written only
    f'<div class="article-content">{BODY_TEXT}二</div>',
    f'<!DOCTYPE html><body><p class="my-content">短</p><div class="news_content">{BODY_TEXT}</div></body>',
    f'<!DOCTYPE html><body><div class="\nTRS_Editor\f">{BODY_TEXT}</div></body>',
    f'<!DOCTYPE html><body><div class="TRS_Editor">短</div><p class="trs_editor_view">{BODY_TEXT}</p></body>',
    f'<!DOCTYPE html><body><div class="view x TRS_UEDITOR">{BODY_TEXT}</div></body>',
]


def _plain_selector_body(tree: LexborHTMLParser) -> tuple[LexborNode, str] | None:
    for selector in _html._BODY_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and len(_html._node_text(node).strip()) >= _html._MIN_BODY_CHARS:
            return node, _html._node_text(node)
    return None


@pytest.mark.parametrize("compiled", [False, True], ids=["queries", "compiled-words"])
@pytest.mark.parametrize("html", CONTAINER_PAGES)
def test_id_gate_finds_the_container_every_selector_finds(html: str, compiled: bool) -> None:
    walk = _html._native.load() if compiled else None
    assert walk is not None or not compiled
    tree = LexborHTMLParser(html)
    found = _html._selector_body(tree, _html._page_words(tree, walk))
    expected = _plain_selector_body(LexborHTMLParser(html))
    assert (found and (found[0].html, found[1])) == (expected and (expected[0].html, expected[1]))


def test_class_stems() -> None:
    stems = _html.class_stems((".a-content", ".content", ".b_content", ".zw", "#content", ".x.content2",
                               ".zwx"))
    assert stems == {".a-content": "content", ".content": "content", ".b_content": "content",
                     ".x.content2": "content", ".zw": "zw", ".zwx": "zw"}
    assert _html.class_stems((".zw", "#zw")) == {}  # a stem in one selector only saves nothing
    # A shared substring of 4+ characters that is no listed class: the one most selectors hold, longest.
    stems = _html.class_stems((".TRS_Editor", ".TRS_UEDITOR", ".trs_editor_view", ".view.TRS_UEDITOR",
                               ".main-txt", ".Custom_UnionStyle"))
    assert stems == dict.fromkeys((".TRS_Editor", ".TRS_UEDITOR", ".trs_editor_view", ".view.TRS_UEDITOR"),
                                  "editor")
    assert _html.class_stems((".abc", ".abcd")) == {".abc": "abc", ".abcd": "abc"}  # short: listed class only


def test_selector_ids() -> None:
    assert _html.selector_ids("#UCAP-CONTENT") == ("ucap-content",)
    assert _html.selector_ids("div#a#b") == ("a", "b")
    assert _html.selector_ids(".content") == ()
    assert _html.selector_ids("#a .b") == ()  # a descendant: the element matched has no id named
    assert _html.selector_ids("#a[title]") == ()


# --- the nesting guard's tag count on the UTF-8 bytes ---------------------------------------------------


# One to four UTF-8 bytes a character; U+3C3C holds 0x3C in UTF-16, not in UTF-8.
@given(st.text(alphabet=st.sampled_from(["<", ">", "/", "!", "a", " ", "中", "é", "\U0001f600", "\u3c3c"])))
def test_tag_count_of_the_utf8_bytes_is_the_texts(text: str) -> None:
    assert _html._tag_count(text.encode()) == text.count("<")


# Around the threshold of 8,000 '<' (at, one over), with characters of two to four UTF-8 bytes, and pages
# past it that the estimate clears or flags (from tests/analysis/test_clean.py's guard test).
GUARD_PAGES = [
    "<p>段落" * 8000,
    "<p>段落" * 8001,
    "<div>é\U0001f600" * 7999 + "<",
    "<div" * 9000,
    "<div><span><b>中" * 3000,
    "<div>" * 10_000 + "x" + "</div>" * 10_000,
    "<div>" + "<!-- 注释 --><span>x</span>" * 9_000 + "</div>",
    "<!-- 注释 -->" * 9_000 + "<div>" * 10_000,
    "",
]


@pytest.mark.parametrize("page", GUARD_PAGES)
def test_too_deep_decides_alike_with_the_utf8_bytes(page: str) -> None:
    assert _html.too_deep(page, page.encode()) == _html.too_deep(page)


# Heading tags in <head>, after </body>, in SVG and MathML, in a template, nested, more than six.
HEADING_PAGES = [
    "<html><head><title>关于2023年度法治政府建设情况的报告_某某县</title><h1>头里的标题文字</h1></head>"
    "<body><p>正文</p></body></html><h2>关于2023年度法治政府建设情况的报告</h2>",
    "<title>某某县2023年法治政府建设年度报告</title><svg><h1>图里标题文字</h1></svg>"
    "<math><mi><h2>某某县2023年法治政府建设年度报告</h2></mi></math>",
    "<title>年度报告全文内容</title><template><h1>年度报告全文内容</h1></template><h3>年度报告</h3>",
    "<title>年度报告全文内容</title>" + "".join(f"<h1>第{n}个不合的标题</h1>" for n in range(8))
    + "<h1>年度报告全文内容</h1><div class='title'>年度报告全文内容</div>",
    "<title>某某县人民政府</title><div><h2>短</h2><h2>某某县人民政府年度报告</h2></div>",
    "<p>没有标题标签</p>",
]


@pytest.mark.parametrize("html", HEADING_PAGES)
def test_heading_from_the_sorted_elements_is_the_heading_from_the_queries(html: str) -> None:
    tree = LexborHTMLParser(html)
    title_tag = _html._head_parts(tree).title_tag
    assert tree.body is not None
    elements = _html._sort_elements(tree.body, titles=True)
    assert _html._heading(tree, title_tag, _html._titled_texts(elements)) == _html._heading(tree, title_tag)
    for selector, tag in _html._TITLE_TAG_IDS.items():
        assert [node.html for node in elements.titled[tag]] == [node.html for node in tree.css(selector)]


def test_a_link_with_a_long_s_is_no_unknown_extension() -> None:
    # "ſ" is an "s" to a Unicode case-insensitive match: "a.wpſ" must not give the extension "wpſ".
    body = _body('<p><a href="a.wpſ?x.pdf">附件</a><a href="b.WPS">附件二</a></p>')
    found = _html._document_links(body, "http://www.example.gov.cn/art/1.html")
    assert [(attachment.url, attachment.ext) for attachment in found] == [
        ("http://www.example.gov.cn/art/a.wpſ?x.pdf", "pdf"), ("http://www.example.gov.cn/art/b.WPS", "wps")]
