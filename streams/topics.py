"""The Kafka topics of fazhi-watch, declared with explicit partition counts.

Values and keys travel as raw bytes: Faust's own deserialisation logs and skips a message it
cannot decode, so agents decode with `streams.codec.ModelCodec` themselves and route what fails
to the dead-letter topic with its original bytes (see `streams.deadletter`).

Every topic is declared ``internal=True`` so Faust creates it with ``settings.partitions``
partitions (instead of relying on the broker's auto-creation, which Apache Kafka deployments
often disable and whose count differs between brokers).
"""

from __future__ import annotations

from dataclasses import dataclass

import faust

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

    async def declare_all(self) -> None:
        """Create every topic that does not exist yet (a worker may only send to some of them)."""
        for topic in self.all():
            await topic.maybe_declare()
