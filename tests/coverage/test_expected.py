"""Expected issuers from the GB/T 2260 table and the registry; rows matched with reports (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import Level
from schemas.registry import Registry
from streams.analysis.regions import table
from streams.coverage import CoverageScopeError, Scope, coverage_rows, expected_issuers, totals

# 平顶山市 in GB/T 2260 (the county-level governments; 410471 is a development zone code), each as its
# government is named: a district with its city (新华区 is also 石家庄's and 沧州's), a county alone.
PINGDINGSHAN_COUNTIES = {"410402": "平顶山市新华区", "410403": "平顶山市卫东区", "410404": "平顶山市石龙区",
                         "410411": "平顶山市湛河区", "410421": "宝丰县", "410422": "叶县", "410423": "鲁山县",
                         "410425": "郏县", "410481": "舞钢市", "410482": "汝州市"}  # fmt: skip


def registry(*portals: tuple[str, str, str, str]) -> Registry:
    columns = [{"id": "tzgg", "name": "通知公告", "url": "/tzgg/"}]
    return Registry.model_validate({"portals": [
        {"id": pid, "name": name, "region_code": code, "level": level, "base_url": "https://x.gov.cn/",
         "columns": columns} for pid, name, code, level in portals]})


def test_the_table_keeps_its_edition_and_matches_it() -> None:
    regions = table()
    assert regions.edition == "2021-12-31"
    names = {unit.name for unit in regions.units}
    assert {"会理市", "临平区", "钱塘区", "新星市"} <= names  # changes of 2021
    assert not {"白杨市", "和康县", "和安县"} & names      # changes of 2023 and 2024


def test_a_prefecture_prefix_expects_its_government_and_every_county_level_unit() -> None:
    issuers = expected_issuers(Scope(region_code="4104"))
    by_code = {(e.region_code, e.issuer) for e in issuers}
    assert ("410400", "平顶山市人民政府") in by_code
    for code, name in PINGDINGSHAN_COUNTIES.items():
        assert (code, f"{name}人民政府") in by_code
    zones = [e for e in issuers if e.region_code == "410471"]
    assert len(zones) == 2 and all(e.issuer.endswith("管理委员会") for e in zones)  # two share the code
    assert all(e.province == "河南省" and e.prefecture == "平顶山市" for e in issuers)
    counties = expected_issuers(Scope(region_code="4104", level=Level.county))
    assert {e.level for e in counties} == {Level.county}


def test_a_province_by_any_name_and_its_departments_from_the_registry() -> None:
    portals = registry(("ha-sft", "河南省司法厅", "410000", "province"),
                       ("ha-gov", "河南省人民政府", "410000", "province"),
                       ("pds-sfj", "平顶山市司法局", "410400", "prefecture"),
                       ("gd-sft", "广东省司法厅", "440000", "province"))
    for name in ("河南", "河南省", "41"):
        issuers = expected_issuers(Scope(province=name), portals)
        assert len(issuers) >= 100 and all(e.region_code.startswith("41") for e in issuers)
    departments = [(e.issuer, e.level) for e in issuers if e.kind == "department"]
    assert departments == [("河南省司法厅", Level.province), ("平顶山市司法局", Level.prefecture)]
    governments = {e.issuer for e in issuers if e.kind == "government"}
    assert "河南省人民政府" in governments and "济源市人民政府" in governments  # 省直辖 county level


def test_prefecture_agencies_are_named_as_they_sign() -> None:
    issuers = expected_issuers(Scope(region_code="54", level=Level.prefecture))
    names = {e.region_code: e.issuer for e in issuers}
    assert names["542500"] == "阿里地区行政公署"
    assert names["540100"] == "拉萨市人民政府"


def test_an_unknown_scope_is_a_clear_error() -> None:
    with pytest.raises(CoverageScopeError, match="not a province"):
        expected_issuers(Scope(province="火星"))
    with pytest.raises(CoverageScopeError, match="digits"):
        Scope(region_code="41x")


def _report(**fields: object) -> dict:
    base = {"report_year": 2025, "issuer_kind": "government", "level": "county", "source_kind": "own_portal",
            "sections": {"measures": True, "shortcomings": True, "first_responsibility": True,
                         "next_year_plan": True, "other": True}}  # fmt: skip
    return base | fields


def test_rows_found_on_time_late_and_missing() -> None:
    expected = expected_issuers(Scope(region_code="4104"))
    reports = [
        _report(report_id="jia", issuer="郏县人民政府", region_code="410425", published=date(2026, 3, 20),
                source_url="http://jia/1"),
        _report(report_id="lu", issuer="鲁山县人民政府", region_code="410423", published=date(2026, 4, 10),
                sections={"measures": True, "first_responsibility": False}),
        _report(report_id="old", issuer="宝丰县人民政府", region_code="410421", published=date(2025, 3, 1),
                report_year=2024),  # another year: 宝丰县 is still missing for 2025
        _report(report_id="zone", issuer="平顶山高新技术产业开发区管理委员会", region_code="410471",
                published=date(2026, 3, 1)),
    ]
    rows = {(r.region_code, r.issuer): r for r in coverage_rows(expected, 2025, reports, date(2026, 4, 2))}
    jia = rows[("410425", "郏县人民政府")]
    assert (jia.status, jia.report_id, jia.on_time, jia.days_late, jia.url) == ("found", "jia", True, 0,
                                                                                "http://jia/1")  # fmt: skip
    lu = rows[("410423", "鲁山县人民政府")]
    assert (lu.status, lu.on_time, lu.days_late) == ("found", False, 9)
    assert lu.sections_missing == ["first_responsibility"]
    bao = rows[("410421", "宝丰县人民政府")]
    assert (bao.status, bao.report_id, bao.on_time, bao.days_late) == ("missing", None, False, 1)
    assert rows[("410471", "平顶山高新技术产业开发区管理委员会")].status == "found"
    assert rows[("410471", "平顶山市城乡一体化示范区管理委员会")].status == "missing"

    summary = totals(rows.values())
    counts = (summary.expected, summary.found, summary.on_time, summary.late, summary.missing)
    assert counts == (13, 3, 2, 1, 10)
    assert summary.by_level["prefecture"] == {"expected": 1, "found": 0, "on_time": 0, "late": 0,
                                              "missing": 1}  # fmt: skip


def test_before_the_deadline_a_missing_report_is_not_late_yet() -> None:
    expected = expected_issuers(Scope(region_code="410421"))
    [row] = coverage_rows(expected, 2025, [], date(2026, 4, 1))
    assert (row.status, row.on_time, row.days_late) == ("missing", None, None)


def test_department_reports_match_by_name_and_have_the_march_deadline() -> None:
    portals = registry(("ha-sft", "河南省司法厅", "410000", "province"))
    expected = [e for e in expected_issuers(Scope(region_code="41", level=Level.province), portals)]
    report = _report(report_id="sft", issuer="河南省司法厅", issuer_kind="department", level="province",
                     region_code="410000", published=date(2026, 3, 5))
    rows = {r.issuer: r for r in coverage_rows(expected, 2025, [report], date(2026, 4, 2))}
    assert rows["河南省司法厅"].deadline == date(2026, 3, 1)
    assert (rows["河南省司法厅"].status, rows["河南省司法厅"].days_late) == ("found", 4)
    assert rows["河南省人民政府"].status == "missing"  # a department's report is not the government's
