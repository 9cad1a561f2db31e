"""Bytes -> text: BOM, declared charset (header, then <meta>), verified by strict decodes, then detection.

Labels lie in both directions on Chinese portals (utf-8 pages that are GBK and the reverse), so a
label is only trusted when a strict decode with it succeeds. Valid UTF-8 with non-ASCII bytes is
almost never GBK by accident, so a strict UTF-8 attempt comes first: it is also the cheapest (with
the compiled check, a valid page's text is left to be built from its bytes where needed: `Decoded`).
"""

from __future__ import annotations

import codecs
import functools
import re
from types import ModuleType

from streams.analysis import _native

# Bytes of the page searched for <meta charset> / http-equiv declarations.
META_SCAN_BYTES = 4096
# Sample given to charset-normalizer when no cheap decode fits (detection cost grows with size).
DETECT_SAMPLE_BYTES = 64 * 1024
# Share of U+FFFD (of decoded characters) still accepted from a "nearly right" encoding.
NEARLY_CLEAN_RATIO = 0.002

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Every GB-family label decodes as its superset gb18030 (gb2312 pages routinely use GBK characters).
_GB_FAMILY = frozenset({
    "gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "cp936", "ms936", "windows-936", "gb18030",
    "csgb2312", "euc-cn", "x-euc-cn", "chinese", "iso-ir-58", "hz-gb-2312",
})
# Labels that prove nothing: every byte string decodes under them, so they are checked last.
_SINGLE_BYTE = frozenset({"iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii", "windows-1252", "cp1252"})

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04",
                 b"\xd0\xcf\x11\xe0", b"RIFF", b"\x1f\x8b")


class Decoded:
    """A page decoded: its text, the encoding read, whether some bytes did not decode (and were replaced
    with U+FFFD), and the text in UTF-8 when decoding had it at hand (the fetched bytes of a UTF-8 page, a
    GB page converted): the HTML parser reads that instead of encoding the text again (`clean_decoded`).

    With `utf8`, the text may be left unbuilt (`text=None`): it is decoded from `utf8` on first use. Most
    pages never need it as a str, as the parser reads the UTF-8 (0.06 ms a median page saved).
    """

    __slots__ = ("_text", "encoding", "errors", "utf8")

    def __init__(self, text: str | None, encoding: str, errors: bool, utf8: bytes | None = None) -> None:
        if text is None and utf8 is None:
            raise ValueError("a decoded page needs its text or its UTF-8")
        self._text = text
        self.encoding = encoding
        self.errors = errors
        self.utf8 = utf8

    @property
    def text(self) -> str:
        if self._text is None:
            assert self.utf8 is not None  # __init__ saw to it
            self._text = self.utf8.decode()
        return self._text

    @property
    def built_text(self) -> str | None:
        """The text if it was built already (None: only `utf8` is at hand so far)."""
        return self._text

    def _key(self) -> tuple[str, str, bool, bytes | None]:
        return self.text, self.encoding, self.errors, self.utf8

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decoded) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Decoded(text={self.text[:40]!r}..., encoding={self.encoding!r}, errors={self.errors!r}, "
                f"utf8={'None' if self.utf8 is None else f'<{len(self.utf8)} bytes>'})")


def _normalize_label(label: str | None) -> str | None:
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if name in {"gbk", "gb2312", "gb18030", "hz"} else name


def _declared_labels(data: bytes, content_type: str | None) -> list[str]:
    labels: list[str] = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            labels.append(match.group(1))
    for match in _META_CHARSET.finditer(data[:META_SCAN_BYTES]):
        labels.append(match.group(1).decode("ascii", "ignore"))
    normalized: list[str] = []
    for label in labels:
        name = _normalize_label(label)
        if name and name not in normalized:
            normalized.append(name)
    return normalized


def _strict(data: bytes, encoding: str) -> str | None:
    decoded = _strict_utf8(data, encoding)
    return decoded.text if decoded is not None else None


