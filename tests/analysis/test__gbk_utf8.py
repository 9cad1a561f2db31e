"""The compiled GBK decoder (streams/analysis/_gbk_utf8.c) against CPython's gbk codec.

Every expectation comes from the codec (`bytes.decode("gbk")`), never from the decoder or its table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench._structured_pages import named_structured_pages
from streams.analysis import _native, decode
from streams.analysis.decode import _gbk_table, native_gbk

GBK = _native.load_gbk()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"
SHARED = Path(__file__).resolve().parents[3] / "shared"

pytestmark = pytest.mark.skipif(GBK is None, reason="the compiled GBK decoder was not built (no C compiler)")


def _codec(data: bytes) -> bytes | None:
    try:
        return data.decode("gbk").encode()
    except UnicodeDecodeError:
        return None


def test_the_compiled_decoder_is_built_and_in_use() -> None:
    # `make test` builds it; without it GB pages decode about four times slower, silently but for a warning.
    assert GBK is not None
    assert native_gbk(True)


def test_every_byte_pair_decodes_as_the_codec_decodes_it() -> None:
    assert GBK is not None
    table = _gbk_table()
    for lead in range(0x80, 0x100):
        assert GBK.gbk_to_utf8(bytes((lead,)), table) is None  # a lead byte at the end
        for trail in range(0x100):
            pair = bytes((lead, trail))
            assert GBK.gbk_to_utf8(pair, table) == _codec(pair), pair


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
    assert GBK is not None
    assert GBK.gbk_to_utf8(data, _gbk_table()) == _codec(data)


def test_a_wrong_table_or_argument_is_refused() -> None:
    assert GBK is not None
    with pytest.raises(ValueError, match="table must hold"):
        GBK.gbk_to_utf8(b"abc", b"\0" * 16)
    with pytest.raises(TypeError):
        GBK.gbk_to_utf8("abc", _gbk_table())  # type: ignore[arg-type]


def test_the_empty_string_and_pure_ascii() -> None:
    assert GBK is not None
    assert GBK.gbk_to_utf8(b"", _gbk_table()) == b""
    page = b"<html><script>var a = 1;</script></html>" * 100
    assert GBK.gbk_to_utf8(page, _gbk_table()) == page


def _gb_pages() -> list[bytes]:
    pages = [path.read_bytes() for path in sorted(EXAMPLES.glob("*")) if path.is_file()]
    pages += [page.data for _, page in named_structured_pages(SHARED)]
    return [data for data in pages if decode(data).encoding == "gb18030"]


def test_pages_decode_alike_with_and_without_the_compiled_decoder() -> None:
    # The shipped examples hold a few GB pages; with ../shared, the structured pages add a hundred.
    pages = _gb_pages()
    assert len(pages) >= (50 if SHARED.is_dir() else 5)
    try:
        native_gbk(True)
        compiled = [decode(data) for data in pages]
        native_gbk(False)
        codec = [decode(data) for data in pages]
    finally:
        native_gbk(True)
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
    assert GBK is not None
    assert GBK.gbk_to_utf8(data, _gbk_table()) is None
    decoded = decode(data, "text/html; charset=gbk")
    assert (decoded.encoding, decoded.text, decoded.errors) == ("gb18030", data.decode("gb18030"), False)
