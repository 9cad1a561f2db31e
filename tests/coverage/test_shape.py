"""The issue's test of the shape, on real parts: a portal of the test's own for 平顶山市人民政府 lists
notices and 郏县's 2025 report; one worker with every role (crawl, process, store, alert; embedded
broker, SQLite) stands on 2026-04-02 (FAZHI_NOW) with a subscription for 4104 to a JSON webhook.

Observed: one ``new`` alert for 郏县; ``overdue`` alerts for every other expected issuer of 平顶山
(宝丰县, 叶县 ...), none for 郏县; `fazhi coverage` rows; the API and the coverage page in headless
Chromium show the same. The expected issuers are written out from GB/T 2260 here, not computed.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import yaml
from aiohttp import web

from streams.broker import EmbeddedBroker
from streams.cli import main
from streams.settings import Settings, get_settings
from streams.workers import WorkerProcess

from .browser import chromium, serving
from .conftest import report_page

NOW = "2026-04-02T09:00:00+08:00"
HOST = "www.pds-shape.test"
WAIT = 240.0
REPORT_TITLE = "郏县人民政府关于2025年法治政府建设情况的报告"
# 平顶山市 and its county-level units in GB/T 2260 (edition 2021-12-31), 郏县 (410425) excepted; a
# district named with its city (新华区 is also 石家庄's and 沧州's).
OVERDUE = {"平顶山市人民政府", "平顶山市新华区人民政府", "平顶山市卫东区人民政府", "平顶山市石龙区人民政府",
           "平顶山市湛河区人民政府",
           "宝丰县人民政府", "叶县人民政府", "鲁山县人民政府", "舞钢市人民政府", "汝州市人民政府",
           "平顶山市城乡一体化示范区管理委员会", "平顶山高新技术产业开发区管理委员会"}  # fmt: skip
NOTICES = [("关于开展2026年春季植树活动的通知", "2026-03-28"),
           ("平顶山市人民政府关于公布市级非物质文化遗产名录的通知", "2026-03-25"),
           ("关于做好清明节期间安全生产工作的通知", "2026-03-22"),
           ("平顶山市2026年重点民生实事公告", "2026-03-15"),
           ("关于调整城市公共交通线路的公告", "2026-03-10")]


class Portal:
    """The 通知公告 column of a 平顶山市人民政府 site on loopback (aiohttp in its own thread)."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        items = [(title, day, f"/art/{day.replace('-', '/')}/art_{n}.html")
                 for n, (title, day) in enumerate(NOTICES, 1)]  # fmt: skip
        items.insert(1, (REPORT_TITLE, "2026-03-20", "/art/2026/3/20/art_99.html"))
        rows = "".join(f'<li><a href="{path}" title="{title}">{title}</a><span class="date">{day}</span></li>'
                       for title, day, path in items)  # fmt: skip
        self.pages["/tzgg/index.html"] = (
            "<!doctype html><html><head><meta charset='utf-8'><title>通知公告 平顶山市人民政府</title></head>"
            f"<body><div class='nav'><a href='/'>首页</a></div><ul class='list'>{rows}</ul></body></html>"
        ).encode()  # fmt: skip
        for title, day, path in items:
            if title == REPORT_TITLE:
                self.pages[path] = report_page("郏县人民政府", 2025, day)
            else:
                self.pages[path] = (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
                                    f"</head><body><h1>{title}</h1><p>发布日期：{day}</p><p>平顶山市人民政府办公室"
                                    "根据有关工作安排，现将有关事项通知如下。请各县（市、区）人民政府认真贯彻落实。"
                                    "</p></body></html>").encode()  # fmt: skip
        # Closed (503) until opened: see `test_the_shape`.
        self.opened = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def _answer(self, request: web.Request) -> web.Response:
        if not self.opened.is_set() and request.path != "/robots.txt":
            return web.Response(status=503, text="not yet")
        body = self.pages.get(request.path)
        if body is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._answer)
        self.runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = self.runner.addresses[0][1]

    def __enter__(self) -> Portal:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.runner is not None:
            asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def registry(self) -> str:
        return yaml.safe_dump({"schema_version": 1, "portals": [{
            "id": "pds-gov", "name": "平顶山市人民政府", "region_code": "410400", "level": "prefecture",
            "base_url": f"http://{HOST}:{self.port}/", "cms": "generic", "allow_private": True,
            "schedule": {"base_interval": 5, "min_interval": 2, "max_interval": 10},
            "columns": [{"id": "tzgg", "name": "通知公告", "url": "/tzgg/index.html"}]}]}, allow_unicode=True)


