"""Document text extraction on files built here (crawlers.demo_portal.documents), hostile ones included."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from crawlers.demo_portal.documents import write_doc, write_docx, write_ofd, write_pdf
from streams.documents import Limits, extract_isolated, extract_text, join_lines, sniff

TITLE = "龙游县人民政府关于2025年度法治政府建设情况的报告"
PARAGRAPHS = [
    "衢州市人民政府：",
    "2025年，龙游县人民政府坚持以习近平法治思想为指导，全面推进法治政府建设，现将有关情况报告如下。",
    "一、主要举措和工作成效",
    "（一）依法全面履行政府职能。全面落实权责清单制度，公布县级权责清单事项4125项，全年新增减税降费1.3亿元，"
    "市场主体总量较上年增长8.2%。",
    "（二）化解行政争议。县政府收到行政复议申请72件，受理65件，审结61件，综合纠错率8.2%；办理行政诉讼案件29件，"
    "行政机关负责人出庭应诉率达100%。",
    "（三）推进政务公开。主动公开政府信息3418条，受理依申请公开政府信息41件，答复率100%。",
    "二、存在的不足和原因",
    "一是基层法治力量仍然薄弱，二是执法规范化水平有待提高。",
    "三、下一年度主要安排",
    "深入推进法治政府示范创建，加强行政执法协调监督工作体系建设。",
    "龙游县人民政府",
    "2026年3月20日",
]


def _body(result) -> str:
    return "\n".join(result.paragraphs)


def test_pdf_text_is_joined_into_paragraphs_without_page_furniture() -> None:
    data = write_pdf(PARAGRAPHS * 2, title=TITLE, header="龙游县人民政府文件")
    result = extract_text(data, filename="x.bin", content_type="text/html")  # the bytes decide
    assert result.format == "pdf" and result.reason is None and not result.needs_ocr
    assert result.pages and result.pages >= 2
    assert result.paragraphs[0] == TITLE  # a title over two lines is one paragraph
    # Each paragraph comes back whole, although the PDF broke it at the margin and the page.
    for paragraph in PARAGRAPHS:
        assert paragraph in result.paragraphs
    text = _body(result)
    assert "- 1 -" not in text and "- 2 -" not in text
    assert "龙游县人民政府文件" not in text


def test_scanned_pdf_needs_ocr() -> None:
    result = extract_text(write_pdf(PARAGRAPHS, title=TITLE, text_layer=False))
    assert result.needs_ocr and not result.ok
    assert "no text layer" in result.reason and "OCR" in result.reason


def test_docx_paragraphs_and_tables() -> None:
    data = write_docx(PARAGRAPHS, title=TITLE, table=[["指标", "数量"], ["行政复议申请", "72件"]])
    result = extract_text(data, filename="report.pdf")  # a wrong name changes nothing
    assert result.format == "docx" and result.reason is None
    assert result.paragraphs[0] == TITLE
    assert list(result.paragraphs[1:13]) == PARAGRAPHS
    assert result.paragraphs[-1] == "行政复议申请 72件"


def test_ofd_text() -> None:
    result = extract_text(write_ofd(PARAGRAPHS, title=TITLE))
    assert result.format == "ofd" and result.reason is None and result.pages == 1
    assert result.paragraphs[0] == TITLE
    for paragraph in PARAGRAPHS[3:6]:  # broken at 30 characters a line in the file
        assert paragraph in result.paragraphs


@pytest.mark.parametrize(("name", "fmt"), [("report.doc", "doc"), ("report.wps", "wps"), ("report", "doc")])
def test_word_97_documents_through_the_converters(name: str, fmt: str) -> None:
    """DOC through antiword (then catdoc), WPS through catdoc (then antiword): the Debian packages."""
    result = extract_text(write_doc(PARAGRAPHS, title=TITLE), filename=name)
    assert result.format == fmt and result.reason is None, result.reason
    assert list(result.paragraphs) == [TITLE, *PARAGRAPHS]


def test_doc_falls_back_to_catdoc(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    (tmp_path / "catdoc").symlink_to(shutil.which("catdoc"))
    monkeypatch.setenv("PATH", str(tmp_path))  # antiword is not on it
    result = extract_text(write_doc(PARAGRAPHS[:4]), filename="a.doc")
    assert list(result.paragraphs) == PARAGRAPHS[:4]


def test_ole_file_that_is_no_word_document_gives_the_converters_reasons() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000
    result = extract_text(data, filename="report.wps")
    assert result.format == "wps" and not result.ok
    assert "catdoc" in result.reason and "antiword" in result.reason


def test_missing_converters_say_how_to_install_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, filename="a.doc")
    assert "antiword is not installed (make system-deps)" in result.reason


@pytest.mark.parametrize(("data", "what"), [
    (b"<!DOCTYPE html><html><head><title>404</title></head><body>not found</body></html>", "an HTML page"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "an image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "an image"),
    (b"{\\rtf1\\ansi\\ansicpg936 x\\par }", "an RTF file (not read: catdoc garbles its Chinese)"),
])
def test_what_is_not_a_document_says_what_it_is(data: bytes, what: str) -> None:
    result = extract_text(data, filename="report.pdf", content_type="application/pdf")
    assert result.reason == f"not a document: {what}"


def test_a_zip_that_is_neither_docx_nor_ofd() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("报告.txt", "x")
    assert sniff(buffer.getvalue()) == "zip"
    assert extract_text(buffer.getvalue(), filename="a.docx").reason == (
        "not a document: a ZIP archive that is neither DOCX nor OFD")


# --------------------------------------------------------------------------- limits and hostile files


def _zip_bomb(kind: str, unpacked: int) -> bytes:
    buffer = io.BytesIO()
    name = "word/document.xml" if kind == "docx" else "OFD.xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(name, "w") as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["docx", "ofd"])
def test_zip_bomb_is_refused_by_its_declared_size(kind: str) -> None:
    data = _zip_bomb(kind, 24 * 1024 * 1024)
    assert len(data) < 100_000  # 24 MiB of zeros packs small
    result = extract_text(data, limits=Limits(max_unpacked_bytes=8 * 1024 * 1024))
    assert result.format == kind and not result.ok
    assert "over the limit of 8388608" in result.reason and "ZIP bomb" in result.reason


def test_zip_bomb_with_lying_sizes_is_refused_while_unpacking() -> None:
    """Declared sizes patched down to 1 KiB: the real unpacked size is what counts."""
    data = bytearray(_zip_bomb("docx", 24 * 1024 * 1024))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            size = struct.unpack_from("<I", data, start + offset)[0]
            if size >= 1024 * 1024:
                struct.pack_into("<I", data, start + offset, 1024)
            start += 4
    result = extract_text(bytes(data), limits=Limits(max_unpacked_bytes=8 * 1024 * 1024))
    assert result.format == "docx" and not result.ok
    assert "ZIP entry 'word/document.xml' cannot be read" in result.reason or "ZIP bomb" in result.reason


def test_pdf_with_too_many_pages() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    result = extract_text(buffer.getvalue())
    assert result.reason == "PDF: 5000 pages, over the limit of 500"


def test_file_over_the_size_limit() -> None:
    data = write_pdf(PARAGRAPHS, title=TITLE)
    result = extract_text(data, limits=Limits(max_bytes=1000))
    assert result.reason == f"PDF of {len(data)} bytes is over the limit of 1000 bytes"


def test_time_budget_is_checked_between_pages() -> None:
    result = extract_text(write_pdf(PARAGRAPHS * 4, title=TITLE), limits=Limits(max_seconds=0.0))
    assert result.reason.startswith("PDF: extraction took longer than 0 s (stopped at page 1 of")


def test_encrypted_pdf_needs_a_password_but_owner_only_encryption_opens() -> None:
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(PARAGRAPHS, title=TITLE)

    def encrypted(user: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
        writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    locked = extract_text(encrypted("user-secret"))
    assert locked.reason == "PDF: encrypted: a password is needed to read it"
    opened = extract_text(encrypted(""))
    assert opened.reason is None and PARAGRAPHS[4] in opened.paragraphs


def test_broken_xref_table_is_rebuilt_and_truncation_is_a_reason() -> None:
    data = write_pdf(PARAGRAPHS, title=TITLE)
    xref = data.rindex(b"\nxref") + 1
    table_end = data.index(b"trailer", xref)
    broken = data[:xref] + data[xref:table_end].replace(b"0", b"9") + data[table_end:]
    assert broken != data
    rebuilt = extract_text(broken)
    assert rebuilt.reason is None and PARAGRAPHS[4] in rebuilt.paragraphs
    for cut in (len(data) // 3, 200, 20):
        result = extract_text(data[:cut])
        assert result.format == "pdf"
        assert result.reason is not None or result.ok  # never an exception


def test_garbage_after_a_pdf_header_is_a_reason() -> None:
    result = extract_text(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert result.format == "pdf" and not result.ok and result.reason.startswith("PDF: ")


def test_text_is_cut_at_the_character_limit() -> None:
    result = extract_text(write_docx(PARAGRAPHS), limits=Limits(max_chars=100))
    assert sum(map(len, result.paragraphs)) <= 100
    assert result.reason == "text cut at the limit of 100 characters"


def test_isolated_extraction_gives_the_same_text() -> None:
    data = write_pdf(PARAGRAPHS, title=TITLE)
    assert extract_isolated(data) == extract_text(data)


def test_isolated_extraction_stops_a_page_that_takes_too_long() -> None:
    """One page with a huge content stream: the in-process budget cannot stop it, the kill does."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf " + b"1 0 Td (x) Tj " * 3_000_000 + b"ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    result = extract_isolated(buffer.getvalue(), limits=Limits(max_seconds=0.5, max_bytes=100 * 1024 * 1024))
    assert result.reason == "PDF: extraction did not finish within 0.5 s (stopped)"


def test_join_lines_keeps_headings_and_short_lines_apart() -> None:
    broken = ["全县受理行政复议申请九十六件，受理八十八件，审结八十三件，纠错率百分", "之九点一。"]
    lines = ["一、主要举措", *broken, "（一）规范执法", "开展执法检查。"]
    assert join_lines(lines) == ["一、主要举措", "".join(broken), "（一）规范执法", "开展执法检查。"]


def test_isolated_extraction_under_a_memory_cap_gives_a_reason() -> None:
    result = extract_isolated(write_pdf(PARAGRAPHS * 3, title=TITLE),
                              limits=Limits(max_memory_bytes=40 * 1024 * 1024))
    assert not result.ok
    assert "out of memory" in result.reason or "process died" in result.reason, result.reason
