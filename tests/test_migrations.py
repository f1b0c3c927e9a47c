"""The migrations and the models describe the same schema, on both engines."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.migrate import head_revisions
from api.model_index import load_metadata
from registry.models import Authority


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, load_metadata()))


async def test_upgrade_head_matches_models(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        diff = await conn.run_sync(_diff)
        current = await conn.run_sync(
            lambda c: frozenset(MigrationContext.configure(c).get_current_heads())
        )
    assert diff == []
    assert current == head_revisions()


async def test_authorities_are_loaded_by_migration(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        codes = (
            (await conn.execute(select(Authority.code).order_by(Authority.code))).scalars().all()
        )
    assert len(codes) == 17
    assert codes[0] == "310000"
    assert "310115" in codes
