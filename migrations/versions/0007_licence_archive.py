"""licence archive renewal: when the last document time-stamp's certificate ends, and when
the archive was last renewed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 05:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("licence") as batch:
        batch.add_column(
            sa.Column("archive_expires_at", core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column("archive_renewed_at", core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.create_index("ix_licence_archive_expires_at", ["archive_expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("licence") as batch:
        batch.drop_index("ix_licence_archive_expires_at")
        batch.drop_column("archive_renewed_at")
        batch.drop_column("archive_expires_at")
