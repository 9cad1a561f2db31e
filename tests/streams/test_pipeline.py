"""Workers against the real embedded broker: `fazhi run --role ...` subprocesses.

One processing worker (with its own topic prefix and app id on the session broker) serves most
tests; each sends pages under URLs of its own and reads the output topics back with aiokafka.
The kill test and the role-set test start workers of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from schemas.events import DeadLetter, DocumentEvent, RawPage, ReportEvent, stable_id
from streams.analysis import analyze
from streams.broker import EmbeddedBroker
from streams.codec import ModelCodec
from streams.ingest import ingest_paths, page_url
from streams.settings import Settings
from streams.sink.warc import iter_raw_pages
from streams.topics import DEADLETTER, DOCUMENTS, RAW_PAGES, REPORTS, topic_name
from streams.workers import WorkerProcess

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "pages"
SEEDS = REPO.parent / "shared" / "seeds"
MAX_PAGE_BYTES = 256 * 1024
WAIT = 150.0  # generous: under a loaded CI machine a restarted worker first waits out the dead member

DOCUMENT = ModelCodec(DocumentEvent)
REPORT = ModelCodec(ReportEvent)
DEAD = ModelCodec(DeadLetter)


@pytest.fixture(scope="module")
def worker(embedded_broker: EmbeddedBroker,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:  # fmt: skip
    tag = f"pipe{os.getpid()}x{int(time.time() * 1000) % 100000}"
    directory = tmp_path_factory.mktemp("pipeline")
    settings = Settings(broker_url=embedded_broker.url, app_id=f"fazhi-{tag}", topic_prefix=f"{tag}.",
                        data_dir=directory / "data", max_page_bytes=MAX_PAGE_BYTES)  # fmt: skip
    running = WorkerProcess(settings, "process", directory / "worker.log").wait_started(WAIT)
    yield running
    code = running.stop()
    assert code == 0, f"worker did not shut down cleanly on SIGTERM (exit {code}):\n{running.tail()}"


async def _read(settings: Settings, name: str, done: Callable[[list], bool], worker: WorkerProcess) -> list:
    """Messages of topic `name` (from the start) until `done(messages)`, within WAIT seconds."""
    consumer = AIOKafkaConsumer(
        topic_name(settings, name),
        bootstrap_servers=settings.broker_url.removeprefix("kafka://"),  # type: ignore[union-attr]
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=settings.max_message_bytes,
    )
    await consumer.start()
    messages: list = []
    try:
        deadline = time.monotonic() + WAIT
        while not done(messages):
            if time.monotonic() > deadline:
                raise AssertionError(f"{name}: {len(messages)} messages after {WAIT:g}s, condition not met; "
                                     f"worker log:\n{worker.tail()}")  # fmt: skip
            if worker.process.poll() is not None:
                raise AssertionError(f"worker exited with {worker.process.returncode}:\n{worker.tail()}")
            batches = await consumer.getmany(timeout_ms=300)
            messages += [m for batch in batches.values() for m in batch]
    finally:
        await consumer.stop()
    return messages


def read(worker: WorkerProcess, name: str, done: Callable[[list], bool]) -> list:
    return asyncio.run(_read(worker.settings, name, done, worker))


def produce(worker: WorkerProcess, messages: list[tuple[bytes, bytes]], name: str = RAW_PAGES,
            burst: bool = False) -> None:  # fmt: skip
    """Send `messages` one after the other, or all at once (`burst`: they share record batches)."""
    settings = worker.settings

    async def send() -> None:
        producer = AIOKafkaProducer(
            bootstrap_servers=settings.broker_url.removeprefix("kafka://"),  # type: ignore[union-attr]
            compression_type=settings.compression_type, max_request_size=settings.max_message_bytes,
        )  # fmt: skip
        await producer.start()
        try:
            if burst:
                topic = topic_name(settings, name)
                sent = [await producer.send(topic, value, key=key) for key, value in messages]
                await asyncio.gather(*sent)
            else:
                for key, value in messages:
                    await producer.send_and_wait(topic_name(settings, name), value, key=key)
        finally:
            await producer.stop()

    asyncio.run(send())


def raw(url: str, body: bytes, content_type: str | None = None) -> tuple[bytes, bytes]:
    headers = {"content-type": content_type} if content_type else {}
    page = RawPage(event_id=stable_id("test", url), url=url, body=body, headers=headers,
                   fetched_at=datetime(2024, 3, 25, tzinfo=UTC))  # fmt: skip
    return url.encode(), page.model_dump_json().encode()


def _sources() -> list[Path]:
    sources = [EXAMPLES]
    if SEEDS.is_dir():
        sources.append(SEEDS)
    return sources


def _page_files() -> list[Path]:
    suffixes = {".html", ".htm", ".txt", ".shtml"}
    return sorted(p for d in _sources() for p in d.rglob("*") if p.suffix in suffixes)


# --------------------------------------------------------------------------- the tests


def test_ingested_pages_become_documents_and_reports(worker: WorkerProcess) -> None:
    files = _page_files()
    result = asyncio.run(ingest_paths(_sources(), worker.settings, worker.settings.broker_url or "",
                                      progress=False))  # fmt: skip
    assert result.ok and result.sent == len(files) and result.dead_letters == 0

    expected = {page_url(path): analyze(path.read_bytes(), url=page_url(path)) for path in files}
    urls = set(expected)
    documents = read(worker, DOCUMENTS, lambda ms: urls <= {DOCUMENT.loads(m.value).url for m in ms})
    by_url = {DOCUMENT.loads(m.value).url: DOCUMENT.loads(m.value) for m in documents}
    for url, analysis in expected.items():
        document = by_url[url]
        assert (document.verdict.is_report, document.facts.issuer, document.facts.report_year) == (
            analysis.verdict.is_report, analysis.facts.issuer, analysis.facts.report_year), url
        assert next(m.key for m in documents if DOCUMENT.loads(m.value).url == url) == url.encode()

    report_urls = {url for url, analysis in expected.items() if analysis.verdict.is_report}
    assert len(report_urls) >= 4  # the examples alone hold several reports
    reports = read(worker, REPORTS,
                   lambda ms: report_urls <= {u for m in ms for u in REPORT.loads(m.value).source_urls})
    events = [REPORT.loads(m.value) for m in reports]
    assert all(m.key == REPORT.loads(m.value).report_id.encode() for m in reports)
    news = [e for e in events if e.kind == "new"]
    assert len({e.report_id for e in news}) == len(news)  # one `new` per report id
    assert {u for e in events for u in e.source_urls} == report_urls

    # Ingesting the same files again re-emits documents with the same ids, but no report event.
    before = len(reports)
    again = asyncio.run(ingest_paths(_sources(), worker.settings, worker.settings.broker_url or "",
                                     progress=False))  # fmt: skip
    assert again.sent == len(files)
    documents = read(worker, DOCUMENTS, lambda ms: len(ms) >= 2 * len(files))
    ids = [DOCUMENT.loads(m.value).event_id for m in documents]
    assert len(set(ids)) == len(files) and len(ids) == 2 * len(files)
    # Order holds only within a partition: wait for a new report sent after the replay, then count.
    marker_url = "http://www.zigui.gov.cn/marker.html"
    produce(worker, [raw(marker_url, _report_page("丁家坝镇人民政府", 2022))])
    reports = read(worker, REPORTS,
                   lambda ms: any(marker_url in REPORT.loads(m.value).source_urls for m in ms))
    assert len(reports) == before + 1, [REPORT.loads(m.value).kind for m in reports[before:]]


def _report_page(issuer: str, year: int, extra: str = "") -> bytes:
    paragraphs = [
        f"{issuer}关于{year}年度法治政府建设情况的报告",
        "秭归县人民政府：",
        f"{year}年，我镇坚持以习近平法治思想为指导，全面落实法治政府建设各项任务，现将有关情况报告如下：",
        "一、主要举措和成效",
        f"全年受理行政复议申请12件，办理行政诉讼案件35件。{extra}",
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "镇党委书记带头学法。",
        "三、存在的不足和原因",
        "一是法治队伍力量薄弱。",
        f"四、{year + 1}年工作安排",
        "一是深入学习宣传贯彻习近平法治思想。",
        issuer,
        f"{year + 1}年3月20日",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{paragraphs[0]}</title></head><body><div>首页 | 政务公开</div>"
            f"<h1>{paragraphs[0]}</h1><div>{body}</div><div>版权所有：秭归县人民政府</div></body></html>").encode()


def test_revisions_and_sightings_keep_the_report_id(worker: WorkerProcess) -> None:
    issuer = "茅坪镇人民政府"
    own = "http://www.zigui.gov.cn/art/2023/3/1/maoping.html"
    elsewhere = "http://www.fazhinews.com/2023/0305/maoping.html"
    produce(worker, [
        raw(own, _report_page(issuer, 2022)),
        raw(elsewhere, _report_page(issuer, 2022)),
        raw(own, _report_page(issuer, 2022)),  # the same again: nothing
        raw(own, _report_page(issuer, 2022, extra="另收到行政赔偿申请2件。")),  # revised
    ])  # fmt: skip
    formal = "秭归县" + issuer  # a town is named with its county (the page is addressed to it)

    def revised_seen(messages: list) -> bool:
        events = [REPORT.loads(m.value) for m in messages]
        return any(e.kind == "revised" and e.facts.issuer == formal for e in events)

    events = [REPORT.loads(m.value) for m in read(worker, REPORTS, revised_seen)]
    mine = [e for e in events if e.facts.issuer == formal]
    assert [e.kind for e in mine] == ["new", "sighting", "revised"]
    assert len({e.report_id for e in mine}) == 1
    assert mine[0].content_hash == mine[1].content_hash != mine[2].content_hash
    assert mine[1].source_urls == [own, elsewhere] and mine[1].canonical_url == own
    assert mine[2].canonical_url == own


def test_poison_messages_go_to_the_dead_letter_topic_while_others_flow(
    worker: WorkerProcess, tmp_path: Path
) -> None:
    good = "http://www.zigui.gov.cn/art/poison/after.html"
    undecodable = "http://www.zigui.gov.cn/art/poison/undecodable.html"
    oversize_url = "http://www.zigui.gov.cn/art/poison/oversize.html"
    wrong_schema = b'{"schema_version": 1, "event_id": "x", "url": "http://x", "body": 5}'
    produce(worker, [
        (b"poison-json", b"{this is not json"),
        (b"poison-schema", wrong_schema),
        raw(oversize_url, b"<p>" + b"x" * (MAX_PAGE_BYTES + 1) + b"</p>"),
        raw(undecodable, b"<html><body><p>\x81\xfe\xff 2023\xc4\xea\xb7\xa8\xd6\xce</p></body></html>",
            "text/html; charset=utf-8"),
        raw(good, _report_page("郭家坝镇人民政府", 2022)),
    ])  # fmt: skip
    # A file over the limit given to `fazhi ingest` never reaches the raw topic.
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"y" * (MAX_PAGE_BYTES + 10) + b"</p>")
    broker_url = worker.settings.broker_url or ""
    result = asyncio.run(ingest_paths([big], worker.settings, broker_url, progress=False))
    assert (result.sent, result.dead_letters) == (0, 1)

    documents = read(worker, DOCUMENTS,
                     lambda ms: {good, undecodable} <= {DOCUMENT.loads(m.value).url for m in ms})
    assert oversize_url not in {DOCUMENT.loads(m.value).url for m in documents}
    letters = [DEAD.loads(m.value) for m in read(worker, DEADLETTER, lambda ms: len(ms) >= 4)]
    kinds = sorted((letter.stage, letter.error_type) for letter in letters)
    assert kinds == [("clean", "CodecError"), ("clean", "CodecError"), ("clean", "OversizePage"),
                     ("ingest", "OversizePage")], kinds  # fmt: skip
    by_key = {letter.key: letter for letter in letters}
    assert by_key[b"poison-json"].payload == b"{this is not json"
    assert by_key[b"poison-schema"].payload == wrong_schema
    for letter in letters:
        if letter.stage == "clean":
            assert letter.topic == topic_name(worker.settings, RAW_PAGES)
            assert letter.partition is not None and letter.offset is not None
    assert str(big) in by_key[str(big).encode()].message


def test_worker_killed_mid_stream_loses_nothing_and_restarts(
    embedded_broker: EmbeddedBroker, tmp_path: Path
) -> None:
    tag = f"kill{os.getpid()}x{int(time.time() * 1000) % 100000}"
    settings = Settings(broker_url=embedded_broker.url, app_id=f"fazhi-{tag}", topic_prefix=f"{tag}.",
                        data_dir=tmp_path / "data", max_page_bytes=MAX_PAGE_BYTES)  # fmt: skip
    first = WorkerProcess(settings, "process", tmp_path / "first.log")
    pages = sorted(EXAMPLES.glob("*.html"))
    messages = [raw(f"http://www.zigui.gov.cn/kill/{copy}/{path.name}", path.read_bytes())
                for copy in range(8) for path in pages]  # fmt: skip
    urls = {key.decode() for key, _ in messages}
    try:
        produce(first, messages)
        # Kill as soon as some (not all) output exists: the worker is mid-stream.
        seen = len(read(first, DOCUMENTS, lambda ms: len(ms) >= 1))
        first.kill()
        print(f"\nkilled the worker after {seen} of {len(messages)} documents")
    finally:
        first.stop()
    second = WorkerProcess(settings, "process", tmp_path / "second.log").wait_started(WAIT)
    try:
        documents = read(second, DOCUMENTS, lambda ms: urls <= {DOCUMENT.loads(m.value).url for m in ms})
        parsed = [DOCUMENT.loads(m.value) for m in documents]
        report_urls = {document.url for document in parsed if document.verdict.is_report}
        reports = read(second, REPORTS,
                       lambda ms: report_urls <= {u for m in ms for u in REPORT.loads(m.value).source_urls})
    finally:
        assert second.stop() == 0, second.tail()
    # At least once: a message handled before the kill may be handled again, but it produces the
    # same event (same id), so consumers upserting by event id store nothing twice.
    events = [REPORT.loads(m.value) for m in reports]
    new_by_report: dict[str, set[str]] = {}
    for event in events:
        if event.kind == "new":
            new_by_report.setdefault(event.report_id, set()).add(event.event_id)
    assert all(len(ids) == 1 for ids in new_by_report.values()), new_by_report
    assert {u for e in events for u in e.source_urls} == report_urls
    assert len({DOCUMENT.loads(m.value).event_id for m in documents}) == len(urls)


def _stored_urls(settings: Settings) -> set[str]:
    """URLs in the store worker's SQLite `documents` table (empty until it exists)."""
    database = settings.data_dir / "fazhi.db"
    if not database.exists():
        return set()
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as db:
            return {url for (url,) in db.execute("SELECT url FROM documents")}
    except sqlite3.OperationalError:  # not migrated yet, or busy: read again later
        return set()


