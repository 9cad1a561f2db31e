"""The warehouse feed: stored reports as Parquet files, one per publication date (pyarrow).

Layout (Hive partitioning)::

    <data_dir>/warehouse/reports/published=YYYY-MM-DD/part-<hash>.parquet
    <data_dir>/warehouse/reports/published=unknown/part-<hash>.parquet

One file per partition holds every report of that publication date, one row per report with its
indicators nested. ``<hash>`` is derived from the partition value only, so rewriting a partition
(after any change to one of its reports, or a full ``fazhi db export-parquet``) replaces the file
atomically instead of adding a second one: a re-run never duplicates rows. A partition left
empty (its last report moved to another date by a revision) is deleted.

``published`` itself is not a column of the files: as in every Hive-partitioned data set it comes
from the directory name (``pyarrow.dataset.dataset(root, partitioning="hive")``, Spark, DuckDB's
``hive_partitioning``). Columns (`SCHEMA`):

=====================  =============================  ==============================================
column                 type                           meaning
=====================  =============================  ==============================================
report_id              string                         stable id: issuer + year covered
issuer                 string                         issuing body, as written
issuers                list<string>                   joint issuers, split
issuer_kind            string                         government, party_and_government, department, other
level                  string                         province, prefecture, county, township
province .. township   string                         place of the issuer (4 columns)
region_code            string                         most specific GB/T 2260 code
report_year            int32                          year covered (not the publication year)
title                  string                         page title of the current version
kind                   string                         classifier's document kind (annual_report)
confidence             double                         classifier confidence, 0..1
source_kind            string                         own_portal, other_government, republication...
addressee              string                         to whom the report is addressed
deadline               date32                         legal deadline for this report
on_time                bool                           published by the deadline
sections_*             bool                           the five required sections (5 columns)
source_url             string                         canonical source (issuer's portal if seen)
source_urls            list<string>                   every URL the report was seen at
content_hash           string                         hash of the normalized body of the current version
revisions              int32                          distinct versions seen, minus one
first_seen, last_seen  timestamp[us, UTC]             first and latest fetch of any version or copy
indicators             list<struct<key, label, value: double, unit, approximate: bool, evidence>>
=====================  =============================  ==============================================
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.ext.asyncio import AsyncEngine

from schemas.events import stable_id

SECTIONS = ("measures", "shortcomings", "first_responsibility", "next_year_plan", "other")
_PLACE = ("issuer_kind", "level", "province", "prefecture", "county", "township", "region_code")

INDICATOR = pa.struct([
    ("key", pa.string()), ("label", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
    ("approximate", pa.bool_()), ("evidence", pa.string()),
])  # fmt: skip

SCHEMA = pa.schema([
    ("report_id", pa.string()),
    ("issuer", pa.string()),
    ("issuers", pa.list_(pa.string())),
    *[(name, pa.string()) for name in _PLACE],
    ("report_year", pa.int32()),
    ("title", pa.string()),
    ("kind", pa.string()),
    ("confidence", pa.float64()),
    ("source_kind", pa.string()),
    ("addressee", pa.string()),
    ("deadline", pa.date32()),
    ("on_time", pa.bool_()),
    *[(f"sections_{name}", pa.bool_()) for name in SECTIONS],
    ("source_url", pa.string()),
    ("source_urls", pa.list_(pa.string())),
    ("content_hash", pa.string()),
    ("revisions", pa.int32()),
    ("first_seen", pa.timestamp("us", tz="UTC")),
    ("last_seen", pa.timestamp("us", tz="UTC")),
    ("indicators", pa.list_(INDICATOR)),
])  # fmt: skip

UNKNOWN = "unknown"


class ParquetFeed:
    """Writes the partitions of the reports feed under ``<data_dir>/warehouse/reports``."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "warehouse" / "reports"

    def partition_path(self, published: date | None) -> Path:
        value = published.isoformat() if published else UNKNOWN
        return self.root / f"published={value}" / f"part-{stable_id('reports', value)[:16]}.parquet"

    async def write(self, engine: AsyncEngine, dates: Iterable[date | None]) -> list[Path]:
        """Rewrite the partitions of `dates` from the database; returns the files now present."""
        from streams.sink.database import fetch_reports_published

        written = []
        for published in sorted(set(dates), key=lambda d: d or date.min):
            rows = await fetch_reports_published(engine, published)
            path = self.write_partition(published, rows)
            if path is not None:
                written.append(path)
        return written

    async def rebuild(self, engine: AsyncEngine) -> list[Path]:
        """Rewrite every partition and delete those no report belongs to any more."""
        from streams.sink.database import published_dates

        dates = await published_dates(engine)
        keep = {self.partition_path(d).parent for d in dates}
        if self.root.exists():
            for directory in self.root.iterdir():
                if directory.is_dir() and directory not in keep:
                    shutil.rmtree(directory)
        return await self.write(engine, dates)

    def write_partition(self, published: date | None, rows: list[dict[str, Any]]) -> Path | None:
        """Replace one partition's file with `rows` (or remove it when there are none)."""
        path = self.partition_path(published)
        if not rows:
            if path.exists():
                path.unlink()
            if path.parent.exists() and not any(path.parent.iterdir()):
                path.parent.rmdir()
            return None
        table = pa.Table.from_pylist([_feed_row(row) for row in sorted(rows, key=lambda r: r["report_id"])],
                                     schema=SCHEMA)  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        pq.write_table(table, temporary, compression="zstd")
        os.replace(temporary, path)  # readers see the old file or the new one, never half of one
        return path


def _feed_row(row: dict[str, Any]) -> dict[str, Any]:
    sections = row.get("sections") or {}
    out = {name: row.get(name) for name in SCHEMA.names if name in row}
    out.update({f"sections_{name}": bool(sections.get(name, False)) for name in SECTIONS})
    out["issuers"] = list(row.get("issuers") or [])
    out["source_urls"] = list(row.get("source_urls") or [])
    figures = row.get("indicators", [])
    out["indicators"] = [{name: figure[name] for name in INDICATOR.names} for figure in figures]
    return out
