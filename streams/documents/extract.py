"""Document bytes -> text: PDF (pypdf), DOCX (python-docx), DOC/WPS (antiword, catdoc), OFD (ofdkit).

Pure logic apart from the Debian converters run as subprocesses: no Kafka, no network. Every
failure, hostile file or library bug included, comes back as a `DocumentText` with a `reason`;
nothing raises. The limits hold inside one call (pages, text, unpacked ZIP bytes, a time budget
checked between pages and given to the converters); `streams.documents.isolated` adds the hard
ones a library stuck on a single page cannot escape (a wall-clock kill, a memory cap).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from streams.documents.lines import Line, normalize_line, paragraphs_from_pages
from streams.documents.sniff import DOCUMENT_FORMATS, describe, sniff

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may cost. Defaults fit the reports portals publish (10-80 pages, < 10 MiB)."""

    max_bytes: int = 20 * MIB  # the file itself
    max_pages: int = 500
    max_seconds: float = 30.0  # extraction time, converters included
    max_unpacked_bytes: int = 200 * MIB  # DOCX/OFD: all ZIP entries, uncompressed (declared and actual)
    max_entries: int = 10_000  # DOCX/OFD: ZIP entries
    max_chars: int = 2_000_000  # text kept
    max_memory_bytes: int = 1024 * MIB  # isolated extraction only: address space of the child


@dataclass(frozen=True, slots=True)
class DocumentText:
    """The text of one document, or why there is none.

    `reason` says why the text is missing or partial (encrypted, over a limit, a scan with no
    text layer, not a document at all); it is None when the whole text was read. `needs_ocr`: the
    pages are images (a scan), so only OCR could read them.
    """

    format: str
    paragraphs: tuple[str, ...] = ()
    pages: int | None = None
    needs_ocr: bool = False
    reason: str | None = None
    title: str | None = None  # the document's own metadata title, when it has one
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def ok(self) -> bool:
        """Some text was read."""
        return bool(self.paragraphs)


class ExtractionError(ValueError):
    """Why a document gave no text (the message is the reason, one line)."""


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def check(self, where: str) -> None:
        if self.left() <= 0:
            raise ExtractionError(f"extraction took longer than {self.seconds:g} s (stopped at {where})")


def extract_text(data: bytes, *, filename: str | None = None, content_type: str | None = None,
                 limits: Limits | None = None) -> DocumentText:
    """The text of a PDF, DOCX, DOC, WPS or OFD file; the format is sniffed from the bytes."""
    limits = limits or Limits()
    fmt = sniff(data, filename, content_type)
    if fmt not in DOCUMENT_FORMATS:
        return DocumentText(fmt, reason=f"not a document: {describe(fmt)}")
    if len(data) > limits.max_bytes:
        return DocumentText(fmt, reason=f"{fmt.upper()} of {len(data)} bytes is over the limit of "
                                        f"{limits.max_bytes} bytes")
    clock = _Clock(limits.max_seconds)
    try:
        result = _EXTRACTORS[fmt](data, limits, clock)
    except ExtractionError as exc:
        return DocumentText(fmt, reason=f"{fmt.upper()}: {exc}")
    except RecursionError:
        return DocumentText(fmt, reason=f"{fmt.upper()}: nested too deep to read (a damaged or hostile file)")
    except MemoryError:
        return DocumentText(fmt, reason=f"{fmt.upper()}: out of memory while reading")
    except Exception as exc:  # a library failing on a damaged file: its reason, never a crash
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        reason = f"{fmt.upper()}: unreadable ({type(exc).__name__}: {detail})"
        return DocumentText(fmt, reason=reason.replace(": )", ")"))
    return _capped(result, limits)


def _capped(result: DocumentText, limits: Limits) -> DocumentText:
    total, kept = 0, []
    for paragraph in result.paragraphs:
        if total + len(paragraph) > limits.max_chars:
            note = f"text cut at the limit of {limits.max_chars} characters"
            reason = f"{result.reason}; {note}" if result.reason else note
            return DocumentText(result.format, tuple(kept), result.pages, result.needs_ocr, reason,
                                result.title, result.warnings)  # fmt: skip
        kept.append(paragraph)
        total += len(paragraph)
    return result


# --------------------------------------------------------------------------- PDF


