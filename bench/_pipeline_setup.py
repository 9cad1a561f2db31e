"""Plumbing for bench/pipeline.py: the pages as RawPage messages, the worker subprocess, probes.

Nothing here is measured itself; it only prepares inputs and reads state (row counts, topic end
offsets, CPU times of the processes) so the benchmark script stays about what it measures.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench._portal_pages import PortalPage
from schemas.events import RawPage, stable_id
from streams.broker import EmbeddedBroker
from streams.codec import ModelCodec
from streams.settings import Settings
from streams.workers import STARTED, WorkerExited, WorkerProcess

RAW_CODEC = ModelCodec(RawPage)
FETCHED_AT = datetime(2024, 4, 1, tzinfo=UTC)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    """A bounded wait ran out or a process died: the message says which and why."""


def run_with_broker(name: str, keep: bool, run: Callable[[EmbeddedBroker, Path], dict[str, object]],
                    errors: tuple[type[Exception], ...] = (BenchError,)) -> int:  # fmt: skip
    """A bench's main: a temporary directory with an embedded broker, `run`, its JSON line, clean-up.

    `errors` are reported in one line (exit 1) instead of a traceback; the broker is stopped and the
    directory removed (unless `keep`) however `run` ends.
    """
    directory = Path(tempfile.mkdtemp(prefix=f"fazhi-bench-{name}-"))
    broker = EmbeddedBroker(directory / "broker")  # started from the main thread: it dies with us
    try:
        broker.start()
        result = run(broker, directory)
    except errors as exc:
        print(f"bench/{name}.py: {exc}", file=sys.stderr)
        return 1
    finally:
        broker.stop()
        if keep:
            print(f"kept {directory}", file=sys.stderr)
        else:
            shutil.rmtree(directory, ignore_errors=True)
    print(json.dumps(result))
    return 0


def copy_url(url: str, tag: str) -> str:
    """The page's URL with a `/<tag>` first path segment: same host (issuer, source kind), new page.

    Every message needs its own URL: `documents` has one row per URL and the report tracker
    emits a `sighting` only for a URL it has not seen.
    """
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{tag}{parts.path or '/'}", parts.query, ""))


def raw_messages(pages: Sequence[PortalPage], count: int, tag: str) -> list[tuple[str, bytes]]:
    """`count` serialized RawPage events (url, value), cycling over `pages` with unique URLs."""
    messages = []
    for index in range(count):
        page = pages[index % len(pages)]
        url = copy_url(page.url, f"{tag}{index}")
        headers = {"content-type": page.content_type} if page.content_type else {}
        event = RawPage(event_id=stable_id("bench", url), url=url, body=page.data, headers=headers,
                        fetched_at=FETCHED_AT)  # fmt: skip
        messages.append((url, RAW_CODEC.dumps(event)))
    return messages


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (Linux /proc), 0.0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14, 15 of stat)


def cpu_wait_seconds(pid: int) -> float:
    """Seconds the threads of a process spent runnable but waiting for a CPU (Linux schedstat).

    Other jobs on the machine show up here: a stage that waits for a CPU is starved, not slow.
    Threads that exited in between are not counted, so this is a lower bound.
    """
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(stat.read_text().split()[1])
    return total / 1e9


def self_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def stored_rows(database: Path, table: str) -> int:
    """Rows in a table of the worker's SQLite file (0 while it or the table does not exist yet)."""
    if not database.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet, or busy past the timeout: try again later
        return 0


def archived_pages(data_dir: Path) -> int:
    """Raw pages in the worker's WARC archive: lines of its `*.ids` sidecars (one per record written)."""
    total = 0
    for sidecar in (data_dir / "warc").glob("*.warc.gz.ids"):
        with contextlib.suppress(OSError), open(sidecar, "rb") as handle:
            total += sum(1 for _ in handle)
    return total


