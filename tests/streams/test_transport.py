"""The app's Kafka clients: Faust's, with our fetch wait and linger, and end offsets checked by a fetch.

The end-offset tests run against the embedded broker (Tansu), whose ListOffsets answer for a
partition ending in a multi-record batch is short of the true end.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from streams._transport import FazhiTransport, commit_offset, fetched_end_offsets, install
from streams.app import create_app
from streams.broker import EmbeddedBroker, bootstrap_servers
from streams.settings import Settings


async def _committed(bootstrap: list[str], group_id: str, topic: str) -> int | None:
    """The offset `group_id` committed on partition 0 of `topic`, as another client reads it."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group_id, enable_auto_commit=False)
    await consumer.start()
    try:
        return await consumer.committed(TopicPartition(topic, 0))
    finally:
        await consumer.stop()


def test_the_worker_consumer_waits_as_configured(tmp_path: Path) -> None:
    settings = Settings(broker_url="kafka://127.0.0.1:9", data_dir=tmp_path, consumer_fetch_max_wait_ms=250,
                        producer_linger_ms=7)  # fmt: skip
    app, _topics = create_app(settings, ["process"], broker_url=settings.broker_url)
    assert isinstance(app.transport, FazhiTransport)
    assert app.consumer.transport is app.transport  # the consumer the worker starts uses it
    assert app.conf.producer_linger == 0.007  # and the producer batches as configured

    async def built() -> tuple[int, str | None]:
        # What the consumer thread creates when the worker starts (nothing connects before start()).
        consumer = app.consumer._thread._create_worker_consumer(app.transport)
        try:
            return consumer._fetch_max_wait_ms, consumer._group_id
        finally:
            await consumer.stop()

    wait_ms, group = asyncio.run(built())
    assert wait_ms == 250  # Faust alone would pass 1500
    assert group == app.conf.id  # the rest of Faust's configuration is untouched



