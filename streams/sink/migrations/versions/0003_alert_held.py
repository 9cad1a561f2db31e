"""Alerts held for daily digests and quiet hours.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from streams.sink.tables import JSONDocument, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_held",
        sa.Column("alert_id", sa.String(64), primary_key=True),
        sa.Column("subscription", sa.Text, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("alert", JSONDocument, nullable=False, comment="the AlertEvent"),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("digest_day", sa.Date, comment="Beijing day of a daily digest; None: held for quiet hours"),
        sa.Column("release_at", UTCDateTime, nullable=False, comment="when it goes to the outbox"),
        sa.Column("released_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_alert_held_release", "alert_held", ["released_at", "release_at"])


def downgrade() -> None:
    op.drop_index("ix_alert_held_release", table_name="alert_held")
    op.drop_table("alert_held")
