"""Documents as portals publish them, written from text: PDF (with or without a text layer), DOCX, DOC, OFD.

The demo portal serves its attachment-only reports with these, and tests build their fixtures
with them (no third-party files). The PDF is laid out the way Word/WPS output is: A4 pages, a
CJK font referenced as a CID font with a ToUnicode map (what extractors read), lines broken at
the right margin mid-sentence, a running header and a page number on every page. pypdf writes
the file structure (objects, cross-reference table); this module only draws the text.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from html import escape

A4 = (595.0, 842.0)
_MARGIN_X, _TOP, _BOTTOM = 72.0, 770.0, 80.0
_BODY_SIZE, _TITLE_SIZE, _SMALL = 14.0, 20.0, 10.5
_LEADING = 26.0


def _char_width(char: str, size: float) -> float:
    return size * (0.5 if char.isascii() else 1.0)


def _wrap(text: str, size: float, room: float, indent: float) -> list[tuple[float, str]]:
    """(x offset, line) pairs: the text broken at the right margin, wherever that falls."""
    lines: list[tuple[float, str]] = []
    line, used, offset = "", indent, indent
    for char in text:
        width = _char_width(char, size)
        if line and used + width > room:
            lines.append((offset, line))
            line, used, offset = "", 0.0, 0.0
        line += char
        used += width
    if line:
        lines.append((offset, line))
    return lines


class _Glyphs:
    """Characters -> 2-byte glyph ids of an Identity-H font, and the ToUnicode CMap back."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def encode(self, text: str) -> str:
        codes = []
        for char in text:
            gid = self.ids.setdefault(char, len(self.ids) + 1)
            codes.append(f"{gid:04X}")
        return "<" + "".join(codes) + ">"

    def to_unicode(self) -> bytes:
        entries = [f"<{gid:04X}> <{ord(char):04X}>" if ord(char) <= 0xFFFF else
                   f"<{gid:04X}> <{(char.encode('utf-16-be')).hex().upper()}>"
                   for char, gid in self.ids.items()]  # fmt: skip
        chunks = [entries[i: i + 100] for i in range(0, len(entries), 100)]
        body = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks)
        return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{body}endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n").encode()


