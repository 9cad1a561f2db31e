"""Coverage: per expected issuer and year, the report found (or not) and its timeliness.

One `CoverageRow` per issuer expected to publish (GB/T 2260 governments of the edition in force,
plus the departments named in the portal registry); ``fazhi coverage`` and ``/api/coverage``
give the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from schemas._base import Contract
from schemas.documents import SourceKind
from schemas.reports import Level

ExpectedKind = Literal["government", "department"]
CoverageStatus = Literal["found", "missing"]


class CoverageRow(Contract):
    region_code: str = Field(description="GB/T 2260 code of the issuer's place (development zones share one)")
    issuer: str = Field(description="The issuing body expected, e.g. 郏县人民政府")
    level: Level
    province: str | None = None
    prefecture: str | None = Field(
        None, description="The prefecture the issuer is or belongs to (None for a province)")
    issuer_kind: ExpectedKind
    report_year: int = Field(description="The year covered")
    deadline: date = Field(description="1 April of the next year; 1 March for departments")
    status: CoverageStatus
    report_id: str | None = None
    url: str | None = Field(None, description="Canonical source of the report found")
    published: date | None = None
    on_time: bool | None = Field(
        None, description="Published by the deadline; False for a missing report once the deadline passed; "
                          "None when not known yet")
    days_late: int | None = Field(
        None, description="Days past the deadline when published (0 on time); for a missing report, "
                          "days since the deadline so far")
    sections_missing: list[str] = Field(default_factory=list, description="Required sections not found")
    source_kind: SourceKind | None = None


class CoverageTotals(Contract):
    expected: int = 0
    found: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    by_level: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="Level -> {expected, found, on_time, late, missing}")
