"""What the web view reads: reports filtered and searched, one report, its archived copy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from schemas.events import RawPage
from streams.settings import Settings
from streams.sink.tables import reports

LIST_COLUMNS = ("report_id", "title", "issuer", "issuer_kind", "level", "province", "prefecture", "county",
                "region_code", "report_year", "published", "on_time", "kind", "source_kind", "source_url",
                "revisions")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReportFilters:
    year: int | None = None
    province: str | None = None   # name prefix (河南 finds 河南省) or code prefix
    level: str | None = None
    kind: str | None = None
    text: str | None = None       # in the title or the issuer
    limit: int = 200


async def list_reports(engine: AsyncEngine, filters: ReportFilters) -> tuple[list[dict[str, Any]], int]:
    """(the page of matching reports, newest publication first; how many match in all)."""
    conditions = []
    if filters.year is not None:
        conditions.append(reports.c.report_year == filters.year)
    if filters.province:
        conditions.append(or_(reports.c.province.startswith(filters.province, autoescape=True),
                              reports.c.region_code.startswith(filters.province, autoescape=True)))
    if filters.level:
        conditions.append(reports.c.level == filters.level)
    if filters.kind:
        conditions.append(reports.c.kind == filters.kind)
    if filters.text:
        conditions.append(or_(reports.c.title.contains(filters.text, autoescape=True),
                              reports.c.issuer.contains(filters.text, autoescape=True)))
    query = select(*(reports.c[name] for name in LIST_COLUMNS)).where(*conditions)
    query = query.order_by(reports.c.published.desc().nulls_last(), reports.c.report_id).limit(filters.limit)
    count = select(func.count()).select_from(reports).where(*conditions)
    async with engine.connect() as connection:
        rows = [dict(row._mapping) for row in await connection.execute(query)]
        total = (await connection.execute(count)).scalar_one()
    return rows, total


async def report_years(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as connection:
        year = reports.c.report_year
        result = await connection.execute(select(year).where(year.is_not(None)).distinct()
                                          .order_by(year.desc()))  # fmt: skip
        return [year for (year,) in result]


def archived_pages(settings: Settings, urls: set[str]) -> Iterator[RawPage]:
    """The archived fetches of any of `urls`, oldest archive file first (a scan of the WARC files)."""
    from streams.sink.warc import iter_raw_pages, warc_dir

    if not warc_dir(settings).is_dir():
        return
    for page in iter_raw_pages(settings):
        if page.url in urls or (page.final_url or "") in urls:
            yield page
