"""Alembic driven from code: the CLI, readiness and the tests share one configuration."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def is_ours(name: str | None, type_: str, _parents: object) -> bool:
    """Autogenerate's ``include_name``: the job queue's tables belong to procrastinate, whose
    schema the migration ``0008_job_queue`` applies as procrastinate ships it."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))


class SeveralHeads(RuntimeError):
    """The migrations have branched: a merge revision is missing."""


def head_revision() -> str:
    """The one revision the history ends in; a branched history is a programming error."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise SeveralHeads(f"the migration history has {len(heads)} heads: {sorted(heads)}")
    return str(heads[0])


def upgrade(database_url: str, revision: str = "head") -> None:
    """Run from synchronous code (the CLI); env.py runs the async engine itself."""
    command.upgrade(alembic_config(database_url), revision)


def upgrade_connection(connection: Connection, revision: str = "head") -> None:
    """Run inside ``AsyncConnection.run_sync`` (tests, in-process start-up)."""
    command.upgrade(alembic_config(connection=connection), revision)
