"""Initial storage schema: documents, reports, report versions and sources, indicators.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from streams.sink.tables import JSONDocument, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("is_report", sa.Boolean, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("reasons", JSONDocument, nullable=False),
        sa.Column("source_kind", sa.String(40), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("issuer", sa.Text),
        sa.Column("report_year", sa.Integer),
        sa.Column("region_code", sa.String(20)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("fetched_at", UTCDateTime, nullable=False),
        sa.Column("analyzed_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("report_id", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("reasons", JSONDocument, nullable=False),
        sa.Column("source_kind", sa.String(40), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("issuer", sa.Text),
        sa.Column("issuers", JSONDocument, nullable=False),
        sa.Column("issuer_kind", sa.String(40)),
        sa.Column("level", sa.String(20)),
        sa.Column("province", sa.Text),
        sa.Column("prefecture", sa.Text),
        sa.Column("county", sa.Text),
        sa.Column("township", sa.Text),
        sa.Column("region_code", sa.String(20)),
        sa.Column("report_year", sa.Integer),
        sa.Column("addressee", sa.Text),
        sa.Column("sections", JSONDocument, nullable=False),
        sa.Column("deadline", sa.Date),
        sa.Column("on_time", sa.Boolean),
        sa.Column("url", sa.Text, nullable=False, comment="page the current version was read from"),
        sa.Column("source_url", sa.Text, nullable=False,
                  comment="canonical source: the issuer's portal if seen"),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("content_at", UTCDateTime, nullable=False, comment="fetch time of the current version"),
        sa.Column("first_seen", UTCDateTime, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=False),
        sa.Column("revisions", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_reports_province", "reports", ["province"])
    op.create_index("ix_reports_published", "reports", ["published"])
    op.create_table(
        "report_versions",
        sa.Column("report_id", sa.String(64), primary_key=True),
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("first_seen", UTCDateTime, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
    )
    op.create_table(
        "report_sources",
        sa.Column("report_id", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("first_seen", UTCDateTime, nullable=False),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("report_id", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("approximate", sa.Boolean, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_indicators_version", "indicators", ["report_id", "content_hash"])


def downgrade() -> None:
    op.drop_table("indicators")
    op.drop_table("report_sources")
    op.drop_table("report_versions")
    op.drop_table("reports")
    op.drop_table("documents")
