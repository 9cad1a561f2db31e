"""`fazhi serve`: the pages in a real headless browser, the JSON API against the CLI's rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from schemas.events import RawPage
from streams.cli import main
from streams.settings import Settings, get_settings
from streams.sink.warc import WarcArchive
from streams.web.commands import is_loopback

from .browser import chromium, serving
from .conftest import henan_reports, report_page, store

JIAXIAN_URL = "http://www.jiaxian.gov.cn/art/2026/3/20/art_1.html"
NOW = "2026-04-02T09:00:00+08:00"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict[str, str]]]:
    """A database with two Henan reports, the WARC copy of 郏县's page, and `fazhi serve` on it."""
    data = tmp_path / "data"
    env = {"FAZHI_DATA_DIR": str(data), "FAZHI_DATABASE_URL": f"sqlite+aiosqlite:///{data / 'fazhi.db'}",
           "FAZHI_NOW": NOW}  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    store(env["FAZHI_DATABASE_URL"], henan_reports())
    page = RawPage(event_id="jiaxian", url=JIAXIAN_URL, body=report_page("郏县人民政府", 2025, "2026-03-20"),
                   headers={"content-type": "text/html; charset=utf-8"},
                   fetched_at="2026-03-21T08:00:00+00:00")  # fmt: skip
    with WarcArchive.from_settings(Settings(data_dir=data)) as archive:
        archive.write(page)
    with serving(env, tmp_path / "serve.log") as base:
        yield base, env
    get_settings.cache_clear()


def test_api_gives_the_cli_rows_and_the_reports(site: tuple[str, dict[str, str]],
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    base, _ = site

    capsys.readouterr()
    assert main(["coverage", "--year", "2025", "--province", "河南", "--format", "jsonl"]) == 0
    cli_rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    answer = httpx.get(f"{base}/api/coverage", params={"year": 2025, "province": "河南"}, timeout=30).json()
    assert answer["rows"] == cli_rows and len(cli_rows) >= 100
    assert answer["totals"]["found"] == 2 and answer["edition"] == "2021-12-31"

    reports = httpx.get(f"{base}/api/reports", params={"q": "郏县"}, timeout=10).json()
    assert [r["issuer"] for r in reports] == ["郏县人民政府"]
    one = httpx.get(f"{base}/api/reports/{reports[0]['report_id']}", timeout=10).json()
    assert one["region_code"] == "410425" and one["published"] == "2026-03-20" and one["indicators"]
    assert httpx.get(f"{base}/api/reports/nope", timeout=10).status_code == 404
    bad = httpx.get(f"{base}/api/coverage", params={"year": "20x5"}, timeout=10)
    assert bad.status_code == 400 and "not a year" in bad.json()["error"]
    assert httpx.get(f"{base}/api/reports", params={"level": "galaxy"}, timeout=10).status_code == 400


def test_pages_in_a_headless_browser(site: tuple[str, dict[str, str]]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.wait import WebDriverWait

    base, _ = site
    with chromium() as browser:
        browser.get(f"{base}/coverage?year=2025&province={quote('河南')}")
        def status(code: str) -> list[str]:
            cells = browser.find_elements(By.CSS_SELECTOR, f"tr[data-region-code='{code}'] td.status")
            return [cell.text for cell in cells]

        assert status("410425") == ["found"]
        assert status("410421") == ["missing"]
        assert len(browser.find_elements(By.CSS_SELECTOR, "#coverage tbody tr")) >= 100
        chart = browser.find_element(By.CSS_SELECTOR, "#chart svg")
        assert "平顶山市" in chart.get_attribute("innerHTML") and chart.size["height"] > 100
        assert "found 2" in browser.find_element(By.ID, "totals").text.replace("\n", " ")

        browser.get(f"{base}/reports")
        assert len(browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr")) == 2
        search = browser.find_element(By.NAME, "q")
        search.send_keys("郏县")
        listing = browser.find_element(By.ID, "reports")
        search.submit()
        # submit() does not wait for the next page: the old listing's rows would be read.
        WebDriverWait(browser, 10).until(staleness_of(listing))
        rows = browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr")
        assert len(rows) == 1
        rows[0].find_element(By.TAG_NAME, "a").click()

        facts = browser.find_element(By.ID, "facts").text
        assert "郏县人民政府" in facts and "2026-03-20" in facts and "410425" in facts
        marks = browser.find_elements(By.CSS_SELECTOR, "#indicators td.evidence mark")
        assert marks and any(mark.text == "56" for mark in marks)
        assert browser.find_element(By.ID, "source").get_attribute("href") == JIAXIAN_URL
        assert "✗" in browser.find_element(By.ID, "sections").text  # 其他 is not in the page
        browser.find_element(By.ID, "archived").click()
        assert "郏县人民政府关于2025年法治政府建设情况的报告" in browser.page_source


def test_only_loopback_is_served_without_a_warning() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1") and not is_loopback("example.org")


def test_serve_refuses_a_missing_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path / "nothing"))
    get_settings.cache_clear()
    try:
        assert main(["serve"]) == 1
    finally:
        get_settings.cache_clear()
    assert "no database" in capsys.readouterr().err


