"""Start-up stays light: the server process never imports alembic (readiness reads the
history itself) nor the PDF, signing, spreadsheet, FHIR and image libraries (signing runs in the
workers, the others on their first request), and `medreg --help` loads no database, GraphQL
or PDF library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api import migrate
from api.heap import YOUNG_THRESHOLD
from api.revisions import SeveralHeads, current_revision, head_revision

ROOT = Path(__file__).resolve().parents[2]


def _printed_after(statement: str, printing: str, tmp_path: Path) -> list[str]:
    code = f"import sys\n{statement}\nprint({printing})"
    env = {
        **os.environ,
        "MEDREG_DATA_DIR": str(tmp_path),
        "MEDREG_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/startup.db",
        "MEDREG_LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()


def _loaded_after(statement: str, prefixes: tuple[str, ...], tmp_path: Path) -> list[str]:
    out = _printed_after(
        statement, "' '.join(sorted({m.split('.')[0] for m in sys.modules}))", tmp_path
    )
    assert "sys" in out
    return [name for name in out if name.startswith(prefixes)]


def test_the_served_app_never_imports_alembic(tmp_path: Path) -> None:
    assert _loaded_after("import api.main", ("alembic", "starlette"), tmp_path) == ["starlette"]


def test_the_served_app_starts_without_the_signing_and_export_libraries(tmp_path: Path) -> None:
    heavy = ("pyhanko", "fpdf", "fontTools", "openpyxl", "fhir", "qrcode", "PIL")
    assert _loaded_after("import api.main", (*heavy, "strawberry"), tmp_path) == ["strawberry"]


def test_the_served_app_freezes_what_start_up_built(tmp_path: Path) -> None:
    """Full collections would walk the schema, the mappers and the modules on every pass."""
    frozen, young = _printed_after(
        "import api.main, gc", "gc.get_freeze_count(), gc.get_threshold()[0]", tmp_path
    )
    assert int(frozen) > 100_000
    assert int(young) == YOUNG_THRESHOLD


def test_the_command_line_loads_its_libraries_only_when_a_command_runs(tmp_path: Path) -> None:
    heavy = ("sqlalchemy", "strawberry", "pyhanko", "alembic", "pydantic_settings", "fpdf")
    assert _loaded_after("import api.cli.main", (*heavy, "typer"), tmp_path) == ["typer"]


def test_help_is_printed_without_rich_help_panels_or_asyncio(tmp_path: Path) -> None:
    """Click's plain help: typer's panels import Markdown and Pygments, a third of `--help`;
    asyncio comes when a command runs."""
    statement = (
        "from api.cli.main import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    )
    found = _loaded_after(statement, ("markdown_it", "pygments", "asyncio", "typer"), tmp_path)
    assert found == ["typer"]


def test_the_head_is_the_one_alembic_finds() -> None:
    assert head_revision() == migrate.head_revision()


def test_a_branched_history_has_no_head(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    for name in ("a", "b"):
        (versions / f"{name}.py").write_text(f'revision: str = "{name}"\ndown_revision = None\n')
    (versions / "c.py").write_text('revision = "c"\ndown_revision = ("a",)\n')
    with pytest.raises(SeveralHeads, match="2 heads"):
        head_revision(tmp_path)


async def test_the_database_revision_is_read_without_alembic(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        assert await conn.run_sync(current_revision) == head_revision()
