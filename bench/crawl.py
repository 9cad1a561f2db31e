"""Crawl speed at the politeness settings: our crawl role against Scrapy, on the same demo portal.

    python bench/crawl.py [--replicas 8] [--delay 0.2] [--delay-from start|end] [--concurrency N]
                          [--scrapy-first] [--keep]

One run serves the demo portal (crawlers/demo_portal) with ``--replicas`` copies of its four sites,
i.e. 4 x replicas host names on one loopback port, and crawls all of it twice, one crawler after
the other, with the same politeness: one request in flight per host, ``--delay`` seconds between
two requests to a host (default 0.2 s: about 50 requests per host make the delay, not the CPU, the
floor of a crawl, so politeness is what a crawler must schedule well), counted as Scrapy's
DOWNLOAD_DELAY counts it, from one request's start to the next one's (``--delay-from start``, our
FAZHI_CRAWL_DELAY_FROM; ``end``, our stricter default, pauses after each answer), robots.txt obeyed (its
Crawl-delay, on the one site that declares one, equal to the delay), no retries, no cookies, the
same User-Agent, timeout and size limit, ``--concurrency`` tasks/requests at once (default
FAZHI_CRAWL_CONCURRENCY).

1. **ours**: an embedded broker (Tansu, temporary directory) and one crawl worker subprocess
   (``python -m streams.runner run --role crawl --registry FILE``; columns not due again during
   the run). The clock runs from the worker's "fazhi worker started" log line until every detail
   page of the portal has a page outcome on ``fazhi.crawl.outcomes`` -> ``pages_per_s``.
2. **scrapy**: a Scrapy spider in a subprocess (bench/_scrapy_spider.py, Twisted reactor) starting
   from the same column URLs, reading items and further list pages with our adapters
   (`crawlers.adapters.parse_list`) and fetching every detail page once; host names resolve
   through a static resolver, so Scrapy keeps one download slot per host name. Clock from
   spider_opened to spider_closed -> ``scrapy_pages_per_s``.

``ratio`` = pages_per_s / scrapy_pages_per_s (target >= 1). Both rates count detail pages only
(list pages and robots.txt are overhead for both); the portal's request log tells which detail
pages each crawler fetched and how often, and the shortest gap between two requests to one host.
Prints a table; the last line is one JSON object with ``pages_per_s``, ``scrapy_pages_per_s`` and
``ratio`` (plus details). Every wait is bounded; the worker, Scrapy and the broker are stopped
(and the temporary directory removed unless --keep) also when a step fails.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiokafka import AIOKafkaConsumer, TopicPartition

from bench._pipeline_setup import (
    BenchError,
    Profiler,
    cpu_seconds,
    run_with_broker,
    self_cpu_seconds,
    wait_until,
)
from crawlers.demo_portal import DemoPortal
from crawlers.fetcher import user_agent
from crawlers.registry import parse_registry
from schemas.crawl import CrawlOutcome
from streams.broker import EmbeddedBroker, bootstrap_servers
from streams.codec import ModelCodec
from streams.ingest import ensure_topics
from streams.settings import Settings
from streams.topics import CRAWL_OUTCOMES, topic_name
from streams.workers import STARTED, WorkerExited, WorkerProcess

REPO = Path(__file__).resolve().parents[1]
SPIDER = Path(__file__).resolve().with_name("_scrapy_spider.py")
TARGET_RATIO = 1.0

READ_TIMEOUT = 2.0  # s, both sides: the demo portal's slow page (READ_TIMEOUT + 1 s) times out
MAX_PAGE_BYTES = 1024 * 1024  # both sides: the oversized page (this + 256 KiB) is cut off
START_TIMEOUT = 90.0  # s: worker start-up (imports, group join)
CRAWL_TICK = 0.5  # s: how soon the worker's scheduler sends the first column tasks
# Columns are not due again during the run: one visit each, as Scrapy's single pass.
ONE_VISIT = {"base_interval": 86400, "min_interval": 86400, "max_interval": 86400, "season_factor": 1}
OUTCOME = ModelCodec(CrawlOutcome)
#: Statuses the portal logs for answers that ask a crawler to slow down: the challenge (412), 429,
#: and 499 (the client hung up: the slow page timed out); 5xx too.
OVERLOAD_STATUSES = frozenset({412, 429, 499})


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


# --------------------------------------------------------------------------- what the portal saw


@dataclass
class Fetched:
    """One crawler's requests as the demo portal logged them."""

    detail: Counter[str]  # detail page URL -> requests
    list_pages: int
    robots: int
    other: int
    min_gap: float  # s: shortest start-to-start gap between two requests to one host
    statuses: Counter[int] = field(default_factory=Counter)
    slowest_host: float = 0.0  # s: first to last request of the host that took longest
    # s, summed over hosts: pauses beyond the delay from a host's first 412/429/5xx/timeout answer on
    # (the timeout itself included, on both sides; the crawl worker slows a host down after a
    # challenge, a 429, a 5xx or a second timeout in a row, Scrapy without AutoThrottle does not)
    slowed_down: float = 0.0

    @property
    def duplicates(self) -> int:
        return sum(count - 1 for count in self.detail.values())


