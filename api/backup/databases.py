"""Copying the database out and back in: SQLite with its online backup API (a consistent
snapshot while the server writes), PostgreSQL with ``pg_dump -Fc`` / ``pg_restore``."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from core.db import create_engine

Report = Callable[[int, int | None], None]
"""Progress: work done and the total, when known."""

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
_STEP_PAGES = 4096


class DatabaseCopyError(Exception):
    """Dumping or restoring the database failed; the message says why."""


@dataclass(frozen=True)
class Database:
    """The configured database, as the backup sees it."""

    url: URL

    @classmethod
    def of(cls, database_url: str) -> Database:
        return cls(make_url(database_url))

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or ``None`` for another engine; in-memory databases refuse."""
        if self.dialect != "sqlite":
            return None
        name = self.url.database
        if not name or name == ":memory:" or name.startswith("file::memory:"):
            raise DatabaseCopyError("an in-memory SQLite database cannot be backed up")
        return Path(name).resolve()

    def files_in(self, directory: Path) -> set[Path]:
        """The SQLite file and its side files when they live in ``directory``."""
        path = self.sqlite_path
        if path is None:
            return set()
        return {Path(f"{path}{suffix}") for suffix in ("", *SQLITE_SIDE_FILES)}

    def is_empty(self) -> bool:
        path = self.sqlite_path
        if path is not None and not path.exists():
            return True

        async def tables() -> list[str]:
            engine = create_engine(self.url.render_as_string(hide_password=False))
            try:
                async with engine.connect() as conn:
                    return await conn.run_sync(lambda c: inspect(c).get_table_names())
            finally:
                await engine.dispose()

        return not asyncio.run(tables())

    def dump(self, target: Path, report: Report) -> None:
        path = self.sqlite_path
        if path is not None:
            if not path.exists():
                raise DatabaseCopyError(f"the SQLite database {path} does not exist")
            # One step: a read transaction for the whole copy, so it is one snapshot and ends
            # even while the server writes (in WAL mode writers do not wait for it).
            _sqlite_copy(path, target, report, pages=-1)
            with contextlib.closing(sqlite3.connect(target)) as copy:
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        else:
            self._pg("pg_dump", ["--format=custom", "--file", str(target)], target, report)

    def restore(self, dump: Path, report: Report, *, replace: bool) -> None:
        path = self.sqlite_path
        if path is not None:
            _check_sqlite(dump)
            path.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(dump, path, report, pages=_STEP_PAGES, read_only=True)
            return
        options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if replace:
            options += ["--clean", "--if-exists"]
        self._pg("pg_restore", [*options, str(dump)], None, report)

    def _pg(self, tool: str, args: list[str], grows: Path | None, report: Report) -> None:
        """Run a PostgreSQL client tool; the password goes in the environment, never on
        the command line where ``ps`` would show it."""
        program = shutil.which(tool)
        if program is None:
            raise DatabaseCopyError(
                f"{tool} was not found on PATH: install the PostgreSQL client tools "
                "(Debian: apt-get install postgresql-client) in the server's major version"
            )
        env = {**os.environ}
        if self.url.password:
            env["PGPASSWORD"] = str(self.url.password)
        dsn = self.url.set(drivername="postgresql", password=None)
        command = [program, f"--dbname={dsn.render_as_string(hide_password=False)}", *args]
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)  # noqa: S603 - a resolved program, our arguments
            while process.poll() is None:
                report(grows.stat().st_size if grows and grows.exists() else 0, None)
                time.sleep(0.2)
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
        if process.returncode != 0:
            raise DatabaseCopyError(f"{tool} failed (exit {process.returncode}): {message}")
        if grows is not None:
            report(grows.stat().st_size, grows.stat().st_size)


def _check_sqlite(path: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCopyError(f"the archived SQLite database is unreadable: {exc}") from exc
    if verdict is None or verdict[0] != "ok":
        raise DatabaseCopyError(f"the archived SQLite database fails its check: {verdict}")


def _sqlite_copy(
    source: Path, target: Path, report: Report, *, pages: int, read_only: bool = False
) -> None:
    """Copy with SQLite's backup API; the target's content is replaced as a whole."""

    def progress(_status: int, remaining: int, total: int) -> None:
        report(total - remaining, total)

    report(0, None)
    src = sqlite3.connect(f"file:{source}?mode=ro" if read_only else source, uri=read_only)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=pages, progress=progress, sleep=0.005)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise DatabaseCopyError(f"SQLite backup failed: {exc}") from exc
    finally:
        src.close()


def current_revision(database: Database) -> str | None:
    """The alembic revision the database is at (``None`` before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    async def read() -> str | None:
        engine = create_engine(database.url.render_as_string(hide_password=False))
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(
                    lambda c: MigrationContext.configure(c).get_current_revision()
                )
        finally:
            await engine.dispose()

    return asyncio.run(read())
