"""Documents read into a page (attachments, or the file the page is): what was read and whether OCR is needed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from streams.sink.tables import JSONDocument

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("needs_ocr", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("documents", JSONDocument, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("documents")
        batch.drop_column("needs_ocr")
