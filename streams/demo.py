"""``fazhi demo``: the whole product on one machine, from nothing but this repository.

1. an embedded broker (Tansu) in ``<FAZHI_DATA_DIR>/demo``, its own data dir (emptied at the start
   of each run) so that a ``fazhi run`` of the same machine is left alone;
2. the demo portal (`crawlers.demo_portal`: Hanweb- and TRS-like sites under four host names on
   loopback, a new item published every second until its pre-written ones are out) and a
   registry of its columns;
3. one worker with every role, crawl included (``python -m streams.runner run --role all``), its
   logs in ``<demo dir>/worker.log``, its standard output (where ``console://`` alerts print) ours;
4. the sample pages (``examples/pages``) and, where ``../shared`` exists, the seed pages sent to
   ``fazhi.pages.raw`` as `fazhi ingest` does;
5. once every portal item has been fetched, the worker's consumer group has committed everything
   (lag 0) and every page is a row: the reports found, the alerts delivered, the crawl outcomes,
   where the SQLite file, the Parquet feed and the WARC archive are, the coverage totals of the
   demo's year (`streams.coverage`) and the ``fazhi serve`` command and URL to look at them;
   then everything is stopped.

Every wait is bounded; a worker that dies or a timeout is an error (exit 1) with the log's tail.
The last line printed is one JSON object with the figures of the run (``pages_fetched``,
``reports_found``, ``alerts_sent``, ``outcomes`` by outcome, and more).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from crawlers.demo_portal import DemoPortal
from schemas.coverage import CoverageTotals
from schemas.crawl import CrawlOutcome
from schemas.events import AlertEvent
from streams.broker import EmbeddedBroker
from streams.codec import ModelCodec
from streams.coverage.rows import totals_lines
from streams.ingest import ingest_paths, iter_page_files
from streams.progress import consumer_lag
from streams.settings import Settings
from streams.topics import ALERTS, CRAWL_OUTCOMES, DOCUMENTS, RAW_PAGES, REPORTS, topic_name
from streams.web.commands import DEFAULT_PORT
from streams.workers import WorkerExited, WorkerProcess

REPO = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = REPO / "examples" / "pages"
DEMO_SUBSCRIPTIONS = """\
# Written by `fazhi demo`: every report to the console, Guangdong's also under a second name.
subscriptions:
  - name: every-report
    channels: ['console://']
  - name: guangdong
    filters: {provinces: [广东]}
    channels: ['console://']
