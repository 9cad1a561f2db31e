"""The Kafka topics of fazhi-watch, declared with explicit partition counts.

Values and keys travel as raw bytes: Faust's own deserialisation logs and skips a message it
cannot decode, so agents decode with `streams.codec.ModelCodec` themselves and route what fails
to the dead-letter topic with its original bytes (see `streams.deadletter`).

Every topic is created with ``settings.partitions`` partitions by `ensure_topics` before a worker
starts or a feed sends (instead of the broker's auto-creation, which Apache Kafka deployments often
disable and whose count differs between brokers), and declared ``internal=True`` so that Faust, which
checks its agents' topics at start, would create them with the same count.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import faust
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from streams.settings import Settings

RAW_PAGES = "fazhi.pages.raw"
CLEAN_PAGES = "fazhi.pages.clean"
DOCUMENTS = "fazhi.documents"
REPORTS = "fazhi.reports"
ALERTS = "fazhi.alerts"
DEADLETTER = "fazhi.deadletter"
# Internal repartition topic: report candidates keyed by report id, so that every page of one
# report reaches the same worker and its `report_state` table partition (pages arrive keyed by URL).
REPORT_CANDIDATES = "fazhi.reports.candidates"
# The crawl role: tasks (a column to visit, a page to fetch) keyed by host, and what each fetch gave.
CRAWL_TASKS = "fazhi.crawl.tasks"
CRAWL_OUTCOMES = "fazhi.crawl.outcomes"

TOPIC_NAMES = (RAW_PAGES, CLEAN_PAGES, DOCUMENTS, REPORTS, ALERTS, DEADLETTER, REPORT_CANDIDATES,
               CRAWL_TASKS, CRAWL_OUTCOMES)  # fmt: skip


def topic_name(settings: Settings, name: str) -> str:
    """The name on the broker of one of the topics above (``FAZHI_TOPIC_PREFIX`` applied)."""
    return f"{settings.topic_prefix}{name}"


@dataclass(frozen=True, slots=True)
class Topics:
    """The topics of one Faust app, each a `faust.TopicT` with raw-bytes keys and values."""

    raw: faust.TopicT
    clean: faust.TopicT
    documents: faust.TopicT
    reports: faust.TopicT
    alerts: faust.TopicT
    deadletter: faust.TopicT
    report_candidates: faust.TopicT
    crawl_tasks: faust.TopicT
    crawl_outcomes: faust.TopicT

    @classmethod
    def declare(cls, app: faust.App, settings: Settings) -> Topics:
        def topic(name: str) -> faust.TopicT:
            return app.topic(
                topic_name(settings, name),
                partitions=settings.partitions,
                key_type=bytes,
                value_type=bytes,
                key_serializer="raw",
                value_serializer="raw",
                internal=True,
            )

        return cls(
            raw=topic(RAW_PAGES),
            clean=topic(CLEAN_PAGES),
            documents=topic(DOCUMENTS),
            reports=topic(REPORTS),
            alerts=topic(ALERTS),
            deadletter=topic(DEADLETTER),
            report_candidates=topic(REPORT_CANDIDATES),
            crawl_tasks=topic(CRAWL_TASKS),
            crawl_outcomes=topic(CRAWL_OUTCOMES),
        )

    def all(self) -> tuple[faust.TopicT, ...]:
        return (self.raw, self.clean, self.documents, self.reports, self.alerts, self.deadletter,
                self.report_candidates, self.crawl_tasks, self.crawl_outcomes)  # fmt: skip


async def ensure_topics(bootstrap: list[str], settings: Settings) -> None:
    """Create our topics with ``settings.partitions`` when missing, all before anything is sent.

    A worker runs it before its app starts: declared by Faust while its agents already send (a worker
    only sends to some topics, so Faust's start leaves those out), the embedded broker could leave a
    metadata request unanswered and the worker's producer waiting for ever.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [topic_name(settings, name) for name in TOPIC_NAMES]
        missing = [name for name in missing if name not in existing]
        if missing:
            new = [NewTopic(n, num_partitions=settings.partitions, replication_factor=1) for n in missing]
            with contextlib.suppress(TopicAlreadyExistsError):  # another command created them meanwhile
                await admin.create_topics(new)
    finally:
        await admin.close()
