"""working-day calendar for statistics: working days between two dates in SQL

The statistics count working days from acceptance to decision with ``ordinal(decision) -
ordinal(start)``. Filled from the State Council's calendar (``chinese-calendar``) for the years
it knows and Monday to Friday for the others, 2000 to 2040; ``medreg statistics calendar``
refills it after the package learns a new year.

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-29 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0008"
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


def downgrade() -> None:
    op.drop_table("working_day")
