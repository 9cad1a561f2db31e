"""``fazhi db upgrade``, ``fazhi db export-parquet`` and ``fazhi reports``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from typing import Any

from schemas.storage import StoredReport
from streams.settings import Settings, get_settings

#: Table columns of ``fazhi reports``: those of ``fazhi analyze`` (its ``format_row``) + these.
EXTRA_COLUMNS = ("revisions", "first_seen", "source_url")


def register(sub: argparse._SubParsersAction) -> None:
    db_p = sub.add_parser("db", help="storage database (FAZHI_DATABASE_URL)")
    db_sub = db_p.add_subparsers(dest="db_command", required=True)
    upgrade_p = db_sub.add_parser("upgrade", help="create or migrate the tables to the latest schema")
    upgrade_p.set_defaults(func=cmd_db_upgrade)
    export_p = db_sub.add_parser("export-parquet",
                                 help="rewrite the Parquet feed (<data_dir>/warehouse) from the database")
    export_p.set_defaults(func=cmd_db_export_parquet)

    reports_p = sub.add_parser("reports", help="list the reports stored by the store role")
    reports_p.add_argument("--province", metavar="P",
                           help="province name or region-code prefix (浙江, 浙江省, 33, 3301)")
    reports_p.add_argument("--since", metavar="DATE", type=_parse_date,
                           help="published on or after DATE (YYYY-MM-DD); undated reports by first seen")
    reports_p.add_argument("--format", choices=("table", "jsonl"), default="table")
    reports_p.set_defaults(func=cmd_reports)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from streams.sink.database import StorageError, create_engine, current_revision, upgrade

    settings = settings or get_settings()

    async def run() -> str | None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    try:
        revision = asyncio.run(run())
    except (StorageError, OSError) as exc:
        print(f"fazhi db upgrade: {exc}", file=sys.stderr)
        return 1
    print(f"database {_display_url(settings)} at revision {revision}")
    return 0


def cmd_db_export_parquet(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from streams.sink.database import create_engine
    from streams.sink.parquet import ParquetFeed

    settings = settings or get_settings()
    if (problem := _missing_database(settings)) is not None:
        print(f"fazhi db export-parquet: {problem}", file=sys.stderr)
        return 1

    async def run() -> int:
        engine = create_engine(settings.database_url)
        try:
            return len(await ParquetFeed(settings.data_dir).rebuild(engine))
        finally:
            await engine.dispose()

    files = asyncio.run(run())
    print(f"{files} partition file(s) under {ParquetFeed(settings.data_dir).root}")
    return 0


def cmd_reports(args: argparse.Namespace, settings: Settings | None = None, out=None) -> int:
    from sqlalchemy.exc import DBAPIError

    from streams.sink.database import create_engine, fetch_reports

    out = out or sys.stdout
    settings = settings or get_settings()
    if (problem := _missing_database(settings)) is not None:
        print(f"fazhi reports: {problem}", file=sys.stderr)
        return 1

    async def run() -> list[dict[str, Any]]:
        engine = create_engine(settings.database_url)
        try:
            return await fetch_reports(engine, province=args.province, since=args.since)
        finally:
            await engine.dispose()

    try:
        rows = asyncio.run(run())
    except DBAPIError as exc:
        print(f"fazhi reports: cannot read {_display_url(settings)}: {exc.orig} "
              "(run `fazhi db upgrade` first?)", file=sys.stderr)  # fmt: skip
        return 1
    records = [stored_report(row) for row in rows]
    if args.format == "jsonl":
        for record in records:
            out.write(record.model_dump_json() + "\n")
    else:
        print_reports(records, out)
    return 0


def stored_report(row: dict[str, Any]) -> StoredReport:
    """A `StoredReport` from a row of `fetch_reports`."""
    return StoredReport(
        source=row["source_url"],
        id=row["report_id"],
        url=row["source_url"],
        is_report=True,
        kind=row["kind"],
        confidence=row["confidence"],
        reasons=row["reasons"],
        source_kind=row["source_kind"],
        title=row["title"],
        published=row["published"],
        issuer=row["issuer"],
        issuers=row["issuers"],
        issuer_kind=row["issuer_kind"],
        level=row["level"],
        province=row["province"],
        prefecture=row["prefecture"],
        county=row["county"],
        township=row["township"],
        region_code=row["region_code"],
        report_year=row["report_year"],
        addressee=row["addressee"],
        sections=row["sections"],
        deadline=row["deadline"],
        on_time=row["on_time"],
        indicators=[{k: v for k, v in figure.items() if k not in ("id", "report_id", "content_hash")}
                    | {"value": _number(figure["value"])} for figure in row["indicators"]],
        report_id=row["report_id"],
        source_url=row["source_url"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        revisions=row["revisions"],
        content_hash=row["content_hash"],
        source_urls=row.get("source_urls", []),
        documents=row.get("documents") or [],
        needs_ocr=row.get("needs_ocr", False),
    )


def _number(value: float) -> int | float:
    """Counts come back as floats from the FLOAT column: give integers back their type."""
    return int(value) if float(value).is_integer() else value


def print_reports(records: list[StoredReport], out) -> None:
    """The reports as a table: the `fazhi analyze` columns, then revisions, first seen, source."""
    # The `fazhi analyze` columns (the report id stands in the source column, as a corpus id does);
    # the storage columns follow.
    from streams.analysis.commands import TABLE_COLUMNS, format_row
    from streams.terminal import write_table

    header = ["report_id", *TABLE_COLUMNS[1:], *EXTRA_COLUMNS]
    rows = [header]
    for record in records:
        extra = [str(record.revisions), record.first_seen.strftime("%Y-%m-%d %H:%M"), record.source_url]
        rows.append([*format_row(record), *extra])
    write_table(rows, out)


def _missing_database(settings: Settings) -> str | None:
    """A clear message when the default SQLite file does not exist (instead of creating an empty one)."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        from pathlib import Path

        if not Path(url.database).exists():
            return f"no database at {url.database} (run `fazhi db upgrade` or `fazhi run --role store`)"
    return None


def _display_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)