async def _produce_in_batches(bootstrap: list[str], topic: str, batches: list[int]) -> None:
    """Records to partition 0 of `topic`, each group of `batches` in one record batch (a long linger)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=200)
    await producer.start()
    try:
        for size in batches:
            sent = [await producer.send(topic, b"v", key=f"k{n}".encode(), partition=0) for n in range(size)]
            await asyncio.gather(*sent)
    finally:
        await producer.stop()


def test_end_offsets_are_checked_against_a_fetch(embedded_broker: EmbeddedBroker, unique_name) -> None:
    topic, bootstrap = unique_name("ends"), bootstrap_servers(embedded_broker.url)
    empty = unique_name("empty")

    async def scenario() -> tuple[dict, dict]:
        await _produce_in_batches(bootstrap, topic, [10, 5])
        await _produce_in_batches(bootstrap, empty, [])
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
        await consumer.start()
        try:
            partitions = [TopicPartition(topic, 0), TopicPartition(empty, 0)]
            listed = await consumer.end_offsets(partitions)
        finally:
            await consumer.stop()
        return listed, await fetched_end_offsets(bootstrap, listed, 1024 * 1024)

    listed, checked = asyncio.run(scenario())
    assert checked == {TopicPartition(topic, 0): 15, TopicPartition(empty, 0): 0}
    print(f"ListOffsets said {listed[TopicPartition(topic, 0)]} for 15 records")  # Tansu: 11


def _table_app(broker_url: str, data_dir: Path, app_id: str, topic: str):
    """A Faust app with our transport whose agent keeps every key of `topic` in a table."""
    import faust

    settings = Settings(broker_url=broker_url, data_dir=data_dir, partitions=1)
    data_dir.mkdir(parents=True, exist_ok=True)
    app = faust.App(app_id, broker=broker_url, web_enabled=False, autodiscover=False,
                    **settings.faust_config())  # fmt: skip
    install(app, settings.consumer_fetch_max_wait_ms, settings.stop_streams_timeout)  # as create_app does
    table = app.Table("state", default=None, partitions=1)
    source = app.topic(topic, partitions=1, key_type=bytes, value_type=bytes, key_serializer="raw",
                       value_serializer="raw", internal=True)  # fmt: skip

    @app.agent(source)
    async def keep(stream: faust.StreamT[bytes]) -> None:
        async for event in stream.events():
            table[event.key.decode()] = event.value.decode()

    return app, table


async def _run_table_app(app, table, until: int, feed: Callable[[], Awaitable[None]] | None = None,
                         timeout: float = 60.0) -> int:  # fmt: skip
    """Start `app`, `feed` it, wait until its table holds `until` keys (or the timeout), stop it."""
    await app.start()
    try:
        if feed is not None:
            await feed()
        deadline = time.monotonic() + timeout
        while len(table) < until and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return len(table)
    finally:
        await app.stop()


def test_a_table_written_in_one_batch_is_recovered_whole(
    embedded_broker: EmbeddedBroker, unique_name, tmp_path: Path
) -> None:
    app_id, topic = unique_name("recovery"), unique_name("keys")
    bootstrap = bootstrap_servers(embedded_broker.url)

    async def first_run() -> int:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:  # the agent's topic, with the table's partition count (auto-creation would give 4)
            await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
        finally:
            await admin.close()
        app, table = _table_app(embedded_broker.url, tmp_path / "a", app_id, topic)
        # 20 keys in one record batch: the agent handles them back to back, so its changelog
        # writes share record batches too.
        return await _run_table_app(app, table, until=20,
                                    feed=lambda: _produce_in_batches(bootstrap, topic, [20]))  # fmt: skip

    assert asyncio.run(first_run()) == 20
    app, table = _table_app(embedded_broker.url, tmp_path / "b", app_id, topic)
    # Recovered from the changelog alone: no new input arrives.
    assert asyncio.run(_run_table_app(app, table, until=20, timeout=30.0)) == 20


def test_commit_offset_is_the_end_of_the_run_that_starts_where_the_partition_is_read() -> None:
    assert commit_offset([0, 1, 2, 5], start=0) == 3
    assert commit_offset([1, 2], start=0) is None  # offset 0 not acknowledged: nothing passes it
    assert commit_offset([3, 4], start=2) is None  # not even by one (Faust 0.15.3 allowed that)
    assert commit_offset([2, 3], start=2) == 4
    assert commit_offset([], start=0) is None


def _one_partition_app(broker: EmbeddedBroker, app_id: str, topic: str, data_dir: Path,
                       stop_streams_timeout: float = 30.0, **conf: Any) -> tuple[Any, Any]:  # fmt: skip
    """A Faust app with our consumer transport and one raw-bytes source topic of one partition."""
    import faust

    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(broker_url=broker.url, data_dir=data_dir, partitions=1,
                        stop_streams_timeout=stop_streams_timeout)  # fmt: skip
    app = faust.App(app_id, broker=broker.url, web_enabled=False, autodiscover=False,
                    **conf, **settings.faust_config())  # fmt: skip
    install(app, settings.consumer_fetch_max_wait_ms, settings.stop_streams_timeout)
    source = app.topic(topic, partitions=1, key_type=bytes, value_type=bytes, key_serializer="raw",
                       value_serializer="raw", internal=True)  # fmt: skip
    return app, source


def _agent_holding_offset_zero(app: Any, source: Any) -> tuple[list[tuple[Any, Any]], list[int]]:
    """An agent on `source` that keeps offset 0 in hand unacknowledged and acknowledges the others:
    (its held (stream, event) pairs, the offsets it saw)."""
    import faust

    held: list[tuple[Any, Any]] = []
    seen: list[int] = []

    @app.agent(source)
    async def hold_the_first(stream: faust.StreamT[bytes]) -> None:
        manual = stream.noack()
        async for event in manual.events():
            seen.append(event.message.offset)
            if event.message.offset == 0:
                held.append((manual, event))
            else:
                await manual.ack(event)

    return held, seen


async def _until_seen(seen: list[int], count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while len(seen) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.1)


def test_a_partition_never_committed_is_not_committed_past_a_message_in_hand(
    embedded_broker: EmbeddedBroker, unique_name, tmp_path: Path
) -> None:
    """Offsets 1 and 2 handled, offset 0 still in hand: the group's committed offset stays at the
    start (Faust alone committed 3 there, and a worker killed then never saw offset 0 again)."""

    app_id, topic = unique_name("commits"), unique_name("held")
    bootstrap = bootstrap_servers(embedded_broker.url)
    app, source = _one_partition_app(embedded_broker, app_id, topic, tmp_path)
    held, seen = _agent_holding_offset_zero(app, source)

    async def scenario() -> tuple[int | None, int | None]:
        await _produce_in_batches(bootstrap, topic, [3])
        await app.start()
        try:
            await _until_seen(seen, 3)
            assert sorted(seen) == [0, 1, 2], seen
            await app.consumer.commit()
            while_held = await _committed(bootstrap, app_id, topic)
            for manual, event in held:  # (read again after the hold: the copies are acknowledged too)
                await manual.ack(event)
            await app.consumer.commit()
            return while_held, await _committed(bootstrap, app_id, topic)
        finally:
            await app.stop()

    while_held, after = asyncio.run(scenario())
    assert while_held in (None, 0)
    assert after == 3


def test_an_offset_dropped_on_its_way_is_read_again(embedded_broker: EmbeddedBroker, unique_name,
                                                     tmp_path: Path) -> None:  # fmt: skip
    """Offset 0 delivered once and never acknowledged (as when Faust drops a record it fetched),
    1 and 2 acknowledged: the consumer reads the partition again from 0, and commits 3 once 0 is
    acknowledged. Stock Faust committed 3 at once and offset 0 was never handled."""
    import faust

    app_id, topic = unique_name("rewind"), unique_name("dropped")
    bootstrap = bootstrap_servers(embedded_broker.url)
    # stream_wait_empty off: the dropped message is never acknowledged, a stop must not wait for it.
    app, source = _one_partition_app(embedded_broker, app_id, topic, tmp_path, stream_wait_empty=False)
    seen: list[int] = []

    @app.agent(source)
    async def drop_the_first_once(stream: faust.StreamT[bytes]) -> None:
        manual = stream.noack()
        async for event in manual.events():
            seen.append(event.message.offset)
            if seen != [0]:  # the first delivery of offset 0 is dropped
                await manual.ack(event)

    async def scenario() -> int | None:
        await _produce_in_batches(bootstrap, topic, [3])
        await app.start()
        try:
            deadline = time.monotonic() + 60
            while (seen.count(0) < 2 or len(seen) < 6) and time.monotonic() < deadline:
                await app.consumer.commit()
                await asyncio.sleep(0.2)
            await app.consumer.commit()
            return await _committed(bootstrap, app_id, topic)
        finally:
            await app.stop()

    assert asyncio.run(scenario()) == 3
    assert seen == [0, 1, 2, 0, 1, 2]


# A stop that never ends cannot be cancelled from the test's event loop (Faust's stop absorbs it):
# pytest-timeout's thread method dumps every stack and ends the run instead of letting CI hang.
@pytest.mark.timeout(150, method="thread")
def test_a_stop_waits_for_an_event_never_acknowledged_only_until_its_timeout(
    embedded_broker: EmbeddedBroker, unique_name, tmp_path: Path
) -> None:
    """An agent holds offset 0 for ever and acknowledges 1 and 2. Stock Faust's stop waited for
    offset 0 without end; ours stops after FAZHI_STOP_STREAMS_TIMEOUT, commits nothing past the
    held offset, and the next worker of the group reads it again."""
    import faust

    app_id, topic = unique_name("stopwait"), unique_name("stuck")
    bootstrap = bootstrap_servers(embedded_broker.url)
    app, source = _one_partition_app(embedded_broker, app_id, topic, tmp_path / "a", stop_streams_timeout=2.0)
    held, seen = _agent_holding_offset_zero(app, source)  # held for ever: never acknowledged

    async def first_run() -> tuple[float, int | None]:
        await _produce_in_batches(bootstrap, topic, [3])
        await app.start()
        await _until_seen(seen, 3)
        assert sorted(seen) == [0, 1, 2], seen
        started = time.monotonic()
        await app.stop()  # stock Faust: for ever (see the timeout mark)
        return time.monotonic() - started, await _committed(bootstrap, app_id, topic)

    stop_seconds, committed = asyncio.run(first_run())
    assert held, "offset 0 was never in hand"
    assert stop_seconds >= 2.0  # it did wait for the event, for the timeout
    assert committed in (None, 0)  # offsets 1 and 2 are not committed past the held 0

    again, source_again = _one_partition_app(embedded_broker, app_id, topic, tmp_path / "b")
    seen_again: list[int] = []

    @again.agent(source_again)
    async def read_again(stream: faust.StreamT[bytes]) -> None:
        async for event in stream.events():
            seen_again.append(event.message.offset)

    async def second_run() -> None:
        await again.start()
        try:
            await _until_seen(seen_again, 3)
        finally:
            await again.stop()

    asyncio.run(second_run())
    assert sorted(seen_again)[:1] == [0], seen_again
