"""The storage schema (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Every primary key is deterministic (a URL, a report id, a `stable_id`), so the sink upserts and a
replayed topic changes no row count. The migrations under ``migrations/versions`` create exactly
these tables; a test compares both.

- ``documents``: the verdict for every page, one row per canonical URL (the latest fetch wins).
- ``reports``: one row per report id (issuer + year covered) holding its current version.
- ``report_versions``: one row per distinct content hash of a report (``revisions`` = versions - 1).
- ``report_sources``: every URL a report was seen at.
- ``indicators``: the figures of each report version, id = stable_id(report_id, content_hash, key, start).
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

ALL_TABLES = (documents, reports, report_versions, report_sources, indicators)
