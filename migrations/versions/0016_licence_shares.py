"""licence shares: links a holder hands out to show a licence's live status until they expire
or are revoked, and the short-lived codes of the licence shown full screen

Revision ID: 0016
Revises: 0011
Create Date: 2026-11-29 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = core.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "licence_share",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_share")),
    )
    op.create_index("ix_licence_share_account", "licence_share", ["account_id", "expires_at"])


def downgrade() -> None:
    op.drop_index("ix_licence_share_account", table_name="licence_share")
    op.drop_table("licence_share")
