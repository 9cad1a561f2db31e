"""The `fazhi` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from schemas import AnalysisRecord
from streams.analysis import Analysis, analyze

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".txt"}


class InputError(Exception):
    """An input path that cannot be read."""


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[str, bytes | InputError]]:
    """Yield (source, bytes) for every page under `paths`; errors are yielded, not raised."""
    for raw in paths:
        if raw == "-":
            yield "-", sys.stdin.buffer.read()
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
            if not files:
                yield raw, InputError(f"{raw}: no .html, .htm or .txt files in directory")
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


def analyze_paths(paths: Sequence[str]) -> Iterator[AnalysisRecord]:
    for source, data in iter_inputs(paths):
        if isinstance(data, InputError):
            yield AnalysisRecord(source=source, error=str(data))
            continue
        yield _analyzed(source, None, partial(analyze, data, url=_url_beside(source)))


def analyze_corpus(path: str) -> Iterator[AnalysisRecord]:
    from streams.analysis import analyze_text

    for source, item_id, url, text in iter_corpus(path):
        if isinstance(text, InputError):
            yield AnalysisRecord(source=source, id=item_id, error=str(text))
            continue
        yield _analyzed(source, item_id, partial(analyze_text, text, url))


def _analyzed(source: str, item_id: str | None, run: Callable[[], Analysis]) -> AnalysisRecord:
    """One input's record; an analysis bug becomes that record's error, the others go on."""
    try:
        return run().record(source, item_id)
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


def print_table(records: Iterable[AnalysisRecord], out=sys.stdout) -> None:
    rows = [list(TABLE_COLUMNS)] + [format_row(r) for r in records]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(TABLE_COLUMNS))]
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        out.write("  ".join(cells).rstrip() + "\n")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def cmd_analyze(args: argparse.Namespace) -> int:
    if not args.paths and not args.corpus:
        print("fazhi analyze: give PATH..., '-' or --corpus FILE.jsonl", file=sys.stderr)
        return 2
    records: Iterator[AnalysisRecord] = iter(())
    if args.corpus:
        records = analyze_corpus(args.corpus)
    if args.paths:
        records = _chain(records, analyze_paths(args.paths))
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


def cmd_schemas_export(args: argparse.Namespace) -> int:
    from schemas.export import export

    for path in export():
        print(path)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job: the whole pipeline on the sample pages and the seeds (see `streams.demo`)."""
    from streams.demo import DemoError, run_demo

    try:
        run_demo(Path(args.shared))
    except DemoError as exc:
        print(f"fazhi demo: {exc}", file=sys.stderr)
        return 1
    return 0


# Each module adds its own subcommands with `register(subparsers)` (pipeline, storage, alerts).
COMMAND_MODULES = ("streams.runner", "streams.sink.commands", "streams.alerts.commands",
                   "streams.coverage.commands")


def _register_command_modules(sub: argparse._SubParsersAction) -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name and not name.startswith(f"{exc.name}."):
                raise
            continue  # that part of the product is not installed in this build
        module.register(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    analyze_p = sub.add_parser("analyze", help="analyze saved pages without Kafka")
    analyze_p.add_argument("paths", nargs="*", metavar="PATH",
                           help="files (.html, .htm, .txt), directories (recursive) or '-'")
    analyze_p.add_argument("--corpus", metavar="FILE.jsonl",
                           help="analyze each line of a JSONL corpus (text, url, id)")
    analyze_p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    analyze_p.set_defaults(func=cmd_analyze)

    demo_p = sub.add_parser("demo", help="run the whole pipeline on the bundled sample pages and the seeds")
    demo_p.add_argument("--shared", default="../shared", help="folder with seeds/ and corpus/")
    demo_p.set_defaults(func=cmd_demo)

    schemas_p = sub.add_parser("schemas", help="JSON Schemas of the contracts")
    schemas_sub = schemas_p.add_subparsers(dest="schemas_command", required=True)
    export_p = schemas_sub.add_parser("export", help="write schemas/json/*.schema.json")
    export_p.set_defaults(func=cmd_schemas_export)
    _register_command_modules(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from streams.settings import ConfigError, check_environment

    args = build_parser().parse_args(argv)
    try:
        check_environment()
    except ConfigError as exc:  # one line naming the variable, not a traceback
        print(f"fazhi: bad configuration: {exc}", file=sys.stderr)
        return 2
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