def _strict_utf8(data: bytes, encoding: str) -> Decoded | None:
    """The strict decode and, for GB pages, the text in UTF-8 (`_decode_gb`; the compiled decoder leaves
    the text unbuilt)."""
    if encoding == "gb18030":
        # GBK is a subset with the same two-byte mappings and decodes about twice as fast; only
        # GB18030's four-byte sequences (and invalid bytes) need the full codec.
        if _utf8 is not None:
            utf8 = _utf8.gbk_to_utf8(data, _gbk_table())
            if utf8 is not None:
                return Decoded(None, encoding, False, utf8=utf8)
        for codec in ("gbk", "gb18030"):
            try:
                text, utf8 = _decode_gb(data, codec)
            except UnicodeDecodeError:
                continue
            return Decoded(text, encoding, False, utf8=utf8)
        return None
    try:
        return Decoded(data.decode(encoding), encoding, False)
    except (UnicodeDecodeError, LookupError):
        return None


# CPython's GB codecs read ASCII byte by byte (~5 ns a byte, the ASCII codec ~0.05): a GB page is
# decoded in pieces cut before a '<' at least this many bytes apart, and a piece holding no byte
# above 0x7F (a script, a style sheet, an SVG) by the ASCII codec.
_GB_PIECE_BYTES = 8192


def _decode_gb(data: bytes, codec: str) -> tuple[str, bytes]:
    """`data.decode(codec)` (strict) for GBK / GB18030, with the ASCII-only pieces read as ASCII, and
    the text in UTF-8: the ASCII pieces are already UTF-8, so only the others are encoded (the parser
    would otherwise encode the whole page, markup and scripts included, from the decoded text).

    Exact: '<' is never inside a multibyte sequence of these codecs (trail bytes are 0x40-0xFE, or
    digits in a four-byte sequence), so each cut falls between two characters; bytes below 0x80 are
    ASCII in both; and an invalid sequence fails the piece holding it as it fails the whole (a lead
    byte before a cut fails as an incomplete sequence, as it fails before the '<' in the whole).
    """
    if len(data) <= _GB_PIECE_BYTES:
        text = data.decode(codec)
        return text, text.encode()
    pieces: list[str] = []
    utf8: list[bytes] = []
    position, size = 0, len(data)
    while position < size:
        cut = data.find(b"<", position + _GB_PIECE_BYTES)
        end = size if cut < 0 else cut
        piece = data[position:end]
        if piece.isascii():
            pieces.append(piece.decode("ascii"))
            utf8.append(piece)
        else:
            text = piece.decode(codec)
            pieces.append(text)
            utf8.append(text.encode())
        position = end
    return "".join(pieces), b"".join(utf8)


_utf8 = _native.load_utf8()


def compiled_utf8() -> ModuleType | None:
    """The compiled UTF-8 helpers in use (None: the Python paths), as `native_utf8` last set them."""
    return _utf8


def native_utf8(enabled: bool) -> bool:
    """Use the compiled UTF-8 helpers (where they were built: the GBK decoder, the UTF-8 check that leaves
    the text unbuilt) or the codecs alone; returns whether the helpers are in use now. Both give the same
    text: the tests compare them."""
    global _utf8
    _utf8 = _native.load_utf8() if enabled else None
    return _utf8 is not None


