"""one history: identity (0002), licences (0003) and applications (0004) grew side by side
from 0001; this revision joins them so that every later migration has one parent

Revision ID: 0005
Revises: 0002, 0003, 0004
Create Date: 2026-11-29 04:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | Sequence[str] | None = ("0002", "0003", "0004")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the three branches touch separate tables."""


def downgrade() -> None:
    """Splitting the history again changes nothing in the database either."""
