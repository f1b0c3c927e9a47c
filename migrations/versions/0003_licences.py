"""licences: one row per issued version of an electronic licence

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 21:19:24.291704
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import core.db

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "licence",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "NURSE_PRACTICE",
                "PHYSICIAN_PRACTICE",
                "INSTITUTION_PRACTICE",
                name="licence_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("holder_name", sa.String(length=120), nullable=False),
        sa.Column("holder_ref", sa.String(length=64), nullable=False),
        sa.Column("registration_version", sa.Integer(), nullable=False),
        sa.Column("authority_code", sa.String(length=6), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "VALID",
                "SUPERSEDED",
                "SUSPENDED",
                "REVOKED",
                "EXPIRED",
                name="licence_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("issued_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("signed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("signing_claimed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("token", sa.Text(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("status_changed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence")),
        sa.UniqueConstraint(
            "holder_ref",
            "registration_version",
            name=op.f("uq_licence_holder_ref_registration_version"),
        ),
        sa.UniqueConstraint("number", "version", name=op.f("uq_licence_number_version")),
    )
    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_licence_number"), ["number"], unique=False)
        batch_op.create_index(
            "ix_licence_status_valid_until", ["status", "valid_until"], unique=False
        )
        batch_op.create_index("ix_licence_unsigned", ["signed_at", "issued_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.drop_index("ix_licence_unsigned")
        batch_op.drop_index("ix_licence_status_valid_until")
        batch_op.drop_index(batch_op.f("ix_licence_number"))
    op.drop_table("licence")