@functools.cache
def _gbk_table() -> bytes:
    """The table the compiled GBK decoder reads (_utf8.c): for each lead byte 0x80-0xFF and trail
    byte 0x00-0xFF, the UTF-8 length of what the gbk codec decodes the pair to (0 when it rejects it),
    then those bytes. Built once, from the codec itself (about 30 ms), so both decode alike."""
    table = bytearray(128 * 256 * 4)
    for lead in range(0x80, 0x100):
        for trail in range(0x100):
            try:
                utf8 = bytes((lead, trail)).decode("gbk").encode()
            except UnicodeDecodeError:
                continue
            if len(utf8) > 3:  # beyond the table's room: such a pair is left to the codec
                continue
            offset = ((lead - 0x80) * 256 + trail) * 4
            table[offset] = len(utf8)
            table[offset + 1:offset + 1 + len(utf8)] = utf8
    return bytes(table)


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:4096]
    return head.count(0) > len(head) // 10


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has its NULs on one parity: ASCII characters are 00 xx or xx 00."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 4 and even <= odd // 8:
        return _strict(data, "utf-16-le")
    if even > len(head) // 4 and odd <= even // 8:
        return _strict(data, "utf-16-be")
    return None


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:DETECT_SAMPLE_BYTES]).best()
    except Exception:  # the detector must never take the pipeline down
        return None
    if best is None:
        return None
    return _normalize_label(best.encoding)


def _replace(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd")


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode one fetched page; never raises. `errors` is True when bytes had to be replaced."""
    try:
        return _decode(bytes(data) if not isinstance(data, bytes) else data, content_type)
    except Exception:  # last resort: a decoder bug must not lose the page
        text = bytes(data).decode("utf-8", errors="replace") if isinstance(data, bytes | bytearray) else ""
        return Decoded(text=text, encoding="utf-8", errors=True)


def _decode(data: bytes, content_type: str | None) -> Decoded:
    if not data:
        return Decoded(text="", encoding="utf-8", errors=False)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, bad = _replace(data[len(bom):], encoding)
            return Decoded(text=text, encoding=encoding, errors=bad > 0)

    labels = _declared_labels(data, content_type)
    utf16 = next((label for label in labels if label.startswith(("utf-16", "utf-32"))), None)
    if utf16:
        text, bad = _replace(data, utf16)
        return Decoded(text=text, encoding=utf16, errors=bad > 0)
    if _looks_binary(data):
        text16 = _utf16_without_bom(data)
        if text16 is not None:
            return Decoded(text=text16, encoding="utf-16", errors=False)
        return Decoded(text="", encoding="binary", errors=True)

    # Valid UTF-8 is the page's UTF-8 as it is: with the compiled check, its text is built only if needed.
    if _utf8 is not None:
        if _utf8.is_utf8(data):
            return Decoded(None, "utf-8", False, utf8=data)
    elif (text := _strict(data, "utf-8")) is not None:
        return Decoded(text=text, encoding="utf-8", errors=False, utf8=data)
    # Declared labels that can fail a strict decode first, then the usual suspect for Chinese pages.
    candidates = [label for label in labels if label not in _SINGLE_BYTE and label != "utf-8"]
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for encoding in candidates:
        decoded = _strict_utf8(data, encoding)
        if decoded is not None:
            return decoded

    # Nothing decodes cleanly: a few stray bytes in an otherwise fine page are the common case.
    best_encoding, best_text, best_bad = "utf-8", "", -1
    for encoding in ["utf-8", *candidates]:
        text, bad = _replace(data, encoding)
        if best_bad < 0 or bad < best_bad:
            best_encoding, best_text, best_bad = encoding, text, bad
    if best_bad <= max(1, int(len(best_text) * NEARLY_CLEAN_RATIO)):
        return Decoded(text=best_text, encoding=best_encoding, errors=True)

    detected = _detect(data)
    if detected and detected not in {best_encoding, "utf-8"}:
        text = _strict(data, detected)
        if text is not None:
            return Decoded(text=text, encoding=detected, errors=False)
        text, bad = _replace(data, detected)
        if bad < best_bad:
            return Decoded(text=text, encoding=detected, errors=True)
    single_byte = next((label for label in labels if label in _SINGLE_BYTE), None)
    if single_byte and best_bad > len(best_text) // 20:
        # A genuinely Western page labelled latin-1 / cp1252: the label is the best we have.
        text, bad = _replace(data, single_byte)
        return Decoded(text=text, encoding=single_byte, errors=bad > 0)
    return Decoded(text=best_text, encoding=best_encoding, errors=True)