def write_pdf(paragraphs: Sequence[str], *, title: str | None = None, header: str | None = None,
              page_numbers: bool = True, text_layer: bool = True, metadata_title: str | None = None) -> bytes:
    """A PDF of `title` (centred) and `paragraphs` (first lines indented two characters).

    `text_layer=False` draws every page as an image instead, like a scanner: no text to extract.
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    room = A4[0] - 2 * _MARGIN_X
    runs: list[tuple[float, float, str]] = []  # (size, x, line), None-size = paragraph gap
    if title:
        for _, line in _wrap(title, _TITLE_SIZE, room, 0.0):
            width = sum(_char_width(c, _TITLE_SIZE) for c in line)
            runs.append((_TITLE_SIZE, _MARGIN_X + (room - width) / 2, line))
    for paragraph in paragraphs:
        for offset, line in _wrap(paragraph, _BODY_SIZE, room, 2 * _BODY_SIZE):
            runs.append((_BODY_SIZE, _MARGIN_X + offset, line))
    pages: list[list[tuple[float, float, float, str]]] = [[]]
    y = _TOP
    for size, x, line in runs:
        if y < _BOTTOM:
            pages.append([])
            y = _TOP
        pages[-1].append((size, x, y, line))
        y -= _LEADING if size == _BODY_SIZE else _LEADING * 1.6

    writer = PdfWriter()
    glyphs = _Glyphs()
    streams: list[tuple[DecodedStreamObject, str]] = []
    for number, lines in enumerate(pages, 1):
        page = writer.add_blank_page(*A4)
        ops: list[str] = []
        furniture: list[tuple[float, float, float, str]] = []
        if header:
            furniture.append((_SMALL, _MARGIN_X, A4[1] - 40, header))
        if page_numbers:
            label = f"- {number} -"
            furniture.append((_SMALL, A4[0] / 2 - 15, 40.0, label))
        if text_layer:
            for size, x, y_pos, line in [*furniture[:1], *lines, *furniture[1:]]:
                ops.append(f"BT /F1 {size:g} Tf {x:.1f} {y_pos:.1f} Td {glyphs.encode(line)} Tj ET")
            resources = DictionaryObject()
        else:
            ops.append(f"q {A4[0]:g} 0 0 {A4[1]:g} 0 0 cm /Im1 Do Q")
            resources = DictionaryObject({NameObject("/XObject"): DictionaryObject(
                {NameObject("/Im1"): writer._add_object(_scan_image(lines))})})  # fmt: skip
        stream = DecodedStreamObject()
        streams.append((stream, "\n".join(ops)))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = resources
    for stream, ops in streams:
        stream.set_data(ops.encode("ascii"))
    if text_layer:
        to_unicode = DecodedStreamObject()
        to_unicode.set_data(glyphs.to_unicode())
        descendant = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject("/SimSun"),
            NameObject("/CIDSystemInfo"): DictionaryObject({
                NameObject("/Registry"): TextStringObject("Adobe"),
                NameObject("/Ordering"): TextStringObject("Identity"),
                NameObject("/Supplement"): NumberObject(0)}),
            NameObject("/DW"): NumberObject(1000),
        })  # fmt: skip
        font = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/SimSun"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }))  # fmt: skip
        for page in writer.pages:
            page[NameObject("/Resources")] = DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    if metadata_title:
        writer.add_metadata({"/Title": metadata_title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _scan_image(lines: Sequence[tuple[float, float, float, str]]):
    """A grey 'scan' of a page: dark bars where text lines are (8-bit, Flate), as a scanner makes."""
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

    w, h = 150, 212
    pixels = bytearray([235]) * (w * h)
    for _size, x, y, line in lines:
        row = int((A4[1] - y) / A4[1] * h)
        length = min(w - 1, int(len(line) * 4))
        start = int(x / A4[0] * w)
        for r in range(max(0, row - 1), min(h, row + 1)):
            for c in range(start, min(w, start + length)):
                pixels[r * w + c] = 40
    image = DecodedStreamObject()
    image.set_data(zlib.compress(bytes(pixels)))
    image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(w), NameObject("/Height"): NumberObject(h),
                  NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                  NameObject("/BitsPerComponent"): NumberObject(8),
                  NameObject("/Filter"): NameObject("/FlateDecode")})  # fmt: skip
    return image


def write_docx(paragraphs: Sequence[str], *, title: str | None = None,
               table: Sequence[Sequence[str]] | None = None) -> bytes:
    """A DOCX (python-docx) with a centred title, the paragraphs and an optional table after them."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    if title:
        heading = document.add_paragraph(title)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_ofd(paragraphs: Sequence[str], *, title: str | None = None, chars_per_line: int = 30,
              lines_per_page: int = 28) -> bytes:
    """An OFD (GB/T 33190): OFD.xml, Document.xml and one Content.xml per page of TextObjects.

    Sizes in millimetres as OFD has them: a 7 mm centred title, 5.2 mm body text, first lines of
    paragraphs indented two characters, lines broken where `chars_per_line` CJK characters fill the line.
    """
    size, title_size = 5.2, 7.0
    lines: list[tuple[float, float, str]] = []  # (x, size, text)
    if title:
        lines.append((105 - len(title) * title_size / 2, title_size, title))
    for paragraph in paragraphs:
        for offset, line in _wrap(paragraph, size, chars_per_line * size, 2 * size):
            lines.append((25 + offset, size, line))
    pages = [lines[i: i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.1" '
                         'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>demo</ofd:DocID>'
                         f'<ofd:Title>{escape(title or "")}</ofd:Title></ofd:DocInfo>'
                         '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')  # fmt: skip
        page_refs = "".join(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                            for n in range(len(pages)))  # fmt: skip
        archive.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}>'
                         '<ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea>'
                         '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>'
                         f'<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')  # fmt: skip
        for n, page_lines in enumerate(pages):
            objects = "".join(
                f'<ofd:TextObject ID="{1000 + i}" Boundary="{x:.1f} {30 + 9 * i} 170 8" Font="1" '
                f'Size="{s:g}">'
                f'<ofd:TextCode X="0" Y="6">{escape(text)}</ofd:TextCode></ofd:TextObject>'
                for i, (x, s, text) in enumerate(page_lines)
            )
            archive.writestr(f"Doc_0/Pages/Page_{n}/Content.xml",
                             f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
                             f'<ofd:Layer ID="{n + 10}">{objects}</ofd:Layer></ofd:Content></ofd:Page>')
    return buffer.getvalue()


# --------------------------------------------------------------------------- Word 97 (.doc)