def _pdf(data: bytes, limits: Limits, clock: _Clock) -> DocumentText:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except PdfReadError as exc:
        raise ExtractionError(f"damaged file ({exc})") from exc
    if reader.is_encrypted:
        try:
            # Many portals' PDFs carry only an owner password (no printing/copying): they open
            # with the empty user password, as in any viewer.
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise ExtractionError(f"encrypted with an unsupported method ({exc})") from exc
        if not opened:
            raise ExtractionError("encrypted: a password is needed to read it")
    try:
        count = len(reader.pages)
    except FileNotDecryptedError as exc:
        raise ExtractionError("encrypted: a password is needed to read it") from exc
    if count > limits.max_pages:
        raise ExtractionError(f"{count} pages, over the limit of {limits.max_pages}")
    pages: list[list[str]] = []
    image_only = 0
    for number, page in enumerate(reader.pages, 1):
        clock.check(f"page {number} of {count}")
        lines = pdf_page_lines(page)
        if not lines and _has_images(page):
            image_only += 1
        pages.append(lines)
    paragraphs = tuple(paragraphs_from_pages(pages))
    title = _pdf_title(reader)
    chars = sum(len(p) for p in paragraphs)
    if image_only and chars < 20 * count:
        return DocumentText("pdf", paragraphs, count, needs_ocr=True, title=title,
                            reason=f"no text layer on {image_only} of {count} pages (scanned images); "
                                   "OCR is off")  # fmt: skip
    if not paragraphs:
        return DocumentText("pdf", (), count, title=title, reason="no text in the file")
    return DocumentText("pdf", paragraphs, count, title=title)


def pdf_page_lines(page: object) -> list[Line]:
    """The page's text lines, top to bottom, each with where it starts and its font size.

    pypdf reports every text-showing operation with its matrices; pieces on one baseline form a
    line. Positions are what tells an indented first line of a paragraph from a continued one.
    """
    pieces: list[Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5) * (abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5)
        pieces.append((y, x, (size or 1.0) * (scale or 1.0), text.replace("\n", " ")))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return group_lines(pieces, y_up=True)


Piece = tuple[float, float, float, str]  # (y, x, font size, text) of one run of text on a page


def group_lines(pieces: list[Piece], *, y_up: bool) -> list[Line]:
    """Runs of text on one baseline (within 0.4 of their size) as lines, top to bottom, left to right.

    `y_up`: y grows upwards (PDF) rather than downwards (OFD).
    """
    pieces = sorted(pieces, key=lambda piece: (-piece[0] if y_up else piece[0], piece[1]))
    lines: list[Line] = []
    group: list[Piece] = []
    for piece in pieces:
        if group and abs(group[0][0] - piece[0]) > 0.4 * max(piece[2], 0.5):
            lines.append(_line(group))
            group = []
        group.append(piece)
    if group:
        lines.append(_line(group))
    return [line for line in lines if line.text.strip()]


def _line(group: list[Piece]) -> Line:
    group.sort(key=lambda piece: piece[1])
    return Line("".join(piece[3] for piece in group), group[0][1], max(piece[2] for piece in group))


def _has_images(page: object) -> bool:
    try:
        resources = page.get("/Resources") or {}  # type: ignore[attr-defined]
        xobjects = resources.get("/XObject") or {}
        return any((xobjects[name].get_object() or {}).get("/Subtype") == "/Image" for name in xobjects)
    except Exception:  # a damaged resource dictionary: no images we can see
        return False


def _pdf_title(reader: object) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None  # type: ignore[attr-defined]
    except Exception:
        return None
    return title.strip() or None if isinstance(title, str) else None


# --------------------------------------------------------------------------- ZIP-based: DOCX, OFD


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse ZIP bombs: too many entries, or more unpacked bytes than allowed, declared or actual."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ExtractionError(f"damaged ZIP container ({exc})") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise ExtractionError(f"{len(entries)} ZIP entries, over the limit of {limits.max_entries}")
        declared = sum(entry.file_size for entry in entries)
        if declared > limits.max_unpacked_bytes:
            raise ExtractionError(f"ZIP entries unpack to {declared} bytes, over the limit of "
                                  f"{limits.max_unpacked_bytes} (a ZIP bomb?)")  # fmt: skip
        # The declared sizes may lie: count what the entries really unpack to.
        actual = 0
        for entry in entries:
            try:
                with archive.open(entry) as stream:
                    while chunk := stream.read(MIB):
                        actual += len(chunk)
                        if actual > limits.max_unpacked_bytes:
                            raise ExtractionError(f"ZIP entries unpack to more than "
                                                  f"{limits.max_unpacked_bytes} bytes (a ZIP bomb?)")
            except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
                raise ExtractionError(f"ZIP entry {entry.filename!r} cannot be read ({exc})") from exc


