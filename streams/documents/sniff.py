"""What a file is, from its bytes (magic numbers): never from its name or Content-Type alone.

Portals serve PDFs as ``text/html``, HTML error pages at ``.pdf`` addresses, images behind 附件
links and ZIPs that are neither DOCX nor OFD. The name and the declared type only break ties the
bytes leave open (an OLE2 compound file is a Word ``.doc`` or a Kingsoft ``.wps``).
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

Format = Literal["pdf", "docx", "doc", "wps", "ofd", "rtf", "zip", "html", "image", "text", "unknown"]

#: Formats whose text we extract.
DOCUMENT_FORMATS: frozenset[str] = frozenset({"pdf", "docx", "doc", "wps", "ofd"})
#: File name suffixes of documents (links, `fazhi analyze` inputs).
DOCUMENT_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".doc", ".wps", ".ofd"})

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<meta", b"<title", b"<div")


def sniff(data: bytes, filename: str | None = None, content_type: str | None = None) -> Format:
    """The format of `data`; `filename` and `content_type` only tell .doc from .wps."""
    head = data[:2048]
    if b"%PDF-" in head[:1024]:  # some producers put junk (a BOM, a blank line) before the header
        return "pdf"
    if head.startswith(_OLE2):
        name = (filename or "").lower()
        declared = (content_type or "").lower()
        return "wps" if name.endswith(".wps") or "wps" in declared or "kingsoft" in declared else "doc"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"<") and any(mark in probe[:1024] for mark in _HTML_MARKS):
        return "html"
    if head and b"\x00" not in head:
        return "text"
    return "unknown"


def _zip_kind(data: bytes) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {name.replace("\\", "/").lstrip("/").lower() for name in archive.namelist()}
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "ofd.xml" in names:
        return "ofd"
    return "zip"


def describe(fmt: str) -> str:
    """Words for a reason: 'an HTML page', 'an image'."""
    return {"html": "an HTML page", "image": "an image", "zip": "a ZIP archive that is neither DOCX nor OFD",
            "text": "plain text", "rtf": "an RTF file (not read: catdoc garbles its Chinese)",
            "unknown": "an unknown binary format"}.get(fmt, f"a {fmt.upper()} file")
