"""Portal registry: the starter file validates; bad files give RegistryError with the location."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from crawlers.registry import STARTER_REGISTRY, RegistryError, load_registry, parse_registry
from schemas import Level
from schemas.registry import Registry, Schedule
from streams.analysis.regions import table

VALID = """
portals:
  - id: demo-gov
    name: 示例市人民政府
    region_code: "440300"
    level: prefecture
    base_url: http://www.demo.test/
    columns:
      - {id: tzgg, name: 通知公告, url: /col/col1/index.html}
      - {id: ndbg, name: 法治政府建设年度报告, url: "http://www.demo.test/fzzfndbg/", kind: reports}
"""


def test_starter_registry_has_every_province_twice_with_table_codes() -> None:
    registry = load_registry(STARTER_REGISTRY)
    assert len(registry.portals) == 62
    by_code = Counter(portal.region_code for portal in registry.portals)
    provinces = {table().unit(uid).code for uid in range(len(table().units))
                 if table().unit(uid).level is Level.province}
    # 31 provincial-level divisions of the mainland (Hong Kong, Macao, Taiwan have no such portal).
    mainland = {code for code in provinces if code < "710000"}
    assert len(mainland) == 31
    assert set(by_code) == mainland
    assert set(by_code.values()) == {2}
    for portal in registry.portals:
        assert portal.level is Level.province
        assert portal.verified is False
        assert not portal.allow_private
        assert portal.columns and all(c.url.startswith(("http://", "https://")) for c in portal.columns)
    # One government and one justice department per province.
    names = Counter(portal.name.endswith("人民政府") for portal in registry.portals)
    assert names == {True: 31, False: 31}


def test_relative_column_urls_become_absolute_and_defaults_apply() -> None:
    registry = parse_registry(VALID)
    portal = registry.portal("demo-gov")
    assert portal.column("tzgg").url == "http://www.demo.test/col/col1/index.html"
    assert portal.column("ndbg").kind == "reports"
    assert portal.schedule == Schedule()
    assert portal.politeness is None and portal.proxy is None


def _error(text: str, tmp_path: Path, **kwargs: bool) -> str:
    path = tmp_path / "portals.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(path, **kwargs)
    message = str(caught.value)
    assert message.startswith(str(path))
    return message


def test_schema_errors_name_the_portal_and_field(tmp_path: Path) -> None:
    message = _error(VALID.replace('"440300"', '"4403"'), tmp_path)
    assert "portals[0] 'demo-gov': region_code:" in message
    message = _error(VALID.replace("    level: prefecture\n", "    level: prefecture\n    colour: red\n"),
                     tmp_path)
    assert "portals[0] 'demo-gov': colour: unknown field" in message
    message = _error(VALID.replace("http://www.demo.test/fzzfndbg/", "ftp://www.demo.test/x"), tmp_path)
    assert "portals[0] 'demo-gov'" in message and "ftp://www.demo.test/x" in message


def test_duplicates_and_schedule_bounds_are_refused(tmp_path: Path) -> None:
    twice = VALID + VALID.split("portals:\n", 1)[1]
    assert "duplicate portal id 'demo-gov'" in _error(twice, tmp_path)
    same_column = VALID.replace("id: ndbg", "id: tzgg")
    assert "duplicate column id 'tzgg'" in _error(same_column, tmp_path)
    backwards = VALID.replace("    level: prefecture\n", "    level: prefecture\n    schedule: "
                              "{base_interval: 60, min_interval: 120, max_interval: 600}\n")
    assert "min_interval <= base_interval <= max_interval" in _error(backwards, tmp_path)
    with pytest.raises(ValidationError):
        Schedule(season_factor=0)


def test_region_codes_are_checked_against_the_region_table(tmp_path: Path) -> None:
    assert "990000 names no division" in _error(VALID.replace("440300", "990000"), tmp_path)
    wrong_level = _error(VALID.replace("level: prefecture", "level: county"), tmp_path)
    assert "level: 440300" in wrong_level and "is a prefecture, not a county" in wrong_level
    path = tmp_path / "unchecked.yaml"
    path.write_text(VALID.replace("440300", "990000"), encoding="utf-8")
    assert load_registry(path, check_regions=False).portals[0].region_code == "990000"


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="no such file"):
        load_registry(tmp_path / "missing.yaml")
    assert "not valid YAML at line" in _error("portals: [\n  - id: x\n", tmp_path)
    assert "expected a mapping" in _error("- just\n- a list\n", tmp_path)


def test_registry_is_closed_and_round_trips() -> None:
    registry = parse_registry(VALID, check_regions=False)
    assert Registry.model_validate_json(registry.model_dump_json()) == registry
    with pytest.raises(ValidationError, match="extra"):
        Registry(portals=[], unexpected=1)