def _docx(data: bytes, limits: Limits, clock: _Clock) -> DocumentText:
    import docx
    from docx.table import Table

    check_zip(data, limits)
    clock.check("opening")
    document = docx.Document(io.BytesIO(data))
    paragraphs: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            paragraphs.extend(_table_rows(block))
        else:
            paragraphs.append(block.text)
    kept = tuple(line for line in (normalize_line(p) for p in paragraphs) if line)
    title = (document.core_properties.title or "").strip() or None
    if not kept:
        return DocumentText("docx", (), None, title=title, reason="no text in the file")
    return DocumentText("docx", kept, None, title=title)


def _table_rows(table: object) -> Iterable[str]:
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            yield " ".join(cells)


def _ofd(data: bytes, limits: Limits, clock: _Clock) -> DocumentText:
    import ofdkit

    check_zip(data, limits)
    try:
        document = ofdkit.open(data)
    except ofdkit.OFDError as exc:
        raise ExtractionError(str(exc)) from exc
    with document:
        count = len(document.pages)
        if count > limits.max_pages:
            raise ExtractionError(f"{count} pages, over the limit of {limits.max_pages}")
        pages = []
        for number, page in enumerate(document.pages, 1):
            clock.check(f"page {number} of {count}")
            try:
                pages.append(_ofd_page_lines(page.runs))
            except ofdkit.OFDError as exc:
                raise ExtractionError(f"page {number}: {exc}") from exc
        title = (document.info.title or "").strip() or None if document.info else None
        warnings = tuple(document.warnings)
    paragraphs = tuple(paragraphs_from_pages(pages))
    if not paragraphs:
        return DocumentText("ofd", (), count, title=title, warnings=warnings,
                            reason="no text in the file (images only? OCR is off)",
                            needs_ocr=count > 0)  # fmt: skip
    return DocumentText("ofd", paragraphs, count, title=title, warnings=warnings)


def _ofd_page_lines(runs: list) -> list[Line]:
    """Text runs of an OFD page (y grows downwards, in millimetres) grouped into lines."""
    return group_lines([(run.y, run.x, run.size, run.text) for run in runs if run.text.strip()], y_up=False)


# --------------------------------------------------------------------------- DOC, WPS: converters

#: Debian packages `antiword` and `catdoc` (`make system-deps`). Tried in this order per format.
CONVERTERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "doc": (("antiword", "-w", "0", "-m", "UTF-8.txt"), ("catdoc", "-w", "-d", "utf-8")),
    "wps": (("catdoc", "-w", "-d", "utf-8"), ("antiword", "-w", "0", "-m", "UTF-8.txt")),
}


def _converted(fmt: str):
    def extract(data: bytes, limits: Limits, clock: _Clock) -> DocumentText:
        failures: list[str] = []
        with tempfile.TemporaryDirectory(prefix="fazhi-doc-") as directory:
            path = os.path.join(directory, f"document.{fmt}")
            with open(path, "wb") as handle:
                handle.write(data)
            for command in CONVERTERS[fmt]:
                program = shutil.which(command[0])
                if program is None:
                    failures.append(f"{command[0]} is not installed (make system-deps)")
                    continue
                left = clock.left()
                if left <= 0:
                    break
                try:
                    done = subprocess.run([program, *command[1:], path], capture_output=True, timeout=left,
                                          check=False, stdin=subprocess.DEVNULL)  # fmt: skip
                except subprocess.TimeoutExpired:
                    raise ExtractionError(f"{command[0]} took longer than {limits.max_seconds:g} s") from None
                text = done.stdout.decode("utf-8", "replace")
                if done.returncode == 0 and text.strip():
                    lines = tuple(line for line in (normalize_line(x) for x in text.splitlines()) if line)
                    return DocumentText(fmt, lines, None)
                error = done.stderr.decode("utf-8", "replace").strip().splitlines()
                failures.append(f"{command[0]}: {error[0] if error else f'exit status {done.returncode}'}")
        raise ExtractionError("; ".join(failures) or f"no converter for {fmt}")

    return extract


_EXTRACTORS = {"pdf": _pdf, "docx": _docx, "ofd": _ofd,
               "doc": _converted("doc"), "wps": _converted("wps")}  # fmt: skip
