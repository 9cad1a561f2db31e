"""The five pages the project was created from must come out right (reads ../shared/seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.analysis import analyze
from streams.evaluation import issuer_matches, province_key

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# prefix of the seed file -> (issuer, province, level or "department", report_year)
EXPECTED = {
    "000": ("高州市人民政府", "广东", "county", 2021),
    "001": ("广州市增城区正果镇人民政府", "广东", "township", 2020),
    "002": ("郏县人民政府", "河南", "county", 2021),
    "003": ("潜江市政务服务和大数据管理局", "湖北", "department", 2024),
    "004": ("中共泰州市委 泰州市人民政府", "江苏", "prefecture", 2021),
}


def seed(prefix: str) -> bytes:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared not present: no seeds at {SEEDS}")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_is_a_report_with_the_right_facts(prefix: str) -> None:
    issuer, province, level, year = EXPECTED[prefix]
    record = analyze(seed(prefix)).record(prefix)
    assert record.is_report, record.reasons
    assert record.kind == "annual_report"
    assert issuer_matches(record.issuer, issuer), record.issuer
    assert province_key(record.province) == province
    if level == "department":
        assert record.issuer_kind == "department"
    else:
        assert record.level == level
    assert record.report_year == year


def test_joint_issuer_is_split() -> None:
    record = analyze(seed("004")).record("004")
    assert record.issuer_kind == "party_and_government"
    assert len(record.issuers) == 2


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_seed_yields_at_least_ten_catalogue_indicators_backed_by_evidence(prefix: str) -> None:
    record = analyze(seed(prefix)).record(prefix)
    text = analyze(seed(prefix)).page.text
    catalogued = [i for i in record.indicators if not i.key.startswith("other.")]
    for hit in record.indicators:
        assert hit.evidence in text
        assert text[hit.start:hit.end].strip(), hit
    assert len(catalogued) >= 10, [(i.key, i.value, i.unit) for i in catalogued]