"""
ALERT_CODEC = ModelCodec(AlertEvent)
OUTCOME_CODEC = ModelCodec(CrawlOutcome)
#: Columns looked at again every few seconds: the items the portal publishes meanwhile are found.
DEMO_SCHEDULE = {"base_interval": 3.0, "min_interval": 2.0, "max_interval": 6.0, "season_factor": 1.0}


class DemoError(RuntimeError):
    """The demo could not finish: the message says what did not happen and where the log is."""


def demo_database(directory: Path) -> Path:
    return directory / "fazhi.db"


def demo_settings(base: Settings) -> Settings:
    """The demo's own corner of the data dir: a broker, a SQLite file, subscriptions, the archive.

    A 3 s read timeout: the portal's slow page (4 s) times out without holding the demo up long.
    """
    directory = base.data_dir / "demo"
    return Settings(data_dir=directory, database_url=f"sqlite+aiosqlite:///{demo_database(directory)}",
                    subscriptions_file=directory / "subscriptions.yaml", store="memory://",
                    app_id="fazhi-demo", topic_prefix="", crawl_read_timeout=3.0)  # fmt: skip


def demo_sources(shared: Path) -> list[Path]:
    sources = [EXAMPLES_DIR]
    if (shared / "seeds").is_dir():
        sources.append(shared / "seeds")
    return sources


def run_demo(shared: Path, *, base: Settings | None = None, out: TextIO = sys.stdout,
             timeout: float = 300.0) -> dict[str, object]:  # fmt: skip
    """Run the demo; returns the summary (also printed, as the last line, in JSON)."""
    settings = demo_settings(base or Settings())
    # Each run starts afresh: the counts it prints are of this run (the broker keeps nothing either).
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "subscriptions.yaml").write_text(DEMO_SUBSCRIPTIONS, encoding="utf-8")
    sources = demo_sources(shared)
    if len(sources) == 1:
        print(f"(no seed pages: {shared / 'seeds'} not found; the sample pages only)", file=out)
    # A new item appears on the portal every second while the demo runs.
    portal = DemoPortal(settings=settings, crawl_delay=0.2, publish_interval=1.0)
    with EmbeddedBroker(settings.data_dir / "broker") as broker, portal.serving_in_thread():
        registry = settings.data_dir / "registry.yaml"
        registry.write_text(portal.registry_yaml(schedule=DEMO_SCHEDULE), encoding="utf-8")
        # Politeness on a loopback portal: 0.1 s between requests per host (0.2 s where robots.txt says so).
        settings = settings.model_copy(update={"broker_url": broker.url, "crawl_registry": registry,
                                               "crawl_static_hosts": portal.static_hosts(),
                                               "crawl_delay": 0.1})  # fmt: skip
        print(f"embedded broker on {broker.address}; demo portal on 127.0.0.1:{portal.port} "
              f"({', '.join(portal.hosts)}); starting a worker with every role", file=out, flush=True)
        worker = WorkerProcess(settings, "all", settings.data_dir / "worker.log", stdout=sys.stdout)
        try:
            pages = len([p for p in iter_page_files(sources) if isinstance(p, Path)])
            result = asyncio.run(ingest_paths(sources, settings, broker.url, progress=False))
            if not result.ok:
                raise DemoError("; ".join(result.errors))
            print(f"sent {result.sent} saved pages to {RAW_PAGES} ({result.dead_letters} dead letters); "
                  f"crawling the demo portal", file=out, flush=True)  # fmt: skip
            _wait(worker, timeout, "every portal item fetched, every page stored and alerted",
                  lambda: _settled(settings, pages, portal))  # fmt: skip
            summary = asyncio.run(_summary(settings, pages, out))
        finally:
            code = worker.stop()
        if code != 0:
            raise DemoError(f"the worker did not stop cleanly (exit {code})\n{worker.tail()}")
    print(json.dumps(summary, ensure_ascii=False), file=out)
    return summary


def _wait(worker: WorkerProcess, timeout: float, what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        try:
            worker.check_alive()
        except WorkerExited as exc:
            raise DemoError(str(exc)) from None
        if time.monotonic() > deadline:
            raise DemoError(f"not done within {timeout:g} s: {what}\n{worker.tail()}")
        time.sleep(0.5)


def _settled(settings: Settings, pages: int, portal: DemoPortal) -> bool:
    """Every portal item fetched once, nothing left to publish, the pipeline caught up and stored."""
    if portal.pending:
        return False
    outcomes = asyncio.run(_read_all(settings, CRAWL_OUTCOMES, OUTCOME_CODEC))
    fetched = {o.url: o.outcome for o in outcomes if o.kind == "page"}
    if not {page.url for page in portal.pages()} <= set(fetched):
        return False
    lag = asyncio.run(consumer_lag(settings, {settings.app_id: [RAW_PAGES, DOCUMENTS, REPORTS]}))
    crawled = sum(outcome == "ok" for outcome in fetched.values())
    return not any(lag.values()) and asyncio.run(_row_counts(settings)).get("documents", 0) >= pages + crawled


async def _row_counts(settings: Settings) -> dict[str, int]:
    from sqlalchemy.exc import DBAPIError

    from streams.sink.database import create_engine, row_counts

    engine = create_engine(settings.database_url or "")
    try:
        return await row_counts(engine)
    except DBAPIError:  # the worker has not created the tables yet
        return {}
    finally:
        await engine.dispose()


async def _summary(settings: Settings, pages: int, out: TextIO) -> dict[str, object]:
    from streams.sink.commands import print_reports, stored_report
    from streams.sink.database import create_engine, fetch_reports
    from streams.sink.warc import warc_dir

    engine = create_engine(settings.database_url or "")
    try:
        reports = [stored_report(row) for row in await fetch_reports(engine)]
    finally:
        await engine.dispose()
    counts = await _row_counts(settings)
    alerts = await _read_all(settings, ALERTS, ALERT_CODEC)
    fetches = await _read_all(settings, CRAWL_OUTCOMES, OUTCOME_CODEC)
    outcomes = Counter(fetch.outcome for fetch in fetches)
    fetched = sum(fetch.kind == "page" and fetch.outcome == "ok" for fetch in fetches)
    print(f"\n== crawl: {fetched} detail pages fetched; {len(fetches)} fetches by outcome: "
          f"{', '.join(f'{name} {n}' for name, n in outcomes.most_common())}", file=out)
    print(f"\n== {len(reports)} reports found in {counts.get('documents', 0)} pages", file=out)
    print_reports(reports, out)
    by_subscription = Counter(alert.subscription for alert in alerts)
    delivered = sum(alert.delivered for alert in alerts)
    print(f"\n== {len(alerts)} alerts on {ALERTS}, {delivered} delivered to console:// "
          f"({', '.join(f'{name}: {n}' for name, n in sorted(by_subscription.items())) or 'none'})", file=out)
    database = str(demo_database(settings.data_dir))
    warehouse = settings.data_dir / "warehouse" / "reports"
    print(f"\nSQLite database: {database}\nParquet feed:    {warehouse}\n"
          f"WARC archive:    {warc_dir(settings)}\nWorker log:      {settings.data_dir / 'worker.log'}\n",
          file=out)  # fmt: skip
    year = _demo_year(reports)
    totals = await _coverage_totals(settings, year)
    serve = (f"FAZHI_DATABASE_URL={settings.database_url} FAZHI_DATA_DIR={settings.data_dir} fazhi serve",
             f"http://127.0.0.1:{DEFAULT_PORT}/coverage?year={year}")
    print(f"== coverage of {year} (who published by the deadline, all of China)", file=out)
    print("\n".join(totals_lines(totals)), file=out)
    print(f"\nWeb view: {serve[0]}\n  then open {serve[1]}\n", file=out)
    return {"pages_fetched": fetched, "pages_ingested": pages, "documents": counts.get("documents", 0),
            "reports_found": len(reports), "indicators": counts.get("indicators", 0),
            "alerts_sent": delivered, "outcomes": dict(sorted(outcomes.items())), "database": database,
            "parquet": str(warehouse), "coverage_year": year,
            "coverage": {"expected": totals.expected, "found": totals.found, "on_time": totals.on_time,
                         "late": totals.late, "missing": totals.missing},
            "serve_url": serve[1]}  # fmt: skip


def _demo_year(reports: list) -> int:
    """The year most reports found cover (the year the demo's portal is about), else the latest due."""
    from streams.analysis.deadlines import latest_year_due
    from streams.coverage import beijing_today

    years = Counter(report.report_year for report in reports if report.report_year)
    return years.most_common(1)[0][0] if years else latest_year_due(beijing_today())


async def _coverage_totals(settings: Settings, year: int) -> CoverageTotals:
    from streams.coverage import Scope, coverage, departments_registry, totals
    from streams.sink.database import create_engine

    engine = create_engine(settings.database_url or "")
    try:
        return totals(await coverage(engine, year, Scope(), departments_registry(settings.crawl_registry)))
    finally:
        await engine.dispose()


async def _read_all(settings: Settings, name: str, codec: ModelCodec) -> list:
    """Every event on one of our topics, from the beginning to its end offsets now."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from streams.broker import bootstrap_servers

    partitions = [TopicPartition(topic_name(settings, name), p) for p in range(settings.partitions)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers(settings.broker_url or ""))
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        events: list = []
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batches = await consumer.getmany(timeout_ms=500)
            events += [codec.loads(m.value) for batch in batches.values() for m in batch]
        return events
    finally:
        await consumer.stop()
