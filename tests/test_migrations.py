"""The migrations and the models describe the same schema, on both engines."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.migrate import SeveralHeads, alembic_config, head_revision, is_ours
from api.model_index import load_metadata
from directory.models import Authority


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": is_ours}
    )
    return list(compare_metadata(context, load_metadata()))


async def test_upgrade_head_matches_models(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        diff = await conn.run_sync(_diff)
        current = await conn.run_sync(
            lambda c: MigrationContext.configure(c).get_current_revision()
        )
    assert diff == []
    assert current == head_revision()


def test_the_history_has_one_head() -> None:
    """A migration added beside another (two revisions with the same parent) fails here
    until a merge revision joins them."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [head_revision()]


def test_a_branched_history_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api import migrate

    versions = tmp_path / "versions"
    versions.mkdir()
    (tmp_path / "script.py.mako").write_text("")
    for name in ("a", "b"):
        (versions / f"{name}.py").write_text(
            f"revision = {name!r}\ndown_revision = None\n"
            "def upgrade():\n    pass\ndef downgrade():\n    pass\n"
        )
    monkeypatch.setattr(migrate, "MIGRATIONS", tmp_path)
    with pytest.raises(SeveralHeads, match="2 heads"):
        head_revision()


async def test_authorities_are_loaded_by_migration(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        codes = (
            (await conn.execute(select(Authority.code).order_by(Authority.code))).scalars().all()
        )
    assert len(codes) == 17
    assert codes[0] == "310000"
    assert "310115" in codes
