"""catalogue: education (学历) and practice scope (执业范围) are chosen from closed lists

The approval items keep their form fields in ``approval_item.fields``; the two fields change
kind from TEXT to EDUCATION and SCOPE so the form offers a list and the server checks the value.

Revision ID: 0017
Revises: 0011
Create Date: 2026-11-29 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = {"education": "EDUCATION", "scope": "SCOPE"}

_items = sa.table(
    "approval_item",
    sa.column("code", sa.String()),
    sa.column("fields", core.db.JSONList),
)


def _rekind(kinds: dict[str, str]) -> None:
    connection = op.get_bind()
    for code, fields in connection.execute(sa.select(_items.c.code, _items.c.fields)).all():
        changed = [
            {**field, "kind": kinds[field["name"]]} if field["name"] in kinds else field
            for field in fields
        ]
        if changed != list(fields):
            connection.execute(_items.update().where(_items.c.code == code).values(fields=changed))


def upgrade() -> None:
    _rekind(_KINDS)


def downgrade() -> None:
    _rekind(dict.fromkeys(_KINDS, "TEXT"))
