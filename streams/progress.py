"""How far the consumer groups are behind their input topics (lag = end offset - committed offset).

A worker's progress as the broker sees it: the demo waits for a lag of 0 before it reports, the
end-to-end tests use it where nothing else can tell that a replay was handled (row counts that
must *not* change). Faust commits every ``broker_commit_interval`` (2.8 s by default), so a lag of
0 can trail the work by that much.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from streams._transport import fetched_end_offsets
from streams.broker import bootstrap_servers
from streams.settings import Settings
from streams.topics import topic_name


async def consumer_lag(settings: Settings, groups: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Per consumer group: messages of its topics (our names, e.g. ``fazhi.pages.raw``) not yet committed.

    Partitions are those of `settings.partitions`; a partition the group never committed counts
    whole. The broker comes from `settings.broker_url`.
    """
    servers = bootstrap_servers(settings.broker_url or "")
    consumer = AIOKafkaConsumer(bootstrap_servers=servers)
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await consumer.start()
    try:
        await admin.start()
        lags: dict[str, int] = {}
        for group, names in groups.items():
            partitions = [TopicPartition(topic_name(settings, name), p)
                          for name in names for p in range(settings.partitions)]  # fmt: skip
            # Partitions listed explicitly: the embedded broker cannot answer the "all" form.
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            # Checked with a fetch: the embedded broker answers ListOffsets with the start of the
            # last record batch + 1, which would show a lag of 0 before the last batch is handled.
            ends = await fetched_end_offsets(servers, await consumer.end_offsets(partitions),
                                             settings.max_message_bytes)  # fmt: skip
            lag = 0
            for tp, end in ends.items():
                meta = committed.get(tp)
                done = meta.offset if meta is not None and meta.offset >= 0 else 0
                lag += max((end or 0) - done, 0)
            lags[group] = lag
        return lags
    finally:
        await admin.close()
        await consumer.stop()