class Workers:
    """One worker subprocess per role set (`process` and `store`, say), watched and stopped as one.

    Each role set is its own consumer group, so every worker sees every page of the topics its
    roles consume.
    """

    def __init__(self, settings: Settings, role_sets: Sequence[str], directory: Path) -> None:
        # Named by role set, numbered when a role set has several workers (`process#2`).
        names = [roles if role_sets.count(roles) == 1 else f"{roles}#{role_sets[: i + 1].count(roles)}"
                 for i, roles in enumerate(role_sets)]  # fmt: skip
        self.members: dict[str, WorkerProcess] = {}
        for name, roles in zip(names, role_sets, strict=True):
            log = directory / f"worker-{name.replace(',', '+').replace('#', '-')}.log"
            self.members[name] = WorkerProcess(settings, roles, log)

    @property
    def pids(self) -> dict[str, int]:
        """Process name for the report (``worker process``...) -> pid."""
        return {f"worker {name}": worker.process.pid for name, worker in self.members.items()}

    def started(self) -> bool:
        return all(STARTED in worker.log_path.read_text(errors="replace") for worker in self.members.values())

    def check_alive(self) -> None:
        try:
            for worker in self.members.values():
                worker.check_alive()
        except WorkerExited as exc:
            raise BenchError(str(exc)) from None

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(worker.tail(lines) for worker in self.members.values())

    def stop(self) -> dict[str, int]:
        """Stop every worker (SIGTERM, then SIGKILL after a timeout); worker name -> exit code."""
        return {name: worker.stop() for name, worker in self.members.items()}


async def wait_until(
    condition: Callable[[], Any],
    timeout: float,
    what: str,
    worker: Workers | None = None,
    interval: float = 0.1,
) -> Any:
    """Poll `condition()` (sync, or async) until truthy (returned); BenchError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if worker is not None:
            worker.check_alive()
        if time.monotonic() > deadline:
            tail = f"\nworker log:\n{worker.log_tail()}" if worker is not None else ""
            raise BenchError(f"timed out after {timeout:g}s waiting for {what}{tail}")
        await asyncio.sleep(interval)


# Where the worker's CPU goes, from py-spy stacks: the first matching frame names the activity.
ACTIVITIES = (
    ("archive raw pages (WARC, gzip)", ("WarcArchive.", "archive_batch")),
    ("clean (decode + strip chrome)", ("clean_raw_page",)),
    ("analyze (extract + classify)", ("analyze_clean_page",)),
    ("store rows (SQLAlchemy, SQLite)", ("store_batch", "aiosqlite", "sqlalchemy")),
    ("Parquet feed", ("parquet",)),
    ("Kafka fetch (zstd decode, unpack)", ("aiokafka/consumer", "zstd_decode")),
    ("Kafka produce (zstd encode, send)", ("aiokafka/producer", "zstd_encode")),
    ("event (de)serialization", ("streams/codec.py",)),
)
IDLE_LEAVES = ("concurrent/futures/thread.py:81", "selectors.py", "aiosqlite/core.py:59", "threading.py",
               "queue.py", "_write_to_self", "_read_from_self")  # fmt: skip


class Profiler:
    """py-spy sampling a running process until `stop`; `activities()` sums its busy samples."""

    def __init__(self, py_spy: str, pid: int, output: Path) -> None:
        self.output = output
        self.process = subprocess.Popen(
            [py_spy, "record", "--pid", str(pid), "--rate", "100", "--format", "raw", "--threads",
             "--nonblocking", "--output", str(output)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip

    def stop(self) -> str:
        """Stop sampling (py-spy writes its file on SIGINT); returns py-spy's error output, if any."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return err.decode(errors="replace") if not self.output.exists() else ""

    def activities(self) -> dict[str, int]:
        """Busy samples per activity (idle threads waiting on queues or sockets left out)."""
        counts: dict[str, int] = {}
        for line in self.output.read_text(errors="replace").splitlines():
            stack, _, number = line.rpartition(" ")
            frames = stack.split(";")
            if not number.isdigit() or any(idle in frames[-1] for idle in IDLE_LEAVES):
                continue
            name = next((label for label, marks in ACTIVITIES
                         if any(mark in frame for frame in frames for mark in marks)),
                        "other (Faust, asyncio, aiokafka glue)")  # fmt: skip
            counts[name] = counts.get(name, 0) + int(number)
        return counts
