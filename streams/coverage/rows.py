"""Coverage rows: each expected issuer matched with the report found for the year (pure).

A government report matches the expected government of its GB/T 2260 code and level (when
development zones share a code, the one whose name the issuer carries); a department report
matches the registry department of the same code whose name it ends with (河南省司法厅). When
several reports match one issuer, the earliest published is the one that counts for timeliness.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from schemas.coverage import CoverageRow, CoverageTotals
from schemas.reports import Sections
from streams.analysis.deadlines import days_late
from streams.coverage.expected import ExpectedIssuer

__all__ = ["IssuerIndex", "coverage_rows", "match_report", "totals", "totals_lines"]

GOVERNMENT_KINDS = ("government", "party_and_government")
_SOURCE_RANK = {"own_portal": 0, "other_government": 1, "republication": 2, "unknown": 3}


class IssuerIndex:
    """Expected issuers by (code, level) for governments and by code for departments."""

    def __init__(self, expected: Iterable[ExpectedIssuer]) -> None:
        self.governments: dict[tuple[str, str], list[ExpectedIssuer]] = {}
        self.departments: dict[str, list[ExpectedIssuer]] = {}
        for issuer in expected:
            if issuer.kind == "government":
                self.governments.setdefault((issuer.region_code, issuer.level.value), []).append(issuer)
            else:
                self.departments.setdefault(issuer.region_code, []).append(issuer)


def match_report(report: Mapping[str, Any], index: IssuerIndex) -> ExpectedIssuer | None:
    """The expected issuer a stored report is the report of, or None."""
    code, issuer = report.get("region_code"), report.get("issuer") or ""
    if not code:
        return None
    if report.get("issuer_kind") in GOVERNMENT_KINDS:
        candidates = index.governments.get((code, report.get("level") or ""), [])
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.place in issuer]
        return candidates[0] if len(candidates) == 1 else None
    if report.get("issuer_kind") == "department":
        for candidate in index.departments.get(code, ()):
            body = candidate.issuer.removeprefix(candidate.place)
            if issuer == candidate.issuer or (body and issuer.endswith(body)):
                return candidate
    return None


def _preference(report: Mapping[str, Any]) -> tuple:
    published = report.get("published")
    return (published is None, published or date.max, _SOURCE_RANK.get(report.get("source_kind"), 9),
            report.get("report_id") or "")  # fmt: skip


def coverage_rows(expected: list[ExpectedIssuer], year: int, reports: Iterable[Mapping[str, Any]],
                  today: date) -> list[CoverageRow]:  # fmt: skip
    """One row per expected issuer (in the order given): found with its report, or missing."""
    index = IssuerIndex(expected)
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for report in reports:
        if report.get("report_year") != year:
            continue
        issuer = match_report(report, index)
        if issuer is None:
            continue
        key = (issuer.region_code, issuer.issuer)
        if key not in found or _preference(report) < _preference(found[key]):
            found[key] = report
    return [_row(issuer, year, found.get((issuer.region_code, issuer.issuer)), today) for issuer in expected]


def _row(issuer: ExpectedIssuer, year: int, report: Mapping[str, Any] | None, today: date) -> CoverageRow:
    deadline = issuer.deadline(year)
    base = {"region_code": issuer.region_code, "issuer": issuer.issuer, "level": issuer.level,
            "province": issuer.province, "prefecture": issuer.prefecture, "issuer_kind": issuer.kind,
            "report_year": year, "deadline": deadline}  # fmt: skip
    if report is None:
        passed = today > deadline
        return CoverageRow(**base, status="missing", on_time=False if passed else None,
                           days_late=(today - deadline).days if passed else None)  # fmt: skip
    published: date | None = report.get("published")
    sections = report.get("sections") or {}
    return CoverageRow(
        **base, status="found", report_id=report.get("report_id"),
        url=report.get("source_url") or report.get("url"), published=published,
        on_time=None if published is None else published <= deadline,
        days_late=None if published is None else days_late(published, deadline),
        # In the order of the law's list (JSONB does not keep key order).
        sections_missing=[name for name in Sections.model_fields if name in sections and not sections[name]],
        source_kind=report.get("source_kind"),
    )  # fmt: skip


def totals(rows: Iterable[CoverageRow]) -> CoverageTotals:
    """Found, on time, late and missing, overall and by level."""
    result = CoverageTotals()
    for row in rows:
        counts = result.by_level.setdefault(row.level.value, dict.fromkeys(
            ("expected", "found", "on_time", "late", "missing"), 0))  # fmt: skip
        keys = ["expected", row.status]
        if row.status == "found" and row.on_time is not None:
            keys.append("on_time" if row.on_time else "late")
        for key in keys:
            counts[key] += 1
            setattr(result, key, getattr(result, key) + 1)
    return result


def totals_lines(summary: CoverageTotals) -> list[str]:
    """The totals as text: overall, then one line per level."""
    lines = [f"total: {summary.expected} expected, {summary.found} found ({summary.on_time} on time, "
             f"{summary.late} late), {summary.missing} missing"]  # fmt: skip
    for level, counts in summary.by_level.items():
        lines.append(f"  {level}: {counts['expected']} expected, {counts['found']} found "
                     f"({counts['on_time']} on time, {counts['late']} late), {counts['missing']} missing")
    return lines
