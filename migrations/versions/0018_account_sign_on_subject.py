"""identity: a staff account may be linked to its holder's subject at the government identity
provider (the ID token's ``sub``), so that single sign-on finds it

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 11:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("account", sa.Column("oidc_subject", sa.String(255), nullable=True))
    op.create_index("ix_account_oidc_subject", "account", ["oidc_subject"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_account_oidc_subject", table_name="account")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("oidc_subject")
