"""The storage schema (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Every primary key is deterministic (a URL, a report id, a `stable_id`), so the sink upserts and a
replayed topic changes no row count. The migrations under ``migrations/versions`` create exactly
these tables; a test compares both.

- ``documents``: the verdict for every page, one row per canonical URL (the latest fetch wins), with
  the documents read into it (attachments, or the file the page is) and whether one needs OCR.
- ``reports``: one row per report id (issuer + year covered) holding its current version.
- ``report_versions``: one row per distinct content hash of a report (``revisions`` = versions - 1).
- ``report_sources``: every URL a report was seen at.
- ``indicators``: the figures of each report version, id = stable_id(report_id, content_hash, key, start).

The system of record for what must outlive a worker (`streams.state`; topics and Faust tables are
transport and cache, rebuilt from these at start):

- ``crawl_pages``: every detail page the crawl role found, fetched (validators, content hash) and
  saw stored (``stored_at``, set by the store role with the page's ``documents`` row);
- ``crawl_columns``: per registry column, the state of its last concluded visit;
- ``alerted_versions``: the report versions whose alerts the alert role decided (enqueued);
- ``alert_outbox``: one row per alert and channel, with its delivery state.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.expression import false


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both dialects.

    SQLite has no timezone type: values are stored as naive UTC text (which also keeps string
    comparison chronological) and come back with ``tzinfo=UTC``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: JSON documents: JSONB on PostgreSQL (indexable), JSON text on SQLite.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()


def _verdict_columns() -> list[Column]:
    """The verdict and headline facts a document and a report row both carry (new objects per table)."""
    return [
        Column("kind", String(40), nullable=False),
        Column("confidence", Float, nullable=False),
        Column("reasons", JSONDocument, nullable=False),
        Column("source_kind", String(40), nullable=False),
        Column("title", Text),
        Column("published", Date),
        Column("issuer", Text),
    ]


documents = Table(
    "documents",
    metadata,
    Column("url", Text, primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("is_report", Boolean, nullable=False),
    *_verdict_columns(),
    Column("report_year", Integer),
    Column("region_code", String(20)),
    Column("content_hash", String(64), nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("analyzed_at", UTCDateTime, nullable=False),
    # A document of the page is a scan: only OCR could read it.
    Column("needs_ocr", Boolean, nullable=False, server_default=false()),
    # Documents read into the page (schemas.pages.DocumentRead): url, format, pages, chars, needs_ocr, reason.
    Column("documents", JSONDocument),
)

reports = Table(
    "reports",
    metadata,
    Column("report_id", String(64), primary_key=True),
    Column("event_id", String(64), nullable=False),
    *_verdict_columns(),
    Column("issuers", JSONDocument, nullable=False),
    Column("issuer_kind", String(40)),
    Column("level", String(20)),
    Column("province", Text),
    Column("prefecture", Text),
    Column("county", Text),
    Column("township", Text),
    Column("region_code", String(20)),
    Column("report_year", Integer),
    Column("addressee", Text),
    Column("sections", JSONDocument, nullable=False),
    Column("deadline", Date),
    Column("on_time", Boolean),
    Column("url", Text, nullable=False, comment="page the current version was read from"),
    Column("source_url", Text, nullable=False, comment="canonical source: the issuer's portal if seen"),
    Column("content_hash", String(64), nullable=False),
    Column("content_at", UTCDateTime, nullable=False, comment="fetch time of the current version"),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("revisions", Integer, nullable=False, server_default="0"),
    Index("ix_reports_province", "province"),
    Index("ix_reports_published", "published"),
)

report_versions = Table(
    "report_versions",
    metadata,
    Column("report_id", String(64), primary_key=True),
    Column("content_hash", String(64), primary_key=True),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("url", Text, nullable=False),
)

report_sources = Table(
    "report_sources",
    metadata,
    Column("report_id", String(64), primary_key=True),
    Column("url", Text, primary_key=True),
    Column("first_seen", UTCDateTime, nullable=False),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("report_id", String(64), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("key", String(120), nullable=False),
    Column("label", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(40), nullable=False),
    Column("approximate", Boolean, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_indicators_version", "report_id", "content_hash"),
)

crawl_pages = Table(
    "crawl_pages",
    metadata,
    Column("url", Text, primary_key=True),
    Column("portal_id", String(80), nullable=False),
    Column("column_id", String(80), nullable=False),
    Column("task", JSONDocument, nullable=False, comment="the page task, sent again while not done"),
    Column("discovered_at", UTCDateTime, nullable=False),
    Column("fetched_at", UTCDateTime, comment="the fetch was handed over (the broker acknowledged it)"),
    Column("outcome", String(40)),
    Column("status", Integer),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", String(64), comment="sha256 of the body fetched"),
    Column("raw_event_id", String(64)),
    Column("stored_at", UTCDateTime, comment="the store role wrote the page's documents row"),
    Index("ix_crawl_pages_fetched_at", "fetched_at"),
)

crawl_columns = Table(
    "crawl_columns",
    metadata,
    Column("portal_id", String(80), primary_key=True),
    Column("column_id", String(80), primary_key=True),
    Column("url", Text, nullable=False),
    Column("last_visited_at", UTCDateTime, nullable=False,
           comment="when a visit concluded: list pages read, new items recorded"),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("list_hash", String(64)),
    Column("seen", JSONDocument, nullable=False, comment="item keys, newest first, capped"),
    Column("interval", Float, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("last_outcome", String(40), nullable=False),
)

alerted_versions = Table(
    "alerted_versions",
    metadata,
    Column("report_id", String(64), primary_key=True),
    Column("content_hash", String(64), primary_key=True),
    Column("alerted_at", UTCDateTime, nullable=False),
)

alert_outbox = Table(
    "alert_outbox",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("channel_key", String(32), primary_key=True, comment="hash of the channel URL (no secret)"),
    Column("channel", Text, nullable=False, comment="the channel URL, credentials hidden"),
    Column("scheme", String(40), nullable=False),
    Column("subscription", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("report_id", String(64)),
    Column("alert", JSONDocument, nullable=False, comment="the AlertEvent, published when final"),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("state", String(10), nullable=False, comment="pending, failed (retry due), sent or dead"),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_alert_outbox_due", "state", "next_attempt_at"),
)

#: The storage sink's tables (what the pipeline's output is; a replay leaves their row counts as they are).
ALL_TABLES = (documents, reports, report_versions, report_sources, indicators)
#: The roles' durable state (`streams.state`, `streams.alerts.outbox`).
STATE_TABLES = (crawl_pages, crawl_columns, alerted_versions, alert_outbox)

alert_held = Table(
    "alert_held",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("subscription", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("alert", JSONDocument, nullable=False, comment="the AlertEvent"),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("digest_day", Date, comment="Beijing day of a daily digest; None: held for quiet hours"),
    Column("release_at", UTCDateTime, nullable=False, comment="when it goes to the outbox"),
    Column("released_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_alert_held_release", "released_at", "release_at"),
)
#: Alerts held for a subscription's daily digest or quiet hours (`streams.alerts.holding`).
HOLDING_TABLES = (alert_held,)