def _key(host: str, path: str) -> str:
    return f"{host}{path}"


def fetched(portal: DemoPortal, expected: set[str], list_urls: set[str], delay: float) -> Fetched:
    """Sort the portal's request log into detail pages (by URL), list pages, robots.txt and the rest."""
    detail_keys = {_key(*_host_path(url)): url for url in expected}
    list_keys = {_key(*_host_path(url)) for url in list_urls}
    detail: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    list_pages = robots = other = 0
    starts: defaultdict[str, list[float]] = defaultdict(list)
    overload_at: dict[str, int] = {}  # host -> index of its first answer that asks to slow down
    for record in portal.requests():
        if record.status in OVERLOAD_STATUSES or record.status >= 500:
            overload_at.setdefault(record.host, len(starts[record.host]))
        starts[record.host].append(record.at)
        statuses[record.status] += 1
        key = _key(record.host, record.path)
        if key in detail_keys:
            detail[detail_keys[key]] += 1
        elif record.path == "/robots.txt":
            robots += 1
        elif key in list_keys or "dataproxy.jsp" in record.path or "/index" in record.path:
            list_pages += 1
        else:
            other += 1
    gaps = [b - a for times in starts.values() for a, b in itertools.pairwise(times)]
    slowed = sum(max(0.0, b - a - delay) for host, first in overload_at.items()
                 for a, b in itertools.pairwise(starts[host][first:]))  # fmt: skip
    slowest = max((times[-1] - times[0] for times in starts.values()), default=0.0)
    return Fetched(detail, list_pages, robots, other, min(gaps, default=float("nan")), statuses,
                   slowest, slowed)  # fmt: skip


def _host_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "", parts.path + (f"?{parts.query}" if parts.query else ""))


# --------------------------------------------------------------------------- 1. ours


@dataclass
class RunResult:
    seconds: float
    cpu: dict[str, float]  # process -> CPU seconds during the crawl
    fetched: Fetched | None = None
    note: str = ""