def test_workers_of_different_role_sets_each_see_every_page(
    embedded_broker: EmbeddedBroker, tmp_path: Path
) -> None:
    # `--role process` and `--role store` both consume fazhi.pages.raw (to clean it, to archive
    # it): in one consumer group they would split its partitions and each see part of the pages.
    tag = f"roles{os.getpid()}x{int(time.time() * 1000) % 100000}"
    settings = Settings(broker_url=embedded_broker.url, app_id=f"fazhi-{tag}", topic_prefix=f"{tag}.",
                        data_dir=tmp_path / "data", max_page_bytes=MAX_PAGE_BYTES)  # fmt: skip
    process = WorkerProcess(settings, "process", tmp_path / "process.log")
    store = WorkerProcess(settings, "store", tmp_path / "store.log")
    messages = [raw(f"http://www.zigui.gov.cn/roles/{copy}/{path.name}", path.read_bytes())
                for copy in range(3) for path in sorted(EXAMPLES.glob("*.html"))]  # fmt: skip
    urls = {key.decode() for key, _ in messages}
    try:
        process.wait_started(WAIT)
        store.wait_started(WAIT)
        produce(process, messages)
        documents = read(process, DOCUMENTS, lambda ms: urls <= {DOCUMENT.loads(m.value).url for m in ms})
        assert {DOCUMENT.loads(m.value).url for m in documents} == urls  # every page processed
        deadline = time.monotonic() + WAIT
        while (stored := _stored_urls(settings)) != urls or len(list(iter_raw_pages(settings))) < len(urls):
            if time.monotonic() > deadline or store.process.poll() is not None:
                archived = len(list(iter_raw_pages(settings)))
                raise AssertionError(f"{len(stored)} of {len(urls)} documents stored, {archived} pages "
                                     f"archived:\n{store.tail()}")  # fmt: skip
            time.sleep(0.2)
        assert {page.url for page in iter_raw_pages(settings)} == urls  # every raw page archived
    finally:
        codes = process.stop(), store.stop()
    assert codes == (0, 0), f"{process.tail()}\n{store.tail()}"


