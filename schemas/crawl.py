"""Contracts of the crawl role: the tasks crawl workers hand each other, and what each fetch gave.

`fazhi.crawl.tasks` (key = host of `url`): a column to look at, or a detail page to fetch. Keyed by
host so one worker owns each host: its politeness (one request in flight, the delay) holds without
coordination, and its state (validators, seen items, health) sits in that worker's table partitions.

`fazhi.crawl.outcomes` (key = host): one event per fetch, for monitoring and the demo's counts.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from schemas._base import Contract


class TaskKind(StrEnum):
    column = "column"  # look at a column's list pages, emit page tasks for items not seen before
    page = "page"  # fetch one detail page and send it to fazhi.pages.raw
    attachment = "attachment"  # outcomes only: a document linked from a page, fetched with it
    document = "document"  # outcomes only: a fetched document the process role could not read


class CrawlTask(Contract):
    """`fazhi.crawl.tasks`, key = host of `url` (lower-case)."""

    schema_version: Literal[1] = 1
    event_id: str
    kind: TaskKind
    portal_id: str
    column_id: str
    url: str = Field(description="The column's list URL, or the detail page's URL")
    host: str
    list_title: str | None = Field(None, description="Page tasks: the item's title on the list")
    list_date: date | None = Field(None, description="Page tasks: the item's date on the list")
    created_at: datetime


class CrawlOutcome(Contract):
    """`fazhi.crawl.outcomes`, key = host: what one fetch of a list or detail page gave."""

    schema_version: Literal[1] = 1
    event_id: str
    kind: TaskKind
    portal_id: str
    column_id: str
    url: str
    host: str
    outcome: str = Field(description="ok, not_modified, http_error, timeout, too_large, "
                                     "blocked_challenge, robots_disallowed, invalid, not_a_document or "
                                     "unreadable")
    status: int | None = None
    attempts: int = 1
    error: str | None = None
    raw_event_id: str | None = Field(None, description="Page tasks: the RawPage sent, when one was; "
                                                       "attachments: the RawPage that carries it")
    new_items: int | None = Field(None, description="Column tasks: items not seen before")
    fetched_at: datetime