_SECTOR = 512
_END, _FREE, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, start: int = _END, size: int = 0, left: int = _NOSTREAM,
               right: int = _NOSTREAM, child: int = _NOSTREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\0")
    entry += struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", left, right, child)
    entry += b"\0" * 16 + b"\0" * 4 + b"\0" * 16
    entry += struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry


def _compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """An OLE2 compound file (v3, 512-byte sectors) of `streams`, each >= 4096 bytes (no mini stream)."""
    data_sectors: list[bytes] = []
    starts: list[int] = []
    for _, data in streams:
        padded = data + b"\0" * (-len(data) % _SECTOR)
        starts.append(len(data_sectors))
        data_sectors += [padded[i:i + _SECTOR] for i in range(0, len(padded), _SECTOR)]
    dir_start = len(data_sectors)
    # directory: root, then streams; root's child is the last stream, others hang to its left
    entries: list[bytes] = []
    n = len(streams)
    entries.append(_dir_entry("Root Entry", 5, child=n))  # child id n = last stream (WordDocument)
    for i, (name, data) in enumerate(streams, 1):
        left = i - 1 if i > 1 else _NOSTREAM
        entries.append(_dir_entry(name, 2, start=starts[i - 1], size=len(data), left=left))
    directory = b"".join(entries)
    directory += _dir_entry("", 0) * (-len(entries) % 4)
    dir_sectors = [directory[i:i + _SECTOR] for i in range(0, len(directory), _SECTOR)]
    total = len(data_sectors) + len(dir_sectors)
    fat_count = 1
    while (total + fat_count) > fat_count * 128:
        fat_count += 1
    fat_start = total
    fat: list[int] = []
    for index, (_, data) in enumerate(streams):
        count = -(-len(data) // _SECTOR)
        for k in range(count):
            fat.append(starts[index] + k + 1 if k < count - 1 else _END)
    for k in range(len(dir_sectors)):
        fat.append(dir_start + k + 1 if k < len(dir_sectors) - 1 else _END)
    fat += [_FATSECT] * fat_count
    fat += [_FREE] * (fat_count * 128 - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, fat_count, dir_start, 0, 4096, _END, 0, _END, 0)
    difat = [fat_start + k for k in range(fat_count)] + [_FREE] * (109 - fat_count)
    header += struct.pack("<109I", *difat)
    assert len(header) == 512
    return header + b"".join(data_sectors) + b"".join(dir_sectors) + fat_bytes


def write_doc(paragraphs: Sequence[str], *, title: str | None = None) -> bytes:
    """A Word 97 binary document (.doc; also what Kingsoft WPS files are): the smallest that readers
    accept, a compound file with its WordDocument and 1Table streams, the FIB, and the text as one
    UTF-16 piece of the piece table (Clx). No formatting: antiword and catdoc read its paragraphs."""
    paragraphs = [title, *paragraphs] if title else list(paragraphs)
    text = "".join(p + "\r" for p in paragraphs)
    encoded = text.encode("utf-16-le")
    ccp = len(text)
    text_offset = 0x800
    # FIB
    base = struct.pack("<HHHHHHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, 0x1200, 0x00BF)
    base += struct.pack("<I", 0) + bytes([0, 0]) + struct.pack("<HH", 0, 0)
    base += struct.pack("<II", text_offset, text_offset + len(encoded))  # fcMin / fcMac (legacy)
    assert len(base) == 32
    rgw = struct.pack("<H", 14) + b"\0" * 28
    lw = [0] * 22
    lw[0] = text_offset + len(encoded)  # cbMac
    lw[3] = ccp  # ccpText
    rglw = struct.pack("<H", 22) + struct.pack("<22I", *lw)
    pairs = [(0, 0)] * 93
    # Clx in the table stream at offset 0
    clx_pieces = struct.pack("<II", 0, ccp) + struct.pack("<HIH", 0, text_offset, 0)
    clx = b"\x02" + struct.pack("<I", len(clx_pieces)) + clx_pieces
    pairs[33] = (0, len(clx))
    blob = struct.pack("<H", 93) + b"".join(struct.pack("<II", fc, lcb) for fc, lcb in pairs)
    fib = base + rgw + rglw + blob + struct.pack("<H", 0)
    word = fib.ljust(text_offset, b"\0") + encoded
    word = word.ljust(max(4096, len(word)), b"\0")
    table = clx.ljust(4096, b"\0")
    return _compound_file([("1Table", table), ("WordDocument", word)])
