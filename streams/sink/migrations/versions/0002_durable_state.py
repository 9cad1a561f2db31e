"""Durable state: crawl pages and columns, alerted report versions, the alert outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from streams.sink.tables import JSONDocument, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_pages",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("portal_id", sa.String(80), nullable=False),
        sa.Column("column_id", sa.String(80), nullable=False),
        sa.Column("task", JSONDocument, nullable=False,
                  comment="the page task, sent again while not done"),
        sa.Column("discovered_at", UTCDateTime, nullable=False),
        sa.Column("fetched_at", UTCDateTime,
                  comment="the fetch was handed over (the broker acknowledged it)"),
        sa.Column("outcome", sa.String(40)),
        sa.Column("status", sa.Integer),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_hash", sa.String(64), comment="sha256 of the body fetched"),
        sa.Column("raw_event_id", sa.String(64)),
        sa.Column("stored_at", UTCDateTime, comment="the store role wrote the page's documents row"),
    )
    op.create_index("ix_crawl_pages_fetched_at", "crawl_pages", ["fetched_at"])
    op.create_table(
        "crawl_columns",
        sa.Column("portal_id", sa.String(80), primary_key=True),
        sa.Column("column_id", sa.String(80), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("last_visited_at", UTCDateTime, nullable=False,
                  comment="when a visit concluded: list pages read, new items recorded"),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("list_hash", sa.String(64)),
        sa.Column("seen", JSONDocument, nullable=False, comment="item keys, newest first, capped"),
        sa.Column("interval", sa.Float, nullable=False),
        sa.Column("due_at", UTCDateTime, nullable=False),
        sa.Column("visits", sa.Integer, nullable=False),
        sa.Column("last_outcome", sa.String(40), nullable=False),
    )
    op.create_table(
        "alerted_versions",
        sa.Column("report_id", sa.String(64), primary_key=True),
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("alerted_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "alert_outbox",
        sa.Column("alert_id", sa.String(64), primary_key=True),
        sa.Column("channel_key", sa.String(32), primary_key=True,
                  comment="hash of the channel URL (no secret)"),
        sa.Column("channel", sa.Text, nullable=False, comment="the channel URL, credentials hidden"),
        sa.Column("scheme", sa.String(40), nullable=False),
        sa.Column("subscription", sa.Text, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("report_id", sa.String(64)),
        sa.Column("alert", JSONDocument, nullable=False, comment="the AlertEvent, published when final"),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("state", sa.String(10), nullable=False,
                  comment="pending, failed (retry due), sent or dead"),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_alert_outbox_due", "alert_outbox", ["state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("alert_outbox")
    op.drop_table("alerted_versions")
    op.drop_table("crawl_columns")
    op.drop_table("crawl_pages")
