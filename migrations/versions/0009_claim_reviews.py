"""claims under review: a dispute's kind and claimant account, certification requests waiting
for the review

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = sa.Enum(
    "HOLDER", "NAME_MISMATCH", "MOBILE_CHANGED", name="dispute_kind", native_enum=False, length=32
)


def upgrade() -> None:
    with op.batch_alter_table("identity_dispute") as batch:
        batch.add_column(sa.Column("kind", KIND, nullable=False, server_default="HOLDER"))
        batch.add_column(sa.Column("claimant_account_id", sa.Uuid(), nullable=True))
        batch.alter_column("account_id", existing_type=sa.Uuid(), nullable=True)
        batch.create_foreign_key(
            op.f("fk_identity_dispute_claimant_account_id_account"),
            "account",
            ["claimant_account_id"],
            ["id"],
        )
        batch.create_index(op.f("ix_identity_dispute_claimant_account_id"), ["claimant_account_id"])
    with op.batch_alter_table("staff_certification") as batch:
        batch.add_column(sa.Column("account_id", sa.Uuid(), nullable=True))
        batch.alter_column("person_id", existing_type=sa.Uuid(), nullable=True)
        batch.create_foreign_key(
            op.f("fk_staff_certification_account_id_account"), "account", ["account_id"], ["id"]
        )
        batch.create_index(op.f("ix_staff_certification_account_id"), ["account_id"])


def downgrade() -> None:
    op.execute("DELETE FROM staff_certification WHERE person_id IS NULL")
    with op.batch_alter_table("staff_certification") as batch:
        batch.drop_index(op.f("ix_staff_certification_account_id"))
        batch.drop_constraint(op.f("fk_staff_certification_account_id_account"), type_="foreignkey")
        batch.alter_column("person_id", existing_type=sa.Uuid(), nullable=False)
        batch.drop_column("account_id")
    op.execute("DELETE FROM identity_dispute WHERE account_id IS NULL")
    with op.batch_alter_table("identity_dispute") as batch:
        batch.drop_index(op.f("ix_identity_dispute_claimant_account_id"))
        batch.drop_constraint(
            op.f("fk_identity_dispute_claimant_account_id_account"), type_="foreignkey"
        )
        batch.alter_column("account_id", existing_type=sa.Uuid(), nullable=False)
        batch.drop_column("claimant_account_id")
        batch.drop_column("kind")
