"""decode(): BOM, verified labels (lying in both directions), GB-family labels, bad and binary bytes."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.analysis.decode import _decode_gb, decode

_REPORT = ("<html><body><p>某县人民政府关于2023年度法治政府建设情况的报告："
           "全年办理行政复议案件25件。</p></body></html>")


def _page(charset: str) -> str:
    head = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
    return head + _REPORT


def test_gbk_bytes_with_a_lying_utf8_label() -> None:
    decoded = decode(_page("utf-8").encode("gbk"), "text/html; charset=utf-8")
    assert decoded.encoding == "gb18030"
    assert "法治政府建设情况的报告" in decoded.text
    assert not decoded.errors


def test_utf8_bytes_with_a_lying_gbk_label() -> None:
    decoded = decode(_page("gbk").encode("utf-8"), "text/html; charset=GBK")
    assert decoded.encoding == "utf-8"
    assert "行政复议案件25件" in decoded.text


def test_gb2312_label_with_characters_outside_gb2312() -> None:
    text = _page("gb2312") + "<p>镕堃喆 𠀀</p>"  # GBK-only and GB18030 four-byte characters
    decoded = decode(text.encode("gb18030"))
    assert decoded.encoding == "gb18030"
    assert "镕堃喆 𠀀" in decoded.text
    assert not decoded.errors


def test_header_label_wins_over_meta_when_both_verify() -> None:
    data = _page("gb2312").encode("big5", errors="ignore")
    decoded = decode(data, "text/html; charset=big5")
    assert decoded.encoding == "big5"


def test_bom_decides() -> None:
    assert decode(codecs.BOM_UTF8 + "法治".encode()).text == "法治"
    decoded = decode("法治政府".encode("utf-16"))
    assert decoded.text == "法治政府"
    assert decoded.encoding.startswith("utf-16")


def test_stray_bad_byte_is_replaced_and_flagged() -> None:
    data = _page("gbk").encode("gbk") + b"\xff"
    decoded = decode(data)
    assert decoded.errors
    assert "法治政府建设情况的报告" in decoded.text
    assert "\ufffd" in decoded.text


def test_empty_input() -> None:
    decoded = decode(b"")
    assert decoded.text == ""
    assert not decoded.errors


def test_binary_input_gives_empty_text() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    decoded = decode(png, "image/png")
    assert decoded.text == ""
    assert decoded.errors
    nul_heavy = b"\x00\x01\x02\x00" * 5000
    assert decode(nul_heavy).text == ""


def test_twenty_megabytes() -> None:
    data = ("<p>法治政府建设年度报告，" + "x" * 80 + "</p>\n").encode("gbk") * 200_000
    assert len(data) > 20_000_000
    decoded = decode(data, "text/html; charset=gb2312")
    assert decoded.encoding == "gb18030"
    assert decoded.text.startswith("<p>法治政府建设年度报告")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000),
       st.sampled_from([None, "text/html", "text/html; charset=gbk", "charset=bogus"]))
def test_never_raises(data: bytes, content_type: str | None) -> None:
    decoded = decode(data, content_type)
    assert isinstance(decoded.text, str)


def test_gb18030_four_byte_characters_survive_the_gbk_fast_path() -> None:
    # 𠮷 (outside the BMP) has only a GB18030 four-byte form: the GBK attempt fails, the full codec runs.
    text = _page("gb2312").replace("某县", "𠮷县")
    data = text.encode("gb18030")
    result = decode(data)
    assert result.text == text
    assert result.encoding == "gb18030" and not result.errors


def test_gbk_fast_path_gives_exactly_the_gb18030_text() -> None:
    symbols = "·—―〃々‖…‘’“”〔〕〈〉《》「」『』〖〗【】±×÷∶∧∨∑∏∪∩∈∷√⊥∥∠⌒⊙∫∮≡≌≈∽∝≠≮≯≤≥∞"
    text = _page("gbk") + symbols + "∵∴♂♀°′″℃＄¤￠￡‰§№☆★"
    data = text.encode("gb18030")
    assert data.decode("gbk") == text  # the fast path applies
    assert decode(data, "text/html; charset=utf-8") == decode(data, "text/html; charset=gb18030")
    assert decode(data).text == text


def test_utf8_bytes_are_handed_on_only_when_they_are_the_text() -> None:
    data = _page("utf-8").encode("utf-8")
    assert decode(data).utf8 is data  # the parser may read them as they are
    gbk = decode(_page("utf-8").encode("gbk"))
    assert gbk.utf8 == _page("utf-8").encode("utf-8")  # a GB page's text in UTF-8, not its GBK bytes
    long_gbk = decode((_page("utf-8") + "<script>" + "x" * 20_000 + "</script>" + _page("x")).encode("gbk"))
    assert long_gbk.utf8 == long_gbk.text.encode("utf-8")  # pieces: ASCII ones as they are
    assert decode(codecs.BOM_UTF8 + data).utf8 is None


# Pieces of GB pages: markup, GBK text, GB18030 four-byte characters, and bytes that break a sequence
# (a lone lead byte, one right before '<', 0x80, 0xFF).
_GB_VALID = [b'<div class="x">', b"</p>\n", b"<script>var a = 1;</script>", "法治政府建设".encode("gbk"),
             "𠮷".encode("gb18030"), b"a" * 3000, b"<" * 3]
_GB_PIECES = [*_GB_VALID, b"\x81", b"\x81<", b"\x80", b"\xff"]


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_GB_VALID), min_size=1, max_size=40),
                 st.lists(st.sampled_from(_GB_PIECES), min_size=1, max_size=40)))
def test_gb_pages_decoded_in_pieces_as_in_one(pieces: list[bytes]) -> None:
    data = b"".join(pieces) * 3  # mostly past the piece size, so that the page is cut
    for codec in ("gbk", "gb18030"):
        try:
            whole: str | None = data.decode(codec)
        except UnicodeDecodeError:
            whole = None
        try:
            cut, utf8 = _decode_gb(data, codec)
        except UnicodeDecodeError:
            cut = utf8 = None
        assert cut == whole
        assert utf8 == (whole.encode() if whole is not None else None)
