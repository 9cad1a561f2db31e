"""Who is expected to publish a report on year Y, in a scope: pure, from the region table and registry.

Governments: every province, prefecture and county level unit of the GB/T 2260 edition in the
package (`streams.analysis.regions`), named as they sign (郏县人民政府, 阿里地区行政公署, a
development zone's 管理委员会). Departments: the registry portals that are not a government's
(河南省司法厅), with the place and level the registry gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from schemas import Level
from schemas.coverage import ExpectedKind
from schemas.registry import Portal, Registry
from streams.analysis.deadlines import deadline_for
from streams.analysis.regions import RegionTable, Unit, places_above, table

__all__ = ["CoverageScopeError", "ExpectedIssuer", "Scope", "expected_issuers", "province_unit"]

GOVERNMENT_LEVELS = (Level.province, Level.prefecture, Level.county)
# Prefecture-level 地区/盟 are run by an agency of the province (行政公署), not a people's government.
_AGENCY_SUFFIXES = ("地区", "盟")
# Development zones (GB/T 2260 statistical codes 71-79 in digits 5-6) are run by a committee.
_ZONE_NAME = re.compile(r"(开发区|示范区|实验区|试验区|合作区|新区|园区|产业园|管理区)$")
_GOVERNMENT_NAME = re.compile(r"(人民政府|行政公署|管理委员会|管委会)$")


class CoverageScopeError(ValueError):
    """A scope that names no place (unknown province, malformed code prefix)."""


@dataclass(frozen=True, slots=True)
class Scope:
    """Which issuers: a province (name, short name or code), a code prefix, a level; None = all."""

    province: str | None = None
    region_code: str | None = None
    level: Level | None = None

    def __post_init__(self) -> None:
        if self.region_code is not None and not re.fullmatch(r"\d{1,6}", self.region_code):
            raise CoverageScopeError(f"region code prefix {self.region_code!r} is not 1 to 6 digits")

    def holds(self, code: str, level: Level, province_code: str | None, wanted_province: str | None) -> bool:
        """Whether a place is in scope; `wanted_province` is the code `province` resolved to."""
        if self.level is not None and level is not self.level:
            return False
        if self.region_code is not None and not code.startswith(self.region_code):
            return False
        return wanted_province is None or province_code == wanted_province


@dataclass(frozen=True, slots=True)
class ExpectedIssuer:
    region_code: str
    issuer: str
    level: Level
    province: str | None
    prefecture: str | None  # the prefecture it is or belongs to; None for a province
    kind: ExpectedKind
    place: str  # the unit's own name (郏县), how reports name the place

    def deadline(self, year: int) -> date:
        return deadline_for(year, department=self.kind == "department")


def province_unit(name: str, regions: RegionTable | None = None) -> Unit:
    """The province a name (河南, 河南省) or a code (41, 410000) stands for; `CoverageScopeError` else."""
    regions = regions or table()
    text = name.strip()
    for unit in regions.units:
        if unit.level is Level.province and text in (unit.name, unit.short, unit.code, unit.code[:2]):
            return unit
    raise CoverageScopeError(f"{name!r} is not a province (e.g. 河南, 河南省, 41)")


def government_name(unit: Unit) -> str:
    if unit.level is Level.prefecture and unit.name.endswith(_AGENCY_SUFFIXES):
        return unit.name + "行政公署"
    if _ZONE_NAME.search(unit.name) or unit.code[4:5] == "7":
        return unit.name + "管理委员会"
    return unit.name + "人民政府"


def is_department(portal: Portal) -> bool:
    """A registry portal of a department (河南省司法厅), not of a government (河南省人民政府)."""
    return not _GOVERNMENT_NAME.search(portal.name)


def expected_issuers(scope: Scope, registry: Registry | None = None,
                     regions: RegionTable | None = None) -> list[ExpectedIssuer]:  # fmt: skip
    """Governments of the table edition and registry departments in `scope`, by code then name."""
    regions = regions or table()
    # An unknown province is an error, not an empty list.
    wanted = province_unit(scope.province, regions).code if scope.province is not None else None
    out: list[ExpectedIssuer] = []
    for unit in regions.units:
        if unit.level not in GOVERNMENT_LEVELS:
            continue
        lineage = [regions.units[uid] for uid in unit.lineage]
        if not scope.holds(unit.code, unit.level, lineage[0].code, wanted):
            continue
        prefecture = next((u.name for u in lineage if u.level is Level.prefecture), None)
        # Named as the analysis names a report's issuer: a district with its city (平顶山市新华区人民政府).
        issuer = places_above(lineage, len(lineage) - 1) + government_name(unit)
        out.append(ExpectedIssuer(unit.code, issuer, unit.level, lineage[0].name,
                                  prefecture, "government", unit.name))  # fmt: skip
    for portal in registry.portals if registry is not None else ():
        if not is_department(portal):
            continue
        uid = regions.by_code.get(portal.region_code)
        if uid is None:
            continue
        lineage = [regions.units[u] for u in regions.units[uid].lineage]
        if not scope.holds(portal.region_code, portal.level, lineage[0].code, wanted):
            continue
        prefecture = next((u.name for u in lineage if u.level is Level.prefecture), None)
        out.append(ExpectedIssuer(portal.region_code, portal.name, portal.level, lineage[0].name,
                                  prefecture, "department", regions.units[uid].name))  # fmt: skip
    # Several departments may share a portal name across registries: one expectation each.
    unique = {(e.region_code, e.issuer): e for e in out}
    return sorted(unique.values(), key=lambda e: (e.region_code, e.kind != "government", e.issuer))
