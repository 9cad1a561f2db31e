"""`fazhi db upgrade`, `fazhi db export-parquet` and `fazhi reports` as a user runs them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from streams.cli import main
from streams.settings import get_settings
from streams.sink.database import StorageSink

from .conftest import events_for, report_page
from .test_database import head_revision


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> Path:
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FAZHI_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def _store(database_url: str, events: list) -> None:
    async def write() -> None:
        async with StorageSink(database_url) as sink:
            for event in events:
                sink.add(event)

    asyncio.run(write())


def test_db_upgrade_then_reports_lists_with_filters(env: Path, database_url: str, capsys) -> None:
    assert main(["db", "upgrade"]) == 0
    assert f"revision {head_revision()}" in capsys.readouterr().out
    _, hubei = events_for(report_page("秭归县人民政府", published="2024-03-22"),
                          "http://www.zigui.gov.cn/art/2024/3/22/art_1.html")
    _, zhejiang = events_for(report_page("杭州市人民政府", published="2024-01-15"),
                             "https://www.hangzhou.gov.cn/art/2024/1/15/art_1.html")
    _store(database_url, [hubei, zhejiang])

    assert main(["reports", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["province"] for r in records] == ["湖北省", "浙江省"]  # newest publication first
    first = records[0]
    analyze_fields = {"source", "is_report", "kind", "confidence", "issuer", "issuer_kind", "level",
                      "province", "prefecture", "county", "region_code", "report_year", "published",
                      "sections", "deadline", "on_time", "indicators"}  # fmt: skip
    assert first.keys() >= analyze_fields | {"report_id", "source_url", "first_seen", "revisions"}
    assert first["report_id"] == hubei.report_id and first["revisions"] == 0
    assert first["source_url"] == "http://www.zigui.gov.cn/art/2024/3/22/art_1.html"
    assert {i["key"] for i in first["indicators"]} >= {"reconsideration.accepted"}

    assert main(["reports", "--province", "浙江", "--format", "jsonl"]) == 0
    issuers = [json.loads(line)["issuer"] for line in capsys.readouterr().out.splitlines()]
    assert issuers == ["杭州市人民政府"]
    assert main(["reports", "--since", "2024-02-01", "--format", "jsonl"]) == 0
    assert [json.loads(line)["issuer"] for line in capsys.readouterr().out.splitlines()] == ["秭归县人民政府"]

    assert main(["reports"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:2] == ["report_id", "is_report"] and table[0].split()[-3:] == [
        "revisions", "first_seen", "source_url"]
    assert len(table) == 3 and hubei.report_id in table[1] and "秭归县人民政府" in table[1]

    assert main(["db", "export-parquet"]) == 0
    assert "2 partition file(s)" in capsys.readouterr().out
    assert len(list((env / "warehouse" / "reports").rglob("*.parquet"))) == 2


def test_reports_without_a_database_says_what_to_do(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path / "nothing"))
    monkeypatch.delenv("FAZHI_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["reports"]) == 1
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert "no database at" in err and "fazhi db upgrade" in err
    assert not (tmp_path / "nothing").exists()  # reading does not create an empty database


def test_bad_since_date_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["reports", "--since", "last week"])
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err
