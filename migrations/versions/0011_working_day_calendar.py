"""statistics: the working-day calendar (working days between two dates in SQL) and the
materialised summary of registration periods the statistics read

The statistics count working days from acceptance to decision with ``ordinal(decision) -
ordinal(start)``. Filled from the State Council's calendar (``chinese-calendar``) for the years
it knows and Monday to Friday for the others, 2000 to 2040; ``medreg statistics calendar``
refills it after the package learns a new year.

Revision ID: 0011
Revises: 0012
Create Date: 2026-11-29 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from registry.statistics.models import calendar_rows

    table = op.create_table(
        "working_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_working_day")),
    )
    op.bulk_insert(table, calendar_rows())
    op.create_table(
        "registration_period",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("registration_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("institution_type", sa.String(length=40), nullable=False),
        sa.Column("institution_level", sa.String(length=16), nullable=False),
        sa.Column("beds", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("start_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("next_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("registration_valid_until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_period")),
    )
    op.create_index(
        "ix_registration_period_district",
        "registration_period",
        ["district_code", "subject"],
    )
    op.create_index(
        "ix_registration_period_registration", "registration_period", ["registration_id"]
    )
    op.create_table(
        "statistics_summary",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("refreshed_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("periods", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_statistics_summary")),
    )


def downgrade() -> None:
    op.drop_table("statistics_summary")
    op.drop_index("ix_registration_period_registration", table_name="registration_period")
    op.drop_index("ix_registration_period_district", table_name="registration_period")
    op.drop_table("registration_period")
    op.drop_table("working_day")
