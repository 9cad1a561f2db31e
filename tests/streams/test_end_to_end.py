"""End to end on real parts: saved pages -> `fazhi.pages.raw` on the embedded broker -> a processing
worker -> a store + alert worker -> rows in SQLite / the real PostgreSQL and posts to a local webhook.

Workers are `python -m streams.runner run` subprocesses, as in production: one with the ``process``
role, one with ``store,alert`` (each role set is its own consumer group, `streams.app.app_id_for`).
The expected rows and alerts are derived from `streams.analysis.analyze` of the same files: a
document per URL, a report per report id, a version per distinct content hash, one alert per
version for the catch-all subscription and one per Guangdong report version for the provincial one.

Completion is observed without sleeping: row counts and posts where they grow, and the consumer
groups' committed offsets reaching the end of their input topics where nothing may grow (replays).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiokafka import AIOKafkaConsumer

from streams import identity
from streams.analysis import analyze
from streams.app import app_id_for
from streams.broker import EmbeddedBroker
from streams.ingest import ingest_paths, iter_page_files, page_url, replay_archive
from streams.progress import consumer_lag
from streams.settings import Settings
from streams.sink.database import create_engine, fetch_reports, row_counts
from streams.topics import DOCUMENTS, RAW_PAGES, REPORTS, topic_name
from streams.workers import WorkerProcess

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "pages"
SHARED = REPO.parent / "shared"
CORPUS_ITEMS = 60
WAIT = 240.0  # bound on every wait: a loaded 2-core CI machine runs the two workers and the broker


# --------------------------------------------------------------------------- inputs and expectations


def corpus_pages(directory: Path, count: int) -> Path | None:
    """The first `count` dev-corpus items that have a URL, written as .txt pages with .url sidecars."""
    corpus = SHARED / "corpus" / "dev.jsonl"
    if not corpus.is_file():
        return None
    directory.mkdir(parents=True)
    written = 0
    for line in corpus.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if not item.get("url"):
            continue
        (directory / f"{item['id']}.txt").write_text(item["text"], encoding="utf-8")
        (directory / f"{item['id']}.txt.url").write_text(item["url"], encoding="utf-8")
        written += 1
        if written == count:
            break
    return directory


@dataclass
class Expected:
    """What the database and the webhook must hold once every page went through."""

    documents: set[str] = field(default_factory=set)
    versions: dict[str, set[str]] = field(default_factory=dict)  # report id -> content hashes
    sources: set[tuple[str, str]] = field(default_factory=set)  # (report id, url)
    facts: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)  # id -> (issuer, year)
    guangdong: set[str] = field(default_factory=set)  # report ids in 广东

    @classmethod
    def of(cls, paths: list[Path]) -> Expected:
        expected = cls()
        for path in (p for p in iter_page_files(paths) if isinstance(p, Path)):
            url = page_url(path)
            analysis = analyze(path.read_bytes(), url=url)
            expected.documents.add(url)
            if not analysis.verdict.is_report:
                continue
            digest = identity.content_hash(analysis.page)
            report_id = identity.report_key(analysis.facts, digest)
            expected.versions.setdefault(report_id, set()).add(digest)
            expected.sources.add((report_id, url))
            expected.facts[report_id] = (analysis.facts.issuer, analysis.facts.report_year)
            if (analysis.facts.region.province or "").startswith("广东"):
                expected.guangdong.add(report_id)
        return expected

    @property
    def version_count(self) -> int:
        return sum(len(hashes) for hashes in self.versions.values())

    @property
    def alerts(self) -> Counter[str]:
        """Posts per webhook path: every version to /all, the Guangdong ones to /gd as well."""
        return Counter({"/all": self.version_count,
                        "/gd": sum(len(self.versions[rid]) for rid in self.guangdong)})  # fmt: skip

    def rows(self) -> dict[str, int]:
        return {"documents": len(self.documents), "reports": len(self.versions),
                "report_versions": self.version_count, "report_sources": len(self.sources)}  # fmt: skip


# --------------------------------------------------------------------------- workers


@dataclass
class Pipeline:
    settings: Settings  # of the store + alert worker (its data dir holds the WARC archive)
    workers: list[WorkerProcess]
    webhook: object
    # One event loop for the test's own clients, closed after the workers: a database driver thread that
    # answers after a poll returned (aiosqlite's) answers a loop still open, not one asyncio.run closed.
    runner: asyncio.Runner = field(default_factory=asyncio.Runner)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.runner.run(coroutine)

    def wait(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT
        while not condition():
            for worker in self.workers:
                worker.check_alive()
            if time.monotonic() > deadline:
                logs = "\n".join(worker.tail() for worker in self.workers)
                state = f"rows {self.rows()}, posts {dict(self.posts())}"
                raise AssertionError(f"{what}: not reached within {WAIT:g} s ({state})\n{logs}")
            time.sleep(0.5)

    def rows(self) -> dict[str, int]:
        return self.run(_row_counts(self.settings.database_url or ""))

    def posts(self) -> Counter[str]:
        return Counter(path for path, _ in self.webhook.received)  # type: ignore[attr-defined]

    def ingest(self, paths: list[Path]) -> int:
        broker = self.settings.broker_url or ""
        result = self.run(ingest_paths(paths, self.settings, broker, progress=False))
        assert result.ok and result.dead_letters == 0, result
        return result.sent

    def drained(self) -> bool:
        """Every message of the input topics handled and committed by both consumer groups."""
        lags = self.run(consumer_lag(self.settings, {
            app_id_for(self.settings.app_id, ["process"]): [RAW_PAGES],
            app_id_for(self.settings.app_id, ["store", "alert"]): [RAW_PAGES, DOCUMENTS, REPORTS],
        }))  # fmt: skip
        return not any(lags.values())


async def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        return await row_counts(engine)
    except Exception:  # tables not created yet by the store worker's migrations
        return {}
    finally:
        await engine.dispose()


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    paths = [EXAMPLES]
    if (SHARED / "seeds").is_dir():
        paths.append(SHARED / "seeds")
    corpus = corpus_pages(tmp_path / "corpus", CORPUS_ITEMS)
    if corpus is not None:
        paths.append(corpus)
    return paths


@pytest.fixture
def pipeline_for(
    embedded_broker: EmbeddedBroker, tmp_path: Path, unique_name: Callable[[str], str], webhook: object
) -> Iterator[Callable[[str], Pipeline]]:
    pipelines: list[Pipeline] = []

    def start(database_url: str) -> Pipeline:
        tag = unique_name("e2e").replace("_", "-")[-40:].strip("-.")
        subscriptions = tmp_path / "subscriptions.yaml"
        subscriptions.write_text(
            "subscriptions:\n"
            f"  - name: all\n    filters: {{}}\n    channels: ['{webhook.url('/all')}']\n"  # type: ignore[attr-defined]
            f"  - name: gd\n    filters: {{provinces: [广东]}}\n    channels: ['{webhook.url('/gd')}']\n",  # type: ignore[attr-defined]
            encoding="utf-8",
        )  # fmt: skip
        common = {"broker_url": embedded_broker.url, "app_id": tag, "topic_prefix": f"{tag}.",
                  "partitions": 4, "store": "memory://"}  # fmt: skip
        sink = Settings(data_dir=tmp_path / "sink", database_url=database_url,
                        subscriptions_file=subscriptions, alert_max_attempts=2, alert_retry_base_delay=0.0,
                        **common)  # fmt: skip
        process = Settings(data_dir=tmp_path / "process", **common)
        asyncio.run(_declare(sink))
        workers = [WorkerProcess(process, "process", tmp_path / "process.log"),
                   WorkerProcess(sink, "store,alert", tmp_path / "sink.log")]  # fmt: skip
        pipelines.append(Pipeline(sink, workers, webhook))
        return pipelines[-1]

    yield start
    for pipeline in pipelines:  # the workers running now, restarted ones included
        for worker in pipeline.workers:
            worker.stop()
        pipeline.runner.close()


async def _declare(settings: Settings) -> None:
    """Topics created with the configured partitions before any producer can auto-create them."""
    from streams.broker import bootstrap_servers
    from streams.ingest import ensure_topics

    await ensure_topics(bootstrap_servers(settings.broker_url or ""), settings)


# --------------------------------------------------------------------------- the tests


def test_pages_become_rows_and_one_alert_per_report_version_and_replays_change_nothing(
    database_url: str, sources: list[Path], pipeline_for: Callable[[str], Pipeline]
) -> None:
    url = database_url
    expected = Expected.of(sources)
    assert len(expected.versions) >= 4 and expected.guangdong, "the inputs must hold reports, some in 广东"
    if (SHARED / "corpus").is_dir():
        assert len(expected.documents) >= CORPUS_ITEMS
    pipeline = pipeline_for(url)
    sent = pipeline.ingest(sources)
    assert sent == len(expected.documents)

    want = expected.rows()
    pipeline.wait("rows stored", lambda: {k: pipeline.rows().get(k) for k in want} == want)
    pipeline.wait("alerts delivered", lambda: pipeline.posts() == expected.alerts)
    counts = pipeline.rows()
    assert counts["indicators"] > 0

    stored = pipeline.run(_reports(url))
    assert {row["report_id"] for row in stored} == set(expected.versions)
    for row in stored:
        assert (row["issuer"], row["report_year"]) == expected.facts[row["report_id"]], row["report_id"]
        assert row["revisions"] == len(expected.versions[row["report_id"]]) - 1

    # The same files again, then the WARC archive: every row count and the posts stay as they are.
    pipeline.wait("first pass committed", pipeline.drained)
    assert pipeline.ingest(sources) == sent
    pipeline.wait("second ingest committed", pipeline.drained)
    broker = pipeline.settings.broker_url or ""
    replayed = pipeline.run(replay_archive(pipeline.settings, broker, progress=False))
    assert replayed.ok and replayed.sent == sent
    pipeline.wait("replay committed", pipeline.drained)
    assert pipeline.rows() == counts
    assert pipeline.posts() == expected.alerts


def copies(sources: list[Path], directory: Path, count: int) -> Path:
    """`count` copies of every page under new URLs (``?copy=n``): a longer stream, same reports."""
    for path in (p for p in iter_page_files(sources) if isinstance(p, Path)):
        for n in range(count):
            copy = directory / f"{n}" / f"{path.parent.name}-{path.name}"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(path.read_bytes())
            copy.with_name(copy.name + ".url").write_text(f"{page_url(path)}?copy={n}", encoding="utf-8")
    return directory


def test_a_processing_worker_killed_mid_stream_loses_and_duplicates_nothing(
    postgres_url: str, sources: list[Path], pipeline_for: Callable[[str], Pipeline], tmp_path: Path
) -> None:
    url = postgres_url
    stream = [copies(sources, tmp_path / "copies", 4)]
    expected = Expected.of(stream)
    pipeline = pipeline_for(url)
    process = pipeline.workers[0]
    pipeline.ingest(stream)
    # Mid-stream: killed as soon as the first documents are out, long before the last one.
    handled = pipeline.run(_first_messages(pipeline.settings, DOCUMENTS))
    process.kill()
    assert handled < len(expected.documents), "the worker finished before the kill: not mid-stream"
    pipeline.workers[0] = WorkerProcess(process.settings, "process", tmp_path / "process-restarted.log")

    want = expected.rows()
    print(f"expected rows {want}, alerts {dict(expected.alerts)}")
    pipeline.wait("rows stored after the restart", lambda: {k: pipeline.rows().get(k) for k in want} == want)
    pipeline.wait("alerts delivered", lambda: pipeline.posts() == expected.alerts)
    pipeline.wait("everything committed", pipeline.drained)
    counts = pipeline.rows()
    assert {k: counts[k] for k in want} == want
    ids = [post["message"].rsplit("alert_id: ", 1)[1] for _, post in pipeline.webhook.received]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids)) == sum(expected.alerts.values())


async def _first_messages(settings: Settings, name: str) -> int:
    """How many messages topic `name` holds once it holds any (polled every 20 ms, bounded)."""
    servers = (settings.broker_url or "").removeprefix("kafka://")
    consumer = AIOKafkaConsumer(topic_name(settings, name), auto_offset_reset="earliest",
                                bootstrap_servers=servers)  # fmt: skip
    await consumer.start()
    try:
        deadline = time.monotonic() + WAIT
        count = 0
        while not count and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=20)
            count = sum(len(batch) for batch in batches.values())
        assert count, f"no message on {name} within {WAIT:g} s"
        return count
    finally:
        await consumer.stop()


async def _reports(url: str) -> list[dict]:
    engine = create_engine(url)
    try:
        return await fetch_reports(engine)
    finally:
        await engine.dispose()