def test_report_state_is_recovered_whole_after_a_restart(
    embedded_broker: EmbeddedBroker, tmp_path: Path
) -> None:
    # Reports tracked in quick succession (their `report_state` changelog writes may share record
    # batches): after a restart every one of them must be known, a sighting and not `new` again.
    # tests/streams/test_transport.py checks the batched case deterministically.
    tag = f"recov{os.getpid()}x{int(time.time() * 1000) % 100000}"
    settings = Settings(broker_url=embedded_broker.url, app_id=f"fazhi-{tag}", topic_prefix=f"{tag}.",
                        data_dir=tmp_path / "data", max_page_bytes=MAX_PAGE_BYTES)  # fmt: skip
    towns = ["茅坪", "归州", "屈原", "九畹溪", "郭家坝", "杨林桥", "水田坝", "泄滩", "两河口", "沙镇溪",
             "磨坪", "梅家河"]  # fmt: skip
    issuers = [f"{town}镇人民政府" for town in towns]
    first = [raw(f"http://www.zigui.gov.cn/recov/{n}.html", _report_page(issuer, 2021))
             for n, issuer in enumerate(issuers)]  # fmt: skip
    again = [raw(f"http://www.fazhinews.com/recov/{n}.html", _report_page(issuer, 2021))
             for n, issuer in enumerate(issuers)]  # fmt: skip

    def kinds(messages: list) -> list[tuple[str, str | None]]:
        return [(e.kind, e.facts.issuer) for e in (REPORT.loads(m.value) for m in messages)]

    worker = WorkerProcess(settings, "process", tmp_path / "first.log").wait_started(WAIT)
    try:
        produce(worker, first, burst=True)
        reports = read(worker, REPORTS, lambda ms: len(ms) >= len(issuers))
    finally:
        assert worker.stop() == 0, worker.tail()
    formal = ["秭归县" + issuer for issuer in issuers]  # towns are named with their county
    assert sorted(kinds(reports)) == sorted(("new", issuer) for issuer in formal)
    worker = WorkerProcess(settings, "process", tmp_path / "second.log").wait_started(WAIT)
    try:
        produce(worker, again, burst=True)
        reports = read(worker, REPORTS, lambda ms: len(ms) >= 2 * len(issuers))
    finally:
        assert worker.stop() == 0, worker.tail()
    assert sorted(kinds(reports[len(issuers):])) == sorted(("sighting", issuer) for issuer in formal)