@pytest.fixture
def worker_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    env = {"FAZHI_NOW": NOW, "FAZHI_DATA_DIR": str(tmp_path / "data"),
           "FAZHI_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'fazhi.db'}"}  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield env
    get_settings.cache_clear()


def test_the_shape(embedded_broker: EmbeddedBroker, webhook, worker_env: dict[str, str], tmp_path: Path,
                   unique_name, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    tag = unique_name("shape").replace("_", "-")[-40:].strip("-.")
    subscriptions = tmp_path / "subscriptions.yaml"
    subscriptions.write_text(yaml.safe_dump({"subscriptions": [{
        "name": "pingdingshan", "filters": {"region_codes": ["4104"], "kinds": ["new", "overdue"]},
        "channels": [webhook.url("/pds")]}]}, allow_unicode=True), encoding="utf-8")
    with Portal() as portal:
        registry = tmp_path / "registry.yaml"
        registry.write_text(portal.registry(), encoding="utf-8")
        settings = Settings(broker_url=embedded_broker.url, app_id=tag, topic_prefix=f"{tag}.", partitions=2,
                            data_dir=tmp_path / "data", database_url=worker_env["FAZHI_DATABASE_URL"],
                            store="memory://", subscriptions_file=subscriptions, crawl_registry=registry,
                            crawl_static_hosts={HOST: "127.0.0.1"}, crawl_delay=0.0, crawl_tick=0.5,
                            crawl_retry_attempts=1, deadline_check_interval=1.0, deadline_settle=2.0,
                            alert_max_attempts=2, alert_retry_base_delay=0.1)  # fmt: skip
        worker = WorkerProcess(settings, "all", tmp_path / "worker.log")
        try:
            worker.wait_started(WAIT)
            portal.opened.set()
            posts = _wait_for_alerts(webhook, worker, 1 + len(OVERDUE))
            time.sleep(4 * settings.deadline_check_interval)  # more watch rounds: nothing is sent twice
            posts = webhook.posts("/pds")
        finally:
            assert worker.stop() == 0, worker.tail()

    titles = [post["title"] for post in posts]
    new = [t for t in titles if "新发布" in t]
    overdue = [t for t in titles if "逾期" in t]
    assert len(new) == 1 and "郏县人民政府" in new[0], titles
    assert len(overdue) == len(titles) - 1, titles  # nothing else, and only overdue alerts say 逾期
    named = {issuer for issuer in OVERDUE for t in overdue if f"] {issuer} " in t}
    assert named == OVERDUE and len(overdue) == len(OVERDUE), overdue
    assert not any("郏县" in t for t in overdue)
    observed = f"shape: alerts new={len(new)} overdue={len(overdue)}"

    capsys.readouterr()
    assert main(["coverage", "--year", "2025", "--province", "河南", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_code = {row["region_code"]: row for row in rows if row["issuer_kind"] == "government"}
    assert len(rows) >= 100
    assert (by_code["410425"]["status"], by_code["410425"]["on_time"]) == ("found", True)
    assert (by_code["410421"]["status"], by_code["410421"]["report_id"]) == ("missing", None)
    assert main(["coverage", "--year", "2025", "--province", "河南", "--format", "csv"]) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0].split(",")[:3] == ["region_code", "issuer", "level"]
    found = sum(1 for row in rows if row["status"] == "found")
    print(f"{observed}; coverage rows={len(rows)} found={found} 410425={by_code['410425']['status']}/on_time "
          f"410421={by_code['410421']['status']}")

    with serving(worker_env, tmp_path / "serve.log") as base:
        query = {"year": 2025, "province": "河南"}
        answer = httpx.get(f"{base}/api/coverage", params=query, timeout=30).json()
        assert answer["rows"] == rows
        with chromium() as browser:
            from selenium.webdriver.common.by import By

            browser.get(f"{base}/coverage?year=2025&province={quote('河南')}")
            for code, status in (("410425", "found"), ("410421", "missing")):
                cells = browser.find_elements(By.CSS_SELECTOR, f"tr[data-region-code='{code}'] td.status")
                assert [cell.text for cell in cells] == [status]
            shown = browser.find_elements(By.CSS_SELECTOR, "#coverage tbody tr")
            assert len(shown) == len(rows)


def _wait_for_alerts(webhook, worker: WorkerProcess, count: int) -> list[dict]:
    deadline = time.monotonic() + WAIT
    while len(webhook.posts("/pds")) < count:
        worker.check_alive()
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(webhook.posts('/pds'))} alerts in {WAIT:g} s, expected {count}: "
                                 f"{[p['title'] for p in webhook.posts('/pds')]}\n{worker.tail(60)}")
        time.sleep(0.5)
    return webhook.posts("/pds")
