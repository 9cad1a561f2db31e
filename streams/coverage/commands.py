"""``fazhi coverage``: per expected issuer, the year's report found or missing, on time or late."""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from collections.abc import Sequence
from typing import IO

from schemas import Level
from schemas.coverage import CoverageRow, CoverageTotals
from streams.coverage.rows import totals_lines
from streams.settings import Settings, get_settings

FORMATS = ("table", "jsonl", "csv")
#: The row fields in CSV order (also the table's, minus a few).
FIELDS = tuple(CoverageRow.model_fields)
TABLE_FIELDS = ("region_code", "issuer", "level", "status", "published", "on_time", "days_late",
                "sections_missing", "source_kind")  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "coverage", help="who published the year's report, on time or late, and who is missing",
        description="One row per issuer expected to publish its report on YEAR: the governments of the "
                    "GB/T 2260 edition in the package (province, prefecture, county) and the departments "
                    "of the portal registry (FAZHI_CRAWL_REGISTRY, else the starter registry), matched "
                    "with the reports in the database (FAZHI_DATABASE_URL).",
    )  # fmt: skip
    parser.add_argument("--year", type=int, required=True, metavar="Y", help="the year covered")
    parser.add_argument("--province", metavar="P", help="province name or code (河南, 河南省, 41)")
    parser.add_argument("--region-code", metavar="PREFIX", help="GB/T 2260 code prefix (4104 = 平顶山)")
    parser.add_argument("--level", choices=[level.value for level in Level if level is not Level.township])
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.set_defaults(func=cmd_coverage)


def cmd_coverage(args: argparse.Namespace, settings: Settings | None = None,
                 out: IO[str] | None = None) -> int:  # fmt: skip
    from sqlalchemy.exc import DBAPIError

    from streams.coverage import CoverageScopeError, Scope, coverage, departments_registry, totals
    from streams.coverage.expected import province_unit
    from streams.sink.commands import _display_url, _missing_database
    from streams.sink.database import create_engine

    out = out or sys.stdout
    settings = settings or get_settings()
    try:
        scope = Scope(province=args.province, region_code=args.region_code,
                      level=Level(args.level) if args.level else None)  # fmt: skip
        if scope.province is not None:
            province_unit(scope.province)
        registry = departments_registry(settings.crawl_registry)
    except (CoverageScopeError, ValueError) as exc:
        print(f"fazhi coverage: {exc}", file=sys.stderr)
        return 2
    if (problem := _missing_database(settings)) is not None:
        print(f"fazhi coverage: {problem}", file=sys.stderr)
        return 1

    async def run() -> list[CoverageRow]:
        engine = create_engine(settings.database_url)
        try:
            return await coverage(engine, args.year, scope, registry)
        finally:
            await engine.dispose()

    try:
        rows = asyncio.run(run())
    except CoverageScopeError as exc:
        print(f"fazhi coverage: {exc}", file=sys.stderr)
        return 2
    except DBAPIError as exc:
        print(f"fazhi coverage: cannot read {_display_url(settings)}: {exc.orig} "
              "(run `fazhi db upgrade` first?)", file=sys.stderr)  # fmt: skip
        return 1
    if args.format == "jsonl":
        for row in rows:
            out.write(row.model_dump_json() + "\n")
    elif args.format == "csv":
        write_csv(rows, out)
    else:
        print_table(rows, totals(rows), out)
    return 0


def _cell(row: CoverageRow, name: str) -> str:
    value = getattr(row, name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))


def write_csv(rows: Sequence[CoverageRow], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows([_cell(row, name) for name in FIELDS] for row in rows)


def print_table(rows: Sequence[CoverageRow], summary: CoverageTotals, out: IO[str]) -> None:
    from streams.analysis.regions import table
    from streams.terminal import write_table

    grid = [[_cell(row, name) or "-" for name in TABLE_FIELDS] for row in rows]
    write_table([list(TABLE_FIELDS), *grid], out)
    out.write("\n".join(totals_lines(summary)) + "\n")
    out.write(f"expected issuers: GB/T 2260 divisions, edition {table().edition}, and the registry's "
              "departments\n")
