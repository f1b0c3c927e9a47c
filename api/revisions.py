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
        target: ast.expr
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name and value is not None:
            return ast.literal_eval(value)
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
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
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
