"""`fazhi registry check FILE [--online]`: every problem on its own line, named by its portal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from crawlers.demo_portal import DemoPortal
from crawlers.registry import STARTER_REGISTRY
from streams.cli import main
from streams.settings import get_settings

PORTAL = {"id": "demo-gov", "name": "示例市人民政府", "region_code": "440300", "level": "prefecture",
          "base_url": "http://www.demo.test/",
          "columns": [{"id": "tzgg", "name": "通知公告", "url": "/col/col1/index.html"}]}  # fmt: skip
OTHER = {**PORTAL, "id": "demo-sfj", "name": "示例市司法局", "base_url": "http://sfj.demo.test/",
         "columns": [{"id": "tzgg", "name": "通知公告", "url": "/tzgg/"}]}  # fmt: skip


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], portals: list[dict] | str,
          *options: str) -> tuple[int, list[str]]:  # fmt: skip
    path = tmp_path / "portals.yaml"
    text = portals if isinstance(portals, str) else yaml.safe_dump({"portals": portals}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    code = main(["registry", "check", str(path), *options])
    out = capsys.readouterr().out.splitlines()
    assert all(line.startswith(f"{path}: ") for line in out), out
    return code, [line.removeprefix(f"{path}: ") for line in out]


def test_a_good_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["registry", "check", str(STARTER_REGISTRY)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "62 portal(s)" in captured.err


def test_a_duplicate_id_names_both_portals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = check(tmp_path, capsys, [PORTAL, OTHER, {**OTHER, "base_url": "http://sfj2.demo.test/"}])
    assert code == 1
    assert lines == ["portals[2] 'demo-sfj': duplicate portal id 'demo-sfj' (also portals[1])"]


def test_bad_urls_and_schema_errors_each_name_their_portal(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad_host = {**PORTAL, "base_url": "http://www.demo .test/"}
    bad_scheme = {**OTHER, "columns": [{"id": "tzgg", "name": "通知公告", "url": "ftp://sfj.demo.test/x"}]}
    unknown_cms = {**PORTAL, "id": "demo-cms", "base_url": "http://cms.demo.test/", "cms": "wordpress"}
    missing = {key: value for key, value in PORTAL.items() if key != "name"} | {"id": "demo-noname",
                                                                                "base_url": "http://n.demo.test/"}
    code, lines = check(tmp_path, capsys, [bad_host, bad_scheme, unknown_cms, missing])
    assert code == 1
    assert len(lines) == 4, lines
    assert lines[0].startswith("portals[0] 'demo-gov': base_url: bad host name")
    assert lines[1].startswith("portals[1] 'demo-sfj': ") and "ftp://sfj.demo.test/x" in lines[1]
    assert lines[2].startswith("portals[2] 'demo-cms': cms: ") and "'hanweb'" in lines[2]
    assert lines[3] == "portals[3] 'demo-noname': name: Field required"


def test_the_same_column_url_twice_and_a_wrong_region(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # Another spelling of the first portal's column URL (host case, fragment): the same list page.
    twice = {**OTHER, "columns": [{"id": "copy", "name": "通知公告",
                                   "url": "http://WWW.demo.test/col/col1/index.html#list"}]}  # fmt: skip
    nowhere = {**PORTAL, "id": "demo-x", "base_url": "http://x.demo.test/", "region_code": "990000"}
    code, lines = check(tmp_path, capsys, [PORTAL, twice, nowhere])
    assert code == 1
    assert lines[0].startswith("portals[1] 'demo-sfj': columns[0].url: ")
    assert "already watched by portals[0] 'demo-gov'" in lines[0]
    assert lines[1].startswith("portals[2] 'demo-x': region_code: 990000 names no division")


def test_unparsable_and_missing_files_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = check(tmp_path, capsys, "portals: [\n  - id: x\n")
    assert code == 1 and len(lines) == 1 and "not valid YAML at line" in lines[0]
    assert main(["registry", "check", str(tmp_path / "missing.yaml")]) == 1
    assert "no such file" in capsys.readouterr().out


# --------------------------------------------------------------------------- --online


@pytest.fixture
def portal(monkeypatch: pytest.MonkeyPatch) -> Iterator[DemoPortal]:
    served = DemoPortal(crawl_delay=0.05)
    with served.serving_in_thread():
        monkeypatch.setenv("FAZHI_CRAWL_STATIC_HOSTS", json.dumps(served.static_hosts()))
        monkeypatch.setenv("FAZHI_CRAWL_RETRY_ATTEMPTS", "1")
        monkeypatch.setenv("FAZHI_CRAWL_DELAY", "0.05")
        get_settings.cache_clear()
        yield served
    get_settings.cache_clear()


def test_online_reports_the_columns_that_do_not_answer(portal: DemoPortal, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    portals = portal.registry()
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump({"portals": portals}, allow_unicode=True), encoding="utf-8")
    assert main(["registry", "check", str(path), "--online"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "every column answered" in captured.err

    missing_column = {"id": "gone", "name": "已删除", "url": "/no/such/column/"}
    gone = dict(portals[0], columns=[*portals[0]["columns"], missing_column])
    # Same site, but the registry does not allow private addresses: the fetcher refuses loopback.
    unsafe = dict(portals[1], allow_private=False)
    code, lines = check(tmp_path, capsys, [gone, unsafe, *portals[2:]], "--online")
    assert code == 1
    gone_id, unsafe_id = portals[0]["id"], portals[1]["id"]
    assert any(line.startswith(f"portals[0] '{gone_id}': columns[") and "'gone'" in line
               and "does not answer: http_error (HTTP 404" in line for line in lines), lines  # fmt: skip
    unsafe_lines = [line for line in lines if line.startswith(f"portals[1] '{unsafe_id}': ")]
    assert len(unsafe_lines) == len(portals[1]["columns"]), lines
    assert all("does not answer: invalid" in line for line in unsafe_lines), unsafe_lines
    assert len(lines) == 1 + len(unsafe_lines), lines
