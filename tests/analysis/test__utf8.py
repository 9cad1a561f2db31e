"""The compiled UTF-8 helpers (streams/analysis/_utf8.c) against CPython's codecs: the GBK decoder against
the gbk codec, the UTF-8 check against the strict UTF-8 decoder.

Every expectation comes from a codec (`bytes.decode`), never from the helpers or the decoder's table.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from bench._portal_pages import PortalPage
from bench._structured_pages import named_structured_pages
from streams.analysis import _html, _native, analyze, decode
from streams.analysis._html import _without_raw_text
from streams.analysis.decode import _gbk_table, native_utf8

UTF8 = _native.load_utf8()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"
SHARED = Path(__file__).resolve().parents[3] / "shared"

pytestmark = pytest.mark.skipif(UTF8 is None, reason="the compiled UTF-8 helpers were not built")


def _codec(data: bytes) -> bytes | None:
    try:
        return data.decode("gbk").encode()
    except UnicodeDecodeError:
        return None


def test_the_compiled_helpers_are_built_and_in_use() -> None:
    # `make test` builds them; without them GB pages decode about four times slower and every page's text is
    # built, silently but for a warning.
    assert UTF8 is not None
    assert native_utf8(True)


def test_every_byte_pair_decodes_as_the_codec_decodes_it() -> None:
    assert UTF8 is not None
    table = _gbk_table()
    for lead in range(0x80, 0x100):
        assert UTF8.gbk_to_utf8(bytes((lead,)), table) is None  # a lead byte at the end
        for trail in range(0x100):
            pair = bytes((lead, trail))
            assert UTF8.gbk_to_utf8(pair, table) == _codec(pair), pair


# Pieces of GB pages: ASCII runs of every length (the eight-byte steps and what is left), characters
# the codec takes, and any byte at all (lead bytes without a trail, trails alone, 0x80 and 0xFF).
_PIECES = st.one_of(
    st.text(st.characters(max_codepoint=0x7F), max_size=40).map(str.encode),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8)
    .map(lambda text: text.encode("gbk", errors="ignore")),
    st.sampled_from(list("，。、；：（）《》“”…—·①Ⅱ％")).map(lambda text: text.encode("gbk")),
    st.binary(min_size=1, max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(b"".join))
def test_random_bytes_decode_as_the_codec_decodes_them(data: bytes) -> None:
    assert UTF8 is not None
    assert UTF8.gbk_to_utf8(data, _gbk_table()) == _codec(data)


def test_a_wrong_table_or_argument_is_refused() -> None:
    assert UTF8 is not None
    with pytest.raises(ValueError, match="table must hold"):
        UTF8.gbk_to_utf8(b"abc", b"\0" * 16)
    text: Any = "abc"  # not bytes: what a caller mixing up text and bytes would pass
    with pytest.raises(TypeError):
        UTF8.gbk_to_utf8(text, _gbk_table())


def test_the_empty_string_and_pure_ascii() -> None:
    assert UTF8 is not None
    assert UTF8.gbk_to_utf8(b"", _gbk_table()) == b""
    page = b"<html><script>var a = 1;</script></html>" * 100
    assert UTF8.gbk_to_utf8(page, _gbk_table()) == page


def _gb_pages() -> list[bytes]:
    pages = [path.read_bytes() for path in sorted(EXAMPLES.glob("*")) if path.is_file()]
    pages += [page.data for _, page in named_structured_pages(SHARED)]
    return [data for data in pages if decode(data).encoding == "gb18030"]


def test_pages_decode_alike_with_and_without_the_compiled_decoder() -> None:
    # The shipped examples hold a few GB pages; with ../shared, the structured pages add a hundred.
    pages = _gb_pages()
    assert len(pages) >= (50 if SHARED.is_dir() else 5)
    try:
        native_utf8(True)
        compiled = [decode(data) for data in pages]
        native_utf8(False)
        codec = [decode(data) for data in pages]
    finally:
        native_utf8(True)
    assert compiled == codec
    for data, decoded in zip(pages, compiled, strict=True):
        assert decoded.utf8 == decoded.text.encode()
        assert decoded.text in (_codec_text(data, "gbk"), _codec_text(data, "gb18030"))


def _codec_text(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def test_four_byte_gb18030_sequences_go_to_the_codec() -> None:
    # 𠮷 has only a four-byte GB18030 form: the compiled decoder gives up, the gb18030 codec decodes it.
    data = ("<p>关于𠮷县法治政府建设情况的报告</p>" * 500).encode("gb18030")
    assert UTF8 is not None
    assert UTF8.gbk_to_utf8(data, _gbk_table()) is None
    decoded = decode(data, "text/html; charset=gbk")
    assert (decoded.encoding, decoded.text, decoded.errors) == ("gb18030", data.decode("gb18030"), False)


# --- the UTF-8 check ------------------------------------------------------------------------------------


def _utf8_codec(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_every_one_and_two_byte_string_is_checked_as_the_codec_checks_it() -> None:
    assert UTF8 is not None
    for first in range(0x100):
        assert UTF8.is_utf8(bytes((first,))) is _utf8_codec(bytes((first,)))
        for second in range(0x100):
            pair = bytes((first, second))
            assert UTF8.is_utf8(pair) is _utf8_codec(pair), pair


# Every lead byte beyond ASCII with the edges of each continuation range (overlong forms, surrogates,
# past U+10FFFF, a byte short or too many), at every offset after ASCII runs of 0-9 bytes.
_EDGES = (0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF)


def test_three_and_four_byte_edges_are_checked_as_the_codec_checks_them() -> None:
    assert UTF8 is not None
    for lead in range(0xC0, 0x100):
        for second in _EDGES:
            for third in _EDGES:
                for tail in (b"", bytes((0x80,)), bytes((0xBF,)), b"a"):
                    for run in (0, 5, 9):
                        data = b"x" * run + bytes((lead, second, third)) + tail
                        assert UTF8.is_utf8(data) is _utf8_codec(data), data


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text().map(str.encode), st.binary(max_size=40),
                 st.lists(st.one_of(st.text(max_size=6).map(str.encode), st.binary(max_size=2)), max_size=12)
                 .map(b"".join)))
def test_random_bytes_are_checked_as_the_codec_checks_them(data: bytes) -> None:
    assert UTF8 is not None
    assert UTF8.is_utf8(data) is _utf8_codec(data)
    if data:  # a cut anywhere
        cut = data[: len(data) // 2 + 1]
        assert UTF8.is_utf8(cut) is _utf8_codec(cut)


def test_a_utf8_page_keeps_its_text_unbuilt_until_asked() -> None:
    data = "<html><body><p>法治政府建设年度报告</p></body></html>".encode()
    decoded = decode(data)
    assert (decoded.encoding, decoded.errors, decoded.utf8) == ("utf-8", False, data)
    assert decoded.built_text is None
    assert decoded.text == data.decode("utf-8")
    assert decoded.built_text == decoded.text


# ---- parser_input: the page the parser reads, code and the attributes nothing reads left out ------------

_CODE = "var a = b < c && d > e ? 'x' : \"y\"; f(g);\n" * 12          # 480 bytes of ASCII code
_HTML_PIECES = st.sampled_from([
    "<script>" + _CODE + "</script>", "<SCRIPT type=\"text/javascript\">" + _CODE + "</SCRIPT>",
    "<style>" + _CODE.replace("var", "p{") + "</style>", "<script src='a.js'></script>",
    "<script>document.write('发布时间：2024-03-28');" + _CODE + "</script>",
    "<script>document.write(d);" + _CODE + "</script>", "<script>" + _CODE + "'中文'</script>",
    "<script><!--" + _CODE + "<script>x</script>-->" + _CODE + "</script>",
    "<!-- <script> -->", "<!--", "-->", "<!-->", "<script", "<scripts>", "</script>", "</scripts>",
    "<script data-x=\"a>b\">", "<style media='x'>", "<p class=\"a\">", "</p>", "<div>", "</div>",
    "正文", "2024-03-28", " ", "\n", "<", ">", "'", '"', "<!doctype html>", "<textarea>", "</textarea>",
    "<a title='<script>' href=\"x>y\">", "<a title=<script>>", "<script/>", "</script foo='>'>",
    "<![CDATA[", "<?xml ?>", "</>", "</ p>", "<title>", "</title>", "<xmp>", "</xmp>", "<plaintext>", "=",
])


_KEPT = _html._READ_ATTRIBUTES
_ATTRIBUTE_PIECES = st.sampled_from([
    "<p", "<div", "<span", "<a", "<svg", "<math", "<meta", "<P", "</p", "</div", "</a", " ", "\n", "/", ">",
    "=", "'", '"', "<", "style=\"font-size:16pt;mso-fareast-font-family:仿宋\"", "STYLE='x>y'", "style=x",
    "data-v-6f1c2b3a", "data-v-6f1c2b3a=\"\"", "class=\"TRS_Editor\"", "CLASS=zoom", "id=zoom", "id=\"a b\"",
    "href=\"/a.pdf\"", "href='x>y'", "name=pubdate", "content=\"2024-03-28\"", "lang=EN-US",
    "onclick=\"f('<p')\"",
    "=x", "a=\"1\"b=\"2\"", "正文", "<!--", "-->", "<!-->", "<!doctype html>", "<?xml ?>", "<![CDATA[", "]]>",
    "<script>", "</script>", "<script><!--", "<style>", "</style>", "<title>", "</title>", "<textarea>",
    "</textarea>", "<plaintext>", "<xmp>", "</xmp>", "<iframe>", "</iframe>",
])


# No <template>: its content is a fragment _tree_as_read does not walk, so its attributes would count.
_FOREIGN_PIECES = st.sampled_from([
    "<svg>", "</svg>", "<svg/>", "<SVG viewBox='0 0 1 1'>", "<math>", "</math>", "<path d='M0 0'/>",
    "<path d=M0/>", "<g style=x>", "</g>", "<text>", "</text>", "<script/>", "<script>", "</script>",
    "<style>", "</style>", "<title>", "</title>", "<desc>", "<foreignObject>", "</foreignObject>", "<mi>",
    "</mi>", "<mtext>", "<annotation-xml encoding='text/html'>", "</annotation-xml>", "<font color=red>",
    "<font>", "</font>", "<p style=x>", "</p>", "<div>", "</div>", "</br>", "<b>", "<select>", "</select>",
    "<option>", "<table>", "<td>", "<frameset>", "<noframes>", "</noframes>", "<textarea>", "</textarea>",
    "<noscript>", "</noscript>", "<iframe>", "</iframe>", "<xmp>", "<plaintext>", "<![CDATA[", "]]>", ">",
    "<", "/", " ", "<!--", "-->", "正文", "<script>" + _CODE + "</script>", "<style>" + _CODE + "</style>",
])


def _tree_without_raw_elements(page: bytes) -> str:
    """The parsed page with every script and style element taken out: what leaving code out keeps."""
    tree = LexborHTMLParser(page)
    tree.strip_tags(["script", "style"])
    return tree.html or ""


def _tree_as_read(page: bytes) -> str:
    """The page parsed, every script and style element and every attribute the analysis does not read
    removed from the tree: the pass may leave out such code and attributes (it keeps them where in doubt)
    and must change nothing else."""
    tree = LexborHTMLParser(page)
    tree.strip_tags(["script", "style"])
    root = tree.root
    for node in root.traverse() if root is not None else ():
        for name in [name for name in node.attributes if name.encode() not in _KEPT]:
            del node.attrs[name]
    return tree.html or ""


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_ATTRIBUTE_PIECES, _HTML_PIECES), max_size=30)
       .map(lambda pieces: "".join(pieces).encode()), st.sampled_from([0, 1, 256]))
def test_the_parser_input_changes_nothing_but_code_and_unread_attributes(page: bytes, minimum: int) -> None:
    out = UTF8.parser_input(page, minimum, _KEPT)
    assert len(out) <= len(page)
    assert _tree_as_read(out) == _tree_as_read(page)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_HTML_PIECES, _FOREIGN_PIECES), max_size=25)
       .map(lambda pieces: "".join(pieces).encode()))
def test_leaving_out_raw_text_changes_nothing_but_scripts_and_styles(page: bytes) -> None:
    # The Python path (no compiled helpers): code left out, attributes kept.
    assert _tree_without_raw_elements(_without_raw_text(page, 0)) == _tree_without_raw_elements(page)


def test_what_code_is_left_out_and_what_stays() -> None:
    code = _CODE.encode()
    page = (b"<p>a</p><script>" + code + b"</script><style>" + code + b"</style><script>short</script>"
            b"<script>document.write('x');" + code + b"</script><script>" + code + "'中文'".encode()
            + b"</script>")
    expected = (b"<p>a</p><script></script><style></style><script>short</script>"
                b"<script>document.write('x');" + code + b"</script><script>" + code + "'中文'".encode()
                + b"</script>")
    assert UTF8.parser_input(page, 256, _KEPT) == _without_raw_text(page) == expected
    kept = b"<p class=x>nothing to leave out</p>"
    assert UTF8.parser_input(kept, 0, _KEPT) is kept


def test_which_attributes_go_and_which_stay() -> None:
    page = ("<div class=\"TRS_Editor\" style=\"font-size:16pt\" data-v-6f1c2b3a><p id=a lang=EN-US>正文"
            "<o:p></o:p></p><a href=\"/a.pdf\" target=_blank title='附件'>附件</a><!-- <p style=x> -->"
            "<script>var s = '<p style=y>';</script><textarea><b style=z></textarea></div>").encode()
    assert UTF8.parser_input(page, 256, _KEPT) == (
        "<div class=\"TRS_Editor\"    ><p id=a  >正文<o:p></o:p></p><a href=\"/a.pdf\"    >附件</a>"
        "<!-- <p style=x> --><script>var s = '<p style=y>';</script><textarea><b style=z></textarea></div>"
    ).encode()


def test_a_script_is_read_to_its_end_through_the_tokenizers_escapes() -> None:
    # An old page's script writing a script inside a comment: its first "</script>" ends nothing.
    script = b"<script><!--\ndocument.write('<script src=a.js></script>');\n//--></script>"
    page = script + b"<p style=x>text</p>"
    assert UTF8.parser_input(page, 256, _KEPT) == script + b"<p  >text</p>"
    assert _tree_as_read(UTF8.parser_input(page, 256, _KEPT)) == _tree_as_read(page)


def test_a_date_printed_by_a_script_is_still_read() -> None:
    page = ("<html><body><div class='info'>发布时间：<script>document.write('2024-03-28');" + _CODE
            + "</script></div><div class='content'>" + "关于2023年度法治政府建设情况的报告。" * 20
            + "</div><script>" + _CODE * 4 + "</script></body></html>")
    assert analyze(page.encode(), "http://www.example.gov.cn/a.html").page.published == date(2024, 3, 28)


@pytest.mark.parametrize("page", [b"<s" * 200_000, b"<script" * 50_000 + b">", b"<title " * 50_000,
                                  b"<!" * 100_000, b"</" * 100_000, b"<plaintexts" * 50_000])
def test_hostile_pages_are_read_in_one_pass_alike(page: bytes) -> None:
    # Every '<' opening a long run of letters: a name is read once (read to its end from every '<',
    # "<s<s<s…" took a second a 100 KB).
    assert _without_raw_text(page) == page
    assert _tree_as_read(UTF8.parser_input(page, 256, _KEPT)) == _tree_as_read(page)


@pytest.mark.parametrize("page", [
    b"<p style=\"never closed", b"<p style=x", b"<script><!--<script>", b"<plaintext><p style=x>",
    b"<p" + b" a=1" * 100_000 + b">", b"<" * 200_000, b"<p style='" * 50_000,
    b"<script><!--" + b"<script>" * 50_000, b"<script>" + b"-->" * 50_000,
    # Outside SVG and MathML a CDATA section ends at its first '>': the title opened after it reads the
    # script as its text (hypothesis found this one).
    b"<![CDATA[><title>]]><script>" + _CODE.encode() + b"</script>",
    b"<svg --><script/><p<script>" + _CODE.encode() + b"</script>",
])
def test_pages_ending_in_doubt_are_read_in_one_pass_and_kept_from_there(page: bytes) -> None:
    out = UTF8.parser_input(page, 256, _KEPT)
    assert _tree_as_read(out) == _tree_as_read(page)


def test_a_cdata_section_with_no_markup_between_its_two_possible_ends_is_read_past() -> None:
    # Text alone between the first '>' and "]]>": whichever end the context gives, what follows is read
    # alike, so a script after it still loses its code.
    code = _CODE.encode()
    page = b"<p><![CDATA[ a > b ]]></p><script>" + code + b"</script>"
    assert UTF8.parser_input(page, 256, _KEPT) == b"<p><![CDATA[ a > b ]]></p><script></script>"


def test_svg_and_mathml_are_read_as_foreign_content_to_their_end() -> None:
    # Inside them a script or style is markup and <script/> closes itself: an icon's attributes go and the
    # page after it loses its code and unread attributes as any page does.
    code = _CODE.encode()
    page = (b"<p style=x>a</p><svg class=icon viewBox='0 0 1 1' style=y><script/><style>p{}</style>"
            b"<path d=\"M0 0\"/><g fill=red><path d=M1/></path></g></svg><MATH><mrow><mfrac/></mrow></MATH>"
            b"<p style=y>b</p><script>" + code + b"</script>")
    out = UTF8.parser_input(page, 256, _KEPT)
    assert out == (b"<p  >a</p><svg class=icon    ><script/><style>p{}</style><path  /><g  >"
                   b"<path  ></path></g></svg><MATH><mrow><mfrac/></mrow></MATH><p  >b</p><script></script>")
    assert _tree_as_read(out) == _tree_as_read(page)


@pytest.mark.parametrize("inside", [
    b"<p>", b"<div class=x>", b"<font color=red>", b"<title>t</title>", b"<foreignObject><p>",
    b"<math><mi>x</mi></math>", b"</p>", b"</div>", b"</path>",
])
def test_foreign_content_the_tree_builder_leaves_keeps_the_rest_of_the_page(inside: bytes) -> None:
    # An HTML tag that breaks out, an element whose content is read as HTML, an end tag closing nothing
    # open in it: where the tree builder goes next is not followed, and the page is kept from there.
    code = _CODE.encode()
    rest = b"<svg><g>" + inside + b"<script/><p<script>" + code + b"</script><p style=y>b</p>"
    page = b"<p style=x>a</p>" + rest
    out = UTF8.parser_input(page, 256, _KEPT)
    assert out.endswith(b"<script/><p<script>" + code + b"</script><p style=y>b</p>")
    assert _tree_as_read(out) == _tree_as_read(page)


def test_an_svg_inside_a_select_is_ignored_by_the_tree_builder_and_keeps_the_rest() -> None:
    code = _CODE.encode()
    rest = b"<svg><script>" + code + b"</script><p style=y>b</p>"
    for page in (b"<select>" + rest, b"<select><option>a</select><svg></svg><p style=y>b</p>"):
        out = UTF8.parser_input(page, 256, _KEPT)
        assert _tree_as_read(out) == _tree_as_read(page)
    assert UTF8.parser_input(b"<select>" + rest, 256, _KEPT) == b"<select>" + rest
    closed = b"<select></select><svg style=x></svg>"
    assert UTF8.parser_input(closed, 256, _KEPT) == b"<select></select><svg  ></svg>"


@settings(max_examples=500, deadline=None)
@given(st.lists(_FOREIGN_PIECES, max_size=25).map(lambda pieces: "".join(pieces).encode()))
def test_foreign_content_changes_nothing_but_code_and_unread_attributes(page: bytes) -> None:
    out = UTF8.parser_input(page, 256, _KEPT)
    assert len(out) <= len(page)
    assert _tree_as_read(out) == _tree_as_read(page)


def test_wrong_kept_names_are_refused() -> None:
    with pytest.raises(TypeError):
        UTF8.parser_input(b"<p>", 256, ("id",))
    with pytest.raises(TypeError):
        UTF8.parser_input(b"<p>", 256, (b"",))
    with pytest.raises(ValueError, match="at most"):
        UTF8.parser_input(b"<p>", 256, tuple(b"a%d" % index for index in range(100)))


def test_pages_analyze_alike_with_and_without_the_compiled_helpers() -> None:
    # The compiled path parses the pages without the attributes nothing reads; the Python path keeps them.
    pages = [page for _, page in named_structured_pages(SHARED)]
    pages += [PortalPage(path.read_bytes(), None, f"http://www.example.gov.cn/{path.name}")
              for path in sorted(EXAMPLES.glob("*")) if path.is_file()]
    try:
        native_utf8(True)
        compiled = [analyze(page.data, page.url, page.content_type) for page in pages]
        native_utf8(False)
        python = [analyze(page.data, page.url, page.content_type) for page in pages]
    finally:
        native_utf8(True)
    assert compiled == python
