"""Database reads of the coverage: the stored reports of a year, joined to the expected issuers."""

from __future__ import annotations

from datetime import date, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from schemas.coverage import CoverageRow
from schemas.registry import Registry
from streams import clock
from streams.coverage.expected import Scope, expected_issuers
from streams.coverage.rows import coverage_rows
from streams.sink.tables import reports

__all__ = ["beijing_today", "coverage", "departments_registry", "year_reports"]

BEIJING = timezone(timedelta(hours=8))
_COLUMNS = ("report_id", "issuer", "issuer_kind", "level", "province", "region_code", "report_year",
            "published", "on_time", "source_url", "url", "sections", "source_kind", "first_seen")  # fmt: skip


def beijing_today() -> date:
    """Today where the deadlines run (Beijing), on the program's clock."""
    return clock.now().astimezone(BEIJING).date()


def departments_registry(path: str | Path | None) -> Registry:
    """The registry whose departments are expected: the configured one, else the starter registry."""
    from crawlers.registry import STARTER_REGISTRY, load_registry

    return load_registry(path or STARTER_REGISTRY, check_regions=False)


async def year_reports(engine: AsyncEngine, year: int,
                       code_prefix: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The stored reports on `year` (optionally under a region-code prefix)."""
    query = select(*(reports.c[name] for name in _COLUMNS)).where(reports.c.report_year == year)
    if code_prefix:
        query = query.where(reports.c.region_code.startswith(code_prefix, autoescape=True))
    async with engine.connect() as connection:
        return [dict(row._mapping) for row in await connection.execute(query)]


async def coverage(engine: AsyncEngine, year: int, scope: Scope, registry: Registry | None,
                   today: date | None = None) -> list[CoverageRow]:  # fmt: skip
    """The coverage rows of `year` in `scope`, from the reports stored so far."""
    expected = expected_issuers(scope, registry)
    found = await year_reports(engine, year, scope.region_code)
    return coverage_rows(expected, year, found, today or beijing_today())
