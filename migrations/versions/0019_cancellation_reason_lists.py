"""catalogue: the cancellation reason (注销原因) is chosen from a closed list

Practitioners' cancellation items offer the reasons of the registration rules, the
institution's cancellation those of the institution rules; the field changes kind from TEXT to
CANCELLATION_REASON or INSTITUTION_CANCELLATION_REASON so the form offers a list and the
server checks the value.

Revision ID: 0019
Revises: 0017
Create Date: 2026-11-29 11:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTITUTION_ITEM = "INSTITUTION_CANCELLATION"

_items = sa.table(
    "approval_item",
    sa.column("code", sa.String()),
    sa.column("fields", core.db.JSONList),
)


def _rekind(kind_of_item: dict[str, str] | None) -> None:
    """Give each item's ``reason`` field its kind (``None``: back to TEXT)."""
    connection = op.get_bind()
    for code, fields in connection.execute(sa.select(_items.c.code, _items.c.fields)).all():
        if kind_of_item is None:
            kind = "TEXT"
        elif code == _INSTITUTION_ITEM:
            kind = kind_of_item["institution"]
        else:
            kind = kind_of_item["practitioner"]
        changed = [
            {**field, "kind": kind} if field["name"] == "reason" else field for field in fields
        ]
        if changed != list(fields):
            connection.execute(_items.update().where(_items.c.code == code).values(fields=changed))


def upgrade() -> None:
    _rekind(
        {"practitioner": "CANCELLATION_REASON", "institution": "INSTITUTION_CANCELLATION_REASON"}
    )


def downgrade() -> None:
    _rekind(None)
