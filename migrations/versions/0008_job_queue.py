"""job queue: procrastinate's schema on PostgreSQL; licences carry the priority of their
signing job and whether storing the PDF tells the holder

Licences still unsigned at this revision get no priority: they are signed when first opened
(their holders were told at approval, as before).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _procrastinate_schema() -> str:
    from procrastinate.schema import SchemaManager

    return str(SchemaManager.get_schema())


def upgrade() -> None:
    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signing_priority", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "announce_when_signed", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.drop_index("ix_licence_unsigned")
        batch_op.create_index(
            "ix_licence_unsigned", ["signed_at", "signing_priority", "issued_at"], unique=False
        )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The raw DBAPI cursor, without parameters: the schema's ``%`` are not placeholders.
        cursor = bind.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(_procrastinate_schema())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            """
            DO $$
            DECLARE item record;
            BEGIN
              FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'
              LOOP EXECUTE 'DROP FUNCTION IF EXISTS ' || item.signature || ' CASCADE'; END LOOP;
              FOR item IN SELECT tablename FROM pg_tables
                WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%'
              LOOP EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(item.tablename) || ' CASCADE';
              END LOOP;
              FOR item IN SELECT t.typname FROM pg_type t
                JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%'
                  AND t.typtype IN ('e', 'c')
              LOOP EXECUTE 'DROP TYPE IF EXISTS ' || quote_ident(item.typname) || ' CASCADE';
              END LOOP;
            END $$;
            """
        )
    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.drop_index("ix_licence_unsigned")
        batch_op.create_index("ix_licence_unsigned", ["signed_at", "issued_at"], unique=False)
        batch_op.drop_column("announce_when_signed")
        batch_op.drop_column("signing_priority")
