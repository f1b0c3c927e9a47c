"""The migration history read without alembic: the head from the revision files' two
assignments, the database's revision from ``alembic_version``. Readiness runs in every
server process, and importing alembic (with its script loader) there costs start-up time."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class SeveralHeads(RuntimeError):
    """The migrations have branched: a merge revision is missing."""


def _assigned(tree: ast.Module, name: str) -> object:
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == name and node.value is not None:  # type: ignore[union-attr]
            return ast.literal_eval(node.value)  # type: ignore[union-attr]
    return None


def head_revision(migrations: Path = MIGRATIONS) -> str:
    """The one revision the history ends in (what alembic calls the head)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((migrations / "versions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        revision = _assigned(tree, "revision")
        if not isinstance(revision, str):
            continue
        revisions.add(revision)
        down = _assigned(tree, "down_revision")
        parents.update([down] if isinstance(down, str) else list(down or ()))  # type: ignore[call-overload]
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise SeveralHeads(f"the migration history has {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; ``None`` before the first migration."""
    try:
        with connection.begin_nested():
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None
