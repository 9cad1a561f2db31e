"""`fazhi analyze`: the analysis on saved pages and documents, without Kafka.

    fazhi analyze PATH... [--format jsonl|table] [--text]
    fazhi analyze FILE --url URL            # the page's address (else a sidecar FILE.url)
    fazhi analyze --corpus FILE.jsonl

A PDF, DOCX, DOC, WPS or OFD file (told by its bytes, not its name) is read by
`streams.documents` in a child process with its limits, and its text analyzed as the page.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from schemas import AnalysisRecord
from streams.analysis.pipeline import analyze, analyze_page, analyze_text
from streams.documents import DOCUMENT_FORMATS, DOCUMENT_SUFFIXES, extract_isolated, sniff
from streams.documents.pages import document_page, document_read
from streams.terminal import write_table

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".txt"}
INPUT_SUFFIXES = PAGE_SUFFIXES | DOCUMENT_SUFFIXES


class InputError(Exception):
    """An input path that cannot be read."""


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[str, bytes | InputError]]:
    """Yield (source, bytes) for every page or document under `paths`; errors are yielded, not raised."""
    for raw in paths:
        if raw == "-":
            yield "-", sys.stdin.buffer.read()
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not files:
                yield raw, InputError(f"{raw}: no pages ({', '.join(sorted(INPUT_SUFFIXES))}) in directory")
            for file in files:
                yield from _read(file)
        else:
            yield from _read(path)


def _read(path: Path) -> Iterator[tuple[str, bytes | InputError]]:
    try:
        yield str(path), path.read_bytes()
    except OSError as exc:
        yield str(path), InputError(f"{path}: {exc.strerror or exc}")


def iter_corpus(path: str) -> Iterator[tuple[str, str | None, str | None, str | InputError]]:
    """Yield (source, id, url, text) for each line of a JSONL corpus."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield path, None, None, InputError(f"{path}: {exc.strerror or exc}")
        return
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            source = f"{path}:{number}"
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError("'text' is not a string")
            except (ValueError, KeyError, TypeError) as exc:
                yield source, None, None, InputError(f"{source}: bad corpus line: {exc}")
                continue
            yield source, item.get("id"), item.get("url"), text


def analyze_paths(paths: Sequence[str], *, url: str | None = None,
                  with_text: bool = False) -> Iterator[AnalysisRecord]:  # fmt: skip
    """One record per input; `url` is the address of the single input (else its sidecar's)."""
    for source, data in iter_inputs(paths):
        if isinstance(data, InputError):
            yield AnalysisRecord(source=source, error=str(data))
            continue
        address = url or _url_beside(source)
        yield _analyzed(source, None, lambda data=data, address=address, source=source:
                        _analyze_bytes(data, source, address, with_text))  # fmt: skip


def _analyze_bytes(data: bytes, source: str, url: str | None, with_text: bool) -> AnalysisRecord:
    name = None if source == "-" else source
    if sniff(data, name) not in DOCUMENT_FORMATS:
        return analyze(data, url=url).record(source, with_text=with_text)
    document = extract_isolated(data, filename=name)
    read = document_read(document, url)
    if not document.ok:
        return AnalysisRecord(source=source, url=url, error=f"{source}: {document.reason}", documents=[read],
                              needs_ocr=document.needs_ocr)  # fmt: skip
    return analyze_page(document_page(document, url)).record(source, with_text=with_text, documents=[read])


def analyze_corpus(path: str, *, with_text: bool = False) -> Iterator[AnalysisRecord]:
    for source, item_id, url, text in iter_corpus(path):
        if isinstance(text, InputError):
            yield AnalysisRecord(source=source, id=item_id, error=str(text))
            continue
        yield _analyzed(source, item_id, lambda text=text, url=url, source=source, item_id=item_id:
                        analyze_text(text, url).record(source, item_id, with_text=with_text))  # fmt: skip


def _analyzed(source: str, item_id: str | None, run: Callable[[], AnalysisRecord]) -> AnalysisRecord:
    """One input's record; an analysis bug becomes that record's error, the others go on."""
    try:
        return run()
    except Exception as exc:  # per-input boundary: reported on stderr and in the record
        return AnalysisRecord(source=source, id=item_id, error=f"{source}: {type(exc).__name__}: {exc}")


def _url_beside(source: str) -> str | None:
    """A saved page may carry its address in a sidecar file `<page>.url`."""
    if source == "-":
        return None
    sidecar = Path(source + ".url")
    try:
        return sidecar.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


TABLE_COLUMNS = ("source", "is_report", "kind", "confidence", "issuer", "level", "province",
                 "report_year", "published", "indicators")


def format_row(record: AnalysisRecord) -> list[str]:
    data = record.model_dump(mode="json")
    row = []
    for column in TABLE_COLUMNS:
        value = data[column]
        if column == "source":
            value = record.id or Path(record.source).name
        elif column == "indicators":
            value = len(record.indicators)
        elif column == "confidence":
            value = f"{value:.2f}"
        elif column == "issuer" and record.error:
            value = "ERROR: " + record.error
        row.append("-" if value is None else str(value))
    return row


def print_table(records: Iterable[AnalysisRecord], out: IO[str] = sys.stdout) -> None:
    write_table([list(TABLE_COLUMNS)] + [format_row(r) for r in records], out)


def cmd_analyze(args: argparse.Namespace) -> int:
    if not args.paths and not args.corpus:
        print("fazhi analyze: give PATH..., '-' or --corpus FILE.jsonl", file=sys.stderr)
        return 2
    if args.url and (len(args.paths) != 1 or Path(args.paths[0]).is_dir()):
        print("fazhi analyze: --url is the address of one page: give exactly one FILE (or '-')",
              file=sys.stderr)
        return 2
    records: Iterator[AnalysisRecord] = iter(())
    if args.corpus:
        records = analyze_corpus(args.corpus, with_text=args.text)
    if args.paths:
        records = _chain(records, analyze_paths(args.paths, url=args.url, with_text=args.text))
    failures = 0
    collected: list[AnalysisRecord] = []
    for record in records:
        if record.error:
            failures += 1
            print(f"fazhi analyze: {record.error}", file=sys.stderr)
        if args.format == "jsonl":
            sys.stdout.write(record.model_dump_json() + "\n")
        else:
            collected.append(record)
    if args.format == "table":
        print_table(collected)
    return 1 if failures else 0


def _chain(*iterables: Iterable[AnalysisRecord]) -> Iterator[AnalysisRecord]:
    for iterable in iterables:
        yield from iterable


def register(sub: argparse._SubParsersAction) -> None:
    analyze_p = sub.add_parser("analyze", help="analyze saved pages and documents without Kafka")
    analyze_p.add_argument("paths", nargs="*", metavar="PATH",
                           help="files (.html, .htm, .shtml, .txt, .pdf, .docx, .doc, .wps, .ofd), "
                                "directories (recursive) or '-'")  # fmt: skip
    analyze_p.add_argument("--corpus", metavar="FILE.jsonl",
                           help="analyze each line of a JSONL corpus (text, url, id)")
    analyze_p.add_argument("--url", metavar="URL",
                           help="the page's address, for a single FILE (as its sidecar FILE.url would say)")
    analyze_p.add_argument("--text", action="store_true", help="add the cleaned body text to each record")
    analyze_p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    analyze_p.set_defaults(func=cmd_analyze)