async def measure_ours(args: argparse.Namespace, broker: EmbeddedBroker, portal: DemoPortal,
                       registry: Path, expected: set[str], directory: Path) -> RunResult:  # fmt: skip
    tag = f"benchcrawl{os.getpid()}x{int(time.time()) % 100000}"
    settings = Settings(
        broker_url=broker.url, app_id=f"fazhi-{tag}", topic_prefix=f"{tag}.", data_dir=directory / "data",
        store="memory://", crawl_static_hosts=portal.static_hosts(), crawl_delay=args.delay,
        crawl_delay_from=args.delay_from,
        crawl_concurrency=args.concurrency, crawl_retry_attempts=1, crawl_read_timeout=READ_TIMEOUT,
        crawl_total_timeout=READ_TIMEOUT, max_page_bytes=MAX_PAGE_BYTES, crawl_tick=CRAWL_TICK,
    )  # fmt: skip
    bootstrap = bootstrap_servers(broker.url)
    await ensure_topics(bootstrap, settings)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, fetch_max_wait_ms=20)
    await consumer.start()
    log_path = directory / "crawl-worker.log"
    worker = WorkerProcess(settings, "crawl", log_path, args=("--registry", str(registry)))
    pid = worker.process.pid
    profiler = None
    try:
        outcomes = topic_name(settings, CRAWL_OUTCOMES)
        partitions = [TopicPartition(outcomes, p) for p in range(settings.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)

        def started() -> bool:
            worker.check_alive()
            return STARTED in log_path.read_text(errors="replace")

        await wait_until(started, START_TIMEOUT, "the crawl worker to start", interval=0.02)
        start = time.perf_counter()
        cpu_start = {"worker": cpu_seconds(pid), "broker": cpu_seconds(broker.pid or 0),
                     "bench": self_cpu_seconds()}  # fmt: skip
        if args.py_spy:
            profiler = Profiler(args.py_spy, pid, directory / "crawl-worker.pyspy")
        seen: set[str] = set()
        deadline = time.monotonic() + args.timeout
        while not expected <= seen:
            worker.check_alive()
            if time.monotonic() > deadline:
                raise BenchError(f"ours: page outcomes for {len(seen & expected)} of {len(expected)} detail "
                                 f"pages within {args.timeout:g} s\n{worker.tail()}")  # fmt: skip
            batches = await consumer.getmany(timeout_ms=100)
            for batch in batches.values():
                for message in batch:
                    outcome = OUTCOME.loads(message.value)
                    if outcome.kind == "page":
                        seen.add(outcome.url)
        seconds = time.perf_counter() - start
        cpu = {"worker": cpu_seconds(pid) - cpu_start["worker"],
               "broker": cpu_seconds(broker.pid or 0) - cpu_start["broker"],
               "bench (portal, reader)": self_cpu_seconds() - cpu_start["bench"]}  # fmt: skip
    finally:
        await consumer.stop()
        if profiler is not None:
            error = await asyncio.to_thread(profiler.stop)
            print(f"py-spy: {error.strip() or directory / 'crawl-worker.pyspy'}", file=sys.stderr)
        code = await asyncio.to_thread(worker.stop)
        if code:
            print(f"crawl worker exit code {code}:\n{worker.tail()}", file=sys.stderr)
    return RunResult(seconds, cpu)


# --------------------------------------------------------------------------- 2. scrapy


def scrapy_settings(args: argparse.Namespace, agent: str) -> dict[str, object]:
    """Scrapy settings equivalent to the crawl worker's politeness and limits."""
    return {
        "USER_AGENT": agent,
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": args.delay,
        "DOWNLOAD_DELAY_JITTER": 0,  # = RANDOMIZE_DOWNLOAD_DELAY=False, a deprecated name now
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": False,  # FAZHI_CRAWL_RETRY_ATTEMPTS=1
        "DOWNLOAD_TIMEOUT": READ_TIMEOUT,
        "DOWNLOAD_MAXSIZE": MAX_PAGE_BYTES,
        "DOWNLOAD_WARNSIZE": 0,
        "REDIRECT_MAX_TIMES": Settings().crawl_max_redirects,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
    }


def measure_scrapy(args: argparse.Namespace, portal: DemoPortal, columns: list[dict[str, str]],
                   agent: str, directory: Path) -> RunResult:  # fmt: skip
    config = directory / "scrapy.json"
    config.write_text(json.dumps({"columns": columns, "static_hosts": portal.static_hosts(),
                                  "settings": scrapy_settings(args, agent)}), encoding="utf-8")  # fmt: skip
    log_path = directory / "scrapy.log"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    bench_before = self_cpu_seconds()
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, str(SPIDER), str(config)], cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=log,
                                   env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip
        profiler = Profiler(args.py_spy, process.pid, directory / "scrapy.pyspy") if args.py_spy else None
        try:
            out, _ = process.communicate(timeout=args.timeout + START_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            limit = args.timeout + START_TIMEOUT
            raise BenchError(f"scrapy: not done within {limit:g} s; log {log_path}") from None
        finally:
            if profiler is not None:
                print(f"py-spy: {profiler.stop().strip() or directory / 'scrapy.pyspy'}", file=sys.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
    lines = out.decode(errors="replace").strip().splitlines()
    if process.returncode != 0 or not lines:
        raise BenchError(f"scrapy exited with {process.returncode}:\n{tail}")
    result = json.loads(lines[-1])
    cpu = {"scrapy": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
           "bench (portal, reader)": self_cpu_seconds() - bench_before}  # fmt: skip
    note = (f"last response {result['closed'] - result['last_response']:.2f} s before spider_closed; "
            f"{result['list_pages']} list pages parsed, close reason {result.get('close_reason')}")
    return RunResult(result["closed"] - result["opened"], cpu, note=note)


# --------------------------------------------------------------------------- the run


def run(args: argparse.Namespace, broker: EmbeddedBroker, directory: Path) -> dict[str, object]:
    portal_settings = Settings(max_page_bytes=MAX_PAGE_BYTES, crawl_read_timeout=READ_TIMEOUT)
    portal = DemoPortal(replicas=args.replicas, crawl_delay=args.delay, settings=portal_settings,
                        slow_seconds=READ_TIMEOUT + 1.0)  # fmt: skip
    agent = user_agent(Settings().crawl_contact_url)  # what the worker sends (its default contact URL)
    with portal.serving_in_thread():
        registry = directory / "registry.yaml"
        registry.write_text(portal.registry_yaml(schedule=ONE_VISIT), encoding="utf-8")
        portals = parse_registry(registry.read_text(encoding="utf-8"), check_regions=False).portals
        columns = [{"url": column.url, "cms": portal_entry.cms or "auto"}
                   for portal_entry in portals for column in portal_entry.columns]  # fmt: skip
        expected = {page.url for page in portal.pages()}
        list_urls = {column["url"] for column in columns}
        print(f"demo portal: {len(portal.hosts)} hosts, {len(columns)} columns, {len(expected)} detail "
              f"pages; delay {args.delay:g} s from each request's {args.delay_from}, "
              f"concurrency {args.concurrency}", file=sys.stderr)  # fmt: skip
        results: dict[str, RunResult] = {}
        order = ("scrapy", "ours") if args.scrapy_first else ("ours", "scrapy")
        for name in order:
            portal.clear_requests()
            print(f"{name}: crawling ...", file=sys.stderr)
            if name == "ours":
                results[name] = asyncio.run(measure_ours(args, broker, portal, registry, expected, directory))
            else:
                results[name] = measure_scrapy(args, portal, columns, agent, directory)
            results[name].fetched = fetched(portal, expected, list_urls, args.delay)
            if args.keep:  # the portal's request log, for a closer look at how each crawler paced
                with open(directory / f"requests-{name}.jsonl", "w", encoding="utf-8") as out:
                    for record in portal.requests():
                        out.write(json.dumps(asdict(record)) + "\n")
    return report(args, len(portal.hosts), expected, results)


def report(args: argparse.Namespace, hosts: int, expected: set[str],
           results: dict[str, RunResult]) -> dict[str, object]:  # fmt: skip
    ours, scrapy = results["ours"], results["scrapy"]
    assert ours.fetched is not None and scrapy.fetched is not None
    pages = len(expected)
    ours_rate = pages / ours.seconds
    scrapy_pages = len(set(scrapy.fetched.detail) & expected)
    scrapy_rate = scrapy_pages / scrapy.seconds
    ratio = ours_rate / scrapy_rate
    same = set(ours.fetched.detail) == set(scrapy.fetched.detail) == expected

    def row(label: str, left: object, right: object) -> None:
        print(f"{label:<40}{left!s:>12}{right!s:>12}")

    print()
    row("measure", "ours", "scrapy")
    row("detail pages fetched (distinct)", len(ours.fetched.detail), len(scrapy.fetched.detail))
    row("detail pages fetched twice or more", ours.fetched.duplicates, scrapy.fetched.duplicates)
    row("list page requests", ours.fetched.list_pages, scrapy.fetched.list_pages)
    row("robots.txt requests", ours.fetched.robots, scrapy.fetched.robots)
    row("other requests", ours.fetched.other, scrapy.fetched.other)
    row("shortest gap, two requests to a host, s", f"{ours.fetched.min_gap:.3f}",
        f"{scrapy.fetched.min_gap:.3f}")
    row("slowest host, first to last request, s", f"{ours.fetched.slowest_host:.2f}",
        f"{scrapy.fetched.slowest_host:.2f}")
    row("pauses > delay after a 412/timeout, s", f"{ours.fetched.slowed_down:.1f}",
        f"{scrapy.fetched.slowed_down:.1f}")
    row("seconds", f"{ours.seconds:.2f}", f"{scrapy.seconds:.2f}")
    row("detail pages/s", f"{ours_rate:.1f}", f"{scrapy_rate:.1f}")
    for name in sorted(set(ours.cpu) | set(scrapy.cpu)):
        ours_cpu, scrapy_cpu = ours.cpu.get(name), scrapy.cpu.get(name)
        row(f"CPU s, {name}", "-" if ours_cpu is None else f"{ours_cpu:.1f}",
            "-" if scrapy_cpu is None else f"{scrapy_cpu:.1f}")  # fmt: skip
    print(f"ratio ours / scrapy: {ratio:.2f} (target >= {TARGET_RATIO:g}: "
          f"{'ok' if ratio >= TARGET_RATIO else 'MISSED'})")
    print(f"same detail pages: {'yes' if same else 'NO'} "
          f"({pages} on the portal, each fetched by both)" if same else
          f"same detail pages: NO: ours missed {len(expected - set(ours.fetched.detail))}, "
          f"scrapy missed {len(expected - set(scrapy.fetched.detail))}")  # fmt: skip
    print(f"statuses ours {dict(ours.fetched.statuses)}, scrapy {dict(scrapy.fetched.statuses)}")
    if scrapy.note:
        print(f"scrapy: {scrapy.note}")
    floor = (ours.fetched.list_pages + ours.fetched.robots + pages) / hosts * args.delay
    print(f"politeness floor: ~{floor:.1f} s per host ({hosts} hosts, {args.delay:g} s between requests)")
    busy = load_average()
    if busy is not None:
        print(f"machine load average (1 min) at the end: {busy:.2f} (other jobs count too)")
    return {
        "pages_per_s": round(ours_rate, 1),
        "scrapy_pages_per_s": round(scrapy_rate, 1),
        "ratio": round(ratio, 3),
        "hosts": hosts,
        "pages": pages,
        "scrapy_pages": scrapy_pages,
        "same_pages": same,
        "delay": args.delay,
        "delay_from": args.delay_from,
        "concurrency": args.concurrency,
        "seconds": round(ours.seconds, 2),
        "scrapy_seconds": round(scrapy.seconds, 2),
        "slowed_down_s": round(ours.fetched.slowed_down, 1),
        "scrapy_slowed_down_s": round(scrapy.fetched.slowed_down, 1),
        "duplicates": ours.fetched.duplicates,
        "scrapy_duplicates": scrapy.fetched.duplicates,
        "order": "scrapy-first" if args.scrapy_first else "ours-first",
        "load_average": busy,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", type=int, default=8,
                        help="copies of the demo portal's 4 sites (default 8: 32 host names)")
    parser.add_argument("--delay", type=float, default=0.2,
                        help="seconds between two requests to a host, both crawlers (default 0.2)")
    parser.add_argument("--delay-from", choices=("start", "end"), default="start",
                        help="our crawler counts the delay from each request's start (as Scrapy does; "
                             "default) or from its end (FAZHI_CRAWL_DELAY_FROM's default)")
    parser.add_argument("--concurrency", type=int, default=Settings().crawl_concurrency,
                        help="crawl tasks / Scrapy CONCURRENT_REQUESTS (default FAZHI_CRAWL_CONCURRENCY)")
    parser.add_argument("--timeout", type=float, default=300.0, help="longest one crawl may take (s)")
    parser.add_argument("--scrapy-first", action="store_true", help="run Scrapy before our crawler")
    parser.add_argument("--py-spy", nargs="?", const="py-spy", metavar="PATH",
                        help="record py-spy profiles of both crawlers (kept with --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, profiles)")
    args = parser.parse_args(argv)
    if args.replicas < 1 or args.delay < 0 or args.concurrency < 1 or args.timeout <= 0:
        parser.error("--replicas and --concurrency must be >= 1, --delay >= 0, --timeout > 0")
    if args.py_spy is not None:
        args.py_spy = shutil.which(args.py_spy) or parser.error(f"py-spy not found: {args.py_spy}")

    return run_with_broker("crawl", args.keep, lambda broker, directory: run(args, broker, directory),
                           errors=(BenchError, WorkerExited))

if __name__ == "__main__":
    raise SystemExit(main())
