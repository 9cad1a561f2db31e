"""`fazhi list-page`: what the crawler sees on one list page, from a saved file or a fetched URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawlers.demo_portal import DemoPortal
from streams.cli import main

PAGES = Path(__file__).parent / "adapters" / "pages"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["list-page", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_saved_file_at_the_given_address(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(PAGES / "trs_policy_jiedu.html"),
                         "--url", "http://www.hunan.gov.cn/zwgk/zcwj/szfwj/index.html")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert {"cms", "items", "total_pages", "error"} <= set(result)
    assert result["cms"] == "trs" and result["error"] is None and result["total_pages"] == 12
    assert len(result["items"]) == 15
    assert result["items"][0] == {
        "url": "http://www.hunan.gov.cn/zwgk/zcwj/szfwj/202503/t20250328_1538201.html",
        "title": "湖南省人民政府关于印发《湖南省行政规范性文件管理办法》的通知", "date": "2025-03-31"}
    assert result["next_url"] == "http://www.hunan.gov.cn/zwgk/zcwj/szfwj/index_1.html"


def test_browser_saved_page_names_its_own_address(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(PAGES / "trs_saved_countpage.html"), "--format", "table")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("cms: trs   page 3 of 5   items: 10")
    assert "https://sfj.gz.gov.cn/zwgk/tzgg/202412/t20241220_9012345.html" in out
    assert "2024-12-20  广州市司法局关于2024年度广州市律师事务所年度检查考核结果的公告" in out


def test_json_api_with_a_mapping_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("json_list:\n  items: result.list\n  title: articleTitle\n  date: pubDate\n"
                       "  total: result.totalCount\n  url_template: https://amr.hainan.gov.cn/#/article/detail?id={articleId}\n",
                       encoding="utf-8")  # fmt: skip
    url = "https://amr.hainan.gov.cn/api/article/list?columnCode=tzgg&pageNo=2&pageSize=5"
    answer = str(PAGES / "spa_api_ids_page2.json")
    code, out, _ = run(capsys, answer, "--url", url, "--json-list", str(mapping))
    result = json.loads(out)
    assert code == 0 and result["cms"] == "json" and result["total_pages"] == 18
    assert result["items"][1]["url"] == "https://amr.hainan.gov.cn/#/article/detail?id=5122204"
    mapping.write_text("json_list: {items: result.list}\n", encoding="utf-8")
    code, out, err = run(capsys, answer, "--url", url, "--json-list", str(mapping))
    assert code == 1 and "bad json_list mapping" in json.loads(out)["error"] and "Traceback" not in err


@pytest.mark.parametrize(("args", "message"), [
    (["/nonexistent/list.html", "--url", "http://www.example.gov.cn/"], "No such file or directory"),
    ([str(PAGES / "trs_policy_jiedu.html")], "give the page's address with --url"),
    ([str(PAGES / "trs_policy_jiedu.html"), "--url", "ftp://www.example.gov.cn/x"], "not an http(s) address"),
])
def test_bad_input_is_an_error_line_and_exit_1(capsys: pytest.CaptureFixture[str], args: list[str],
                                               message: str) -> None:  # fmt: skip
    code, out, err = run(capsys, *args)
    result = json.loads(out)
    assert code == 1 and message in result["error"] and result["items"] == []
    assert err.startswith("fazhi list-page: ") and err.count("\n") == 1 and "Traceback" not in err


def test_private_addresses_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "http://127.0.0.1:9/zwgk/tzgg/index.html")
    result = json.loads(out)
    assert code == 1 and result["items"] == [] and "fetch" in result["error"]
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal().serving_in_thread() as served:
        yield served


@pytest.mark.parametrize(("host", "cms"), [("www.hanweb-demo.test", "hanweb"), ("www.trs-demo.test", "trs")])
def test_url_fetched_through_the_crawlers_fetcher(portal: DemoPortal, tmp_path: Path, host: str,
                                                  cms: str) -> None:
    registry = tmp_path / "registry.yaml"
    registry.write_text(portal.registry_yaml(), encoding="utf-8")
    url = portal.column_urls()[(host, "tzgg")]
    env = {**os.environ, "FAZHI_CRAWL_STATIC_HOSTS": json.dumps(portal.static_hosts()),
           "FAZHI_CRAWL_DELAY": "0"}
    command = [sys.executable, "-m", "streams.cli", "list-page", url, "--registry", str(registry)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["error"] is None and result["cms"] == cms and len(result["items"]) >= 10
    assert {item["url"] for item in result["items"]} <= {page.url for page in portal.pages()}
    assert result["total_pages"] >= 3 and result["next_url"].startswith(f"http://{host}:")


def test_a_page_without_a_list_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "about.html"
    page.write_text("<html><body><h1>机构职能</h1><p>负责司法行政工作。</p></body></html>", encoding="utf-8")
    code, out, _ = run(capsys, str(page), "--url", "http://www.example.gov.cn/jgzn/")
    assert code == 1 and json.loads(out)["error"] == "no list entries found on the page (read as generic)"
    empty = tmp_path / "empty.json"
    empty.write_text('{"articles": [], "total": 0}', encoding="utf-8")
    code, out, _ = run(capsys, str(empty), "--url", "http://www.example.gov.cn/gkmlpt/api/all/1?page=1&sid=2")
    assert code == 0 and json.loads(out)["total_pages"] == 1
