"""`fazhi coverage` as a user runs it, on SQLite and the real PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.cli import main
from streams.settings import get_settings

from .conftest import henan_reports, store


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> Iterator[str]:
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FAZHI_DATABASE_URL", database_url)
    monkeypatch.setenv("FAZHI_NOW", "2026-04-02T09:00:00+08:00")
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def test_coverage_of_a_province_in_every_format(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    store(env, henan_reports())
    capsys.readouterr()

    assert main(["coverage", "--year", "2025", "--province", "河南", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) >= 100 and all(row["province"] == "河南省" for row in rows)
    by_code = {row["region_code"]: row for row in rows if row["issuer_kind"] == "government"}
    jia = by_code["410425"]
    assert (jia["issuer"], jia["status"], jia["on_time"], jia["days_late"], jia["published"]) == (
        "郏县人民政府", "found", True, 0, "2026-03-20")
    assert jia["url"] == "http://www.jiaxian.gov.cn/art/2026/3/20/art_1.html" and jia["report_id"]
    lu = by_code["410423"]
    assert (lu["status"], lu["on_time"], lu["days_late"]) == ("found", False, 9)
    assert lu["sections_missing"] == ["first_responsibility", "other"]
    bao = by_code["410421"]
    assert (bao["status"], bao["on_time"], bao["days_late"], bao["report_id"]) == ("missing", False, 1, None)
    # The starter registry's provincial department is expected too, by 1 March.
    assert any(r["issuer"] == "河南省司法厅" and r["deadline"] == "2026-03-01" for r in rows)

    assert main(["coverage", "--year", "2025", "--province", "河南省", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].startswith("region_code,issuer,level,province")
    records = list(csv.DictReader(io.StringIO(text)))
    assert len(records) == len(rows)
    statuses = {r["region_code"]: r["status"] for r in records if r["issuer"] == "郏县人民政府"}
    assert statuses == {"410425": "found"}

    assert main(["coverage", "--year", "2025", "--region-code", "4104", "--level", "county"]) == 0
    table = capsys.readouterr().out
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["region_code", "issuer", "level", "status"]
    assert any(line.split()[:2] == ["410421", "宝丰县人民政府"] and "missing" in line for line in lines)
    # 12 county-level units (10 counties and districts, 2 development zones), 2 reports: 1 on time, 1 late.
    assert "total: 12 expected, 2 found (1 on time, 1 late), 10 missing" in table
    assert "county: 12 expected" in table and "edition 2021-12-31" in table


def test_coverage_errors_are_one_line(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--year", "2025", "--province", "火星"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fazhi coverage: ") and "not a province" in err and len(err.splitlines()) == 1
