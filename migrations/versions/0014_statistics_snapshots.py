"""statistics: periods in force as Shanghai days, monthly counts and the day's snapshots

``registration_period`` keeps the first and the first-no-longer day of each period in force
(date comparisons instead of instants and validity), whether the registration has a filing,
and three tables filled with it at each rebuild: ``in_force_month`` (practitioners in force
at every month end), ``in_force_cube`` and ``adoption_snapshot`` (the figures of the rebuild's
day, so that reads for today read a few thousand groups instead of every period). The summary
is emptied: the next rebuild (the worker, or the first read) fills it in the new shape.

``licences_issued_day`` counts licence versions issued per day and district at each rebuild.
``licence_verification_day`` counts verifications per day, issuing authority and outcome
(added to from each process's tally every minute; no scan writes).

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-29 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM registration_period")
    op.execute("DELETE FROM statistics_summary")
    with op.batch_alter_table("registration_period") as batch:
        batch.drop_column("start_at")
        batch.drop_column("next_at")
        batch.drop_column("valid_until")
        batch.add_column(sa.Column("open_day", sa.Date(), nullable=False))
        batch.add_column(sa.Column("close_day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("has_filing", sa.Boolean(), nullable=False))
    with op.batch_alter_table("statistics_summary") as batch:
        batch.add_column(sa.Column("snapshot_day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("first_day", sa.Date(), nullable=True))
    op.create_table(
        "in_force_month",
        sa.Column("month_end", sa.Date(), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("practitioners", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month_end", "district_code", "subject", name=op.f("pk_in_force_month")
        ),
    )
    op.create_table(
        "in_force_cube",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("institution_type", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("multi_site", sa.Integer(), nullable=False),
        sa.Column("expiring", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_in_force_cube")),
    )
    op.create_table(
        "licence_verification_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("authority_code", sa.String(length=6), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("verifications", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "authority_code", "outcome", name=op.f("pk_licence_verification_day")
        ),
    )
    op.create_table(
        "licences_issued_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("licences", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "district_code", name=op.f("pk_licences_issued_day")),
    )
    op.create_table(
        "adoption_snapshot",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("practitioners", sa.Integer(), nullable=False),
        sa.Column("activated", sa.Integer(), nullable=False),
        sa.Column("certified", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("institution_id", name=op.f("pk_adoption_snapshot")),
    )


def downgrade() -> None:
    import core.db

    op.drop_table("adoption_snapshot")
    op.drop_table("licences_issued_day")
    op.drop_table("licence_verification_day")
    op.drop_table("in_force_cube")
    op.drop_table("in_force_month")
    op.execute("DELETE FROM registration_period")
    op.execute("DELETE FROM statistics_summary")
    with op.batch_alter_table("statistics_summary") as batch:
        batch.drop_column("first_day")
        batch.drop_column("snapshot_day")
    with op.batch_alter_table("registration_period") as batch:
        batch.drop_column("has_filing")
        batch.drop_column("close_day")
        batch.drop_column("open_day")
        batch.add_column(sa.Column("start_at", core.db.UTCDateTime(timezone=True), nullable=False))
        batch.add_column(sa.Column("next_at", core.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
