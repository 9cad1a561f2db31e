"""A real worker's /healthz and /metrics after a small crawl, and its JSON log lines.

One `fazhi run` worker (crawl, process, store and alert roles, embedded broker) crawls the report
columns of the demo portal; what the metrics say is compared with what happened, read elsewhere:
the detail pages the portal served, the rows in the database, the posts the webhook received.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from crawlers.demo_portal import DemoPortal
from streams.broker import EmbeddedBroker
from streams.observability.logs import LogContextFilter, configure_logging, log_context
from streams.settings import Settings
from streams.workers import WorkerProcess

WAIT = 180.0


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:  # 503: the body is still the health report
        return error.code, error.read()


def metrics(base: str) -> dict[str, dict[str, object]]:
    """family name -> {"type": ..., "samples": [(sample name, labels, value)]}."""
    status, body = get(f"{base}/metrics")
    assert status == 200
    return {family.name: {"type": family.type,
                          "samples": [(s.name, s.labels, s.value) for s in family.samples]}
            for family in text_string_to_metric_families(body.decode())}  # fmt: skip


def total(families: dict[str, dict[str, object]], name: str, **labels: str) -> float:
    """Sum of the `<name>_total` samples whose labels include `labels`."""
    samples = families[name]["samples"]
    return sum(value for sample, got, value in samples  # type: ignore[union-attr]
               if sample == f"{name}_total" and labels.items() <= got.items())  # fmt: skip


@pytest.fixture
def portal() -> Iterator[DemoPortal]:
    served = DemoPortal(crawl_delay=0.1)
    with served.serving_in_thread():
        yield served


@pytest.fixture
def worker(embedded_broker: EmbeddedBroker, portal: DemoPortal, tmp_path: Path, webhook: object,
           unique_name: Callable[[str], str]) -> Iterator[WorkerProcess]:  # fmt: skip
    tag = unique_name("obs").replace("_", "-")[-40:].strip("-.")
    # A small crawl: only the 法治政府建设年度报告 columns of the demo sites.
    portals = portal.registry()
    for entry in portals:
        entry["columns"] = [column for column in entry["columns"] if column["kind"] == "reports"]
    registry = tmp_path / "registry.yaml"
    registry.write_text(yaml.safe_dump({"schema_version": 1, "portals": [p for p in portals if p["columns"]]},
                                       allow_unicode=True), encoding="utf-8")  # fmt: skip
    subscriptions = tmp_path / "subscriptions.yaml"
    subscriptions.write_text(f"subscriptions:\n  - name: every-report\n    channels: ['{webhook.url()}']\n",
                             encoding="utf-8")  # fmt: skip
    settings = Settings(broker_url=embedded_broker.url, app_id=tag, topic_prefix=f"{tag}.", partitions=2,
                        data_dir=tmp_path / "data", store="memory://",
                        crawl_static_hosts=portal.static_hosts(), crawl_delay=0.05, crawl_tick=0.5,
                        subscriptions_file=subscriptions, log_format="json")  # fmt: skip
    process = WorkerProcess(settings, "all", tmp_path / "worker.log", args=("--registry", str(registry)))
    yield process
    process.stop()


def report_pages(portal: DemoPortal) -> set[str]:
    reports_columns = {(c["id"]) for p in portal.registry() for c in p["columns"] if c["kind"] == "reports"}
    return {page.url for page in portal.pages() if page.column_id in reports_columns}


def test_health_and_metrics_of_a_worker_after_a_small_crawl(
    worker: WorkerProcess, portal: DemoPortal, webhook: object, tmp_path: Path
) -> None:
    worker.wait_started(WAIT)
    base = worker.web_url
    assert base is not None
    pages = report_pages(portal)
    assert pages
    database = tmp_path / "data" / "fazhi.db"

    def count(sql: str) -> int:
        if not database.exists():
            return 0
        with sqlite3.connect(database) as connection:
            try:
                return connection.execute(sql).fetchone()[0]
            except sqlite3.OperationalError:  # tables not created yet
                return 0

    def documents() -> int:
        return count("SELECT count(*) FROM documents")

    def settled() -> bool:
        reports = count("SELECT count(*) FROM reports")
        report_documents = count("SELECT count(*) FROM documents WHERE is_report")
        return (documents() == len(pages) and reports == report_documents
                and len(webhook.posts()) == reports > 0)  # type: ignore[attr-defined]  # fmt: skip

    deadline = time.monotonic() + WAIT
    while not settled():
        worker.check_alive()
        assert time.monotonic() < deadline, f"{documents()} of {len(pages)} documents\n{worker.tail()}"
        time.sleep(0.5)

    status, body = get(f"{base}/healthz")
    health = json.loads(body)
    assert isinstance(health, dict)
    assert health["status"] == "ok" and status == 200, health
    assert set(health["roles"]) == {"crawl", "process", "store", "alert"}
    for role, state in health["roles"].items():
        assert state["agents"] and set(state["agents"].values()) == {"running"}, (role, state)
        assert state["partitions_assigned"] > 0, (role, state)
    for role in ("crawl", "process", "store", "alert"):
        assert health["roles"][role]["messages"] > 0 and health["roles"][role]["last_activity"], role
    assert health["broker"]["reachable"] is True
    assert health["database"] == {"reachable": True}
    assert get(f"{base}/healthz?probe=live")[0] == 200

    families = metrics(base)
    with sqlite3.connect(database) as connection:
        stored_reports = connection.execute("SELECT count(*) FROM documents WHERE is_report").fetchone()[0]
    # Every page crawled was analyzed exactly once, as the database has it.
    analyzed = total(families, "fazhi_pages_analyzed")
    assert analyzed == documents() == len(pages)
    assert total(families, "fazhi_pages_analyzed", verdict="report") == stored_reports > 0
    histogram = families["fazhi_page_analysis_seconds"]
    assert histogram["type"] == "histogram"
    [observed] = [value for name, _, value in histogram["samples"]  # type: ignore[union-attr]
                  if name == "fazhi_page_analysis_seconds_count"]
    assert observed == analyzed
    for name in ("fazhi_pages_fetched", "fazhi_reports_stored", "fazhi_alerts_sent"):
        assert families[name]["type"] == "counter", name
    # One per fetch, by the portal's own log of what it answered (robots.txt aside).
    served = [r for r in portal.requests() if not r.path.startswith("/robots.txt")]
    assert total(families, "fazhi_pages_fetched") == len(served)
    assert total(families, "fazhi_pages_fetched", outcome="ok") == sum(r.status == 200 for r in served)
    # One new report per reports row, one delivered alert per post the webhook received.
    assert total(families, "fazhi_reports_stored", kind="new") == count("SELECT count(*) FROM reports")
    assert total(families, "fazhi_alerts_sent", outcome="delivered") == len(webhook.posts())  # type: ignore

    # JSON lines: every record is an object; the records about a page carry its URL.
    lines = [json.loads(line) for line in worker.log_path.read_text(encoding="utf-8").splitlines()
             if line.startswith("{")]  # fmt: skip
    assert lines and all({"level", "message", "portal", "url", "page_id"} <= set(line) for line in lines)
    portal_ids = {entry["id"] for entry in portal.registry()}
    for page in pages:  # the fetch of each page is logged (by httpx) with that page's portal and URL
        path = urlsplit(page).path
        fetches = [line for line in lines if line["logger"] == "httpx" and f"{path} " in line["message"]]
        assert fetches, path
        assert all(line["url"] == page and line["portal"] in portal_ids for line in fetches), fetches
    deliveries = [line for line in lines if line["logger"] == "apprise"]
    assert deliveries and all(line["url"] in pages and line["page_id"] for line in deliveries), deliveries


def wait_for_health(worker: WorkerProcess, done: Callable[[int, dict], bool]) -> tuple[int, dict]:
    deadline = time.monotonic() + WAIT
    while True:
        worker.check_alive()
        try:
            status, body = get(f"{worker.web_url}/healthz")
        except OSError:  # not listening yet
            status, body = 0, b"{}"
        health = json.loads(body)
        if status and done(status, health):
            return status, health
        assert time.monotonic() < deadline, f"{status} {health}\n{worker.tail()}"
        time.sleep(0.3)


def test_healthz_says_failing_when_the_broker_is_gone_but_the_worker_is_alive(tmp_path: Path) -> None:
    broker = EmbeddedBroker(tmp_path / "broker").start()
    settings = Settings(broker_url=broker.url, data_dir=tmp_path / "data", store="memory://")
    worker = WorkerProcess(settings, "process", tmp_path / "worker.log")
    try:
        worker.wait_started(WAIT)
        status, health = wait_for_health(worker, lambda status, health: health["status"] == "ok")
        assert status == 200 and health["broker"]["reachable"] is True
        assert health["database"] == {"reachable": True}
        assert health["roles"]["process"]["partitions_assigned"] > 0
        broker.stop()
        status, health = wait_for_health(worker, lambda status, health: health["status"] != "ok")
        assert status == 503 and health["status"] == "failing", health
        assert health["broker"]["reachable"] is False and health["crashed"] is False
        assert get(f"{worker.web_url}/healthz?probe=live")[0] == 200  # alive: a restart would not help
    finally:
        worker.kill()  # its broker is gone: nothing to commit, a clean stop would wait for it
        broker.stop()


def test_log_context_reaches_every_record_and_does_not_leak(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("info", "json")
    log = logging.getLogger("fazhi.test")
    try:
        with log_context(portal="zj-sft", url="http://sft.example/a.html", page_id="p1"):
            log.info("inside")
        log.info("outside")
        log_context(url="http://sft.example/b.html")  # bound for the rest of this context
        log.warning("bound")
    finally:
        log_context()
        logging.getLogger().handlers.clear()
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(r["message"], r["portal"], r["url"], r["page_id"]) for r in records] == [
        ("inside", "zj-sft", "http://sft.example/a.html", "p1"),
        ("outside", None, None, None),
        ("bound", None, "http://sft.example/b.html", None),
    ]
    assert LogContextFilter().filter(logging.makeLogRecord({"msg": "x"}))
