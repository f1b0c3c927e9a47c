"""``medreg backup create`` / ``backup restore``: a round trip into a fresh data directory
and an empty database (SQLite always, PostgreSQL when the suite runs on it), after which the
audit chain, its checkpoints and a signed licence still verify; wrong passphrases, altered
or cut archives and occupied targets are refused."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import undefer
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from api.backup.service import create_backup
from api.cli.common import run_with_session
from api.cli.main import app
from api.settings import Settings, load_settings
from certificates import service
from certificates.models import Licence
from tests import factories
from tests.factories.database import database_url, is_postgres
from tests.factories.licences import request

PASSPHRASE = "correct horse battery staple"
NUMBER = "HS310115-2026-000888"


@dataclass(frozen=True)
class Site:
    """A data directory and a database, as one machine's environment names them."""

    data_dir: Path
    database_url: str

    def use(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("MEDREG_DATA_DIR", str(self.data_dir))
        monkeypatch.setenv("MEDREG_DATABASE_URL", self.database_url)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), terminal_width=200)
    return result.exit_code, result.output


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    return path


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("MEDREG_ENVIRONMENT", "development")
    monkeypatch.delenv("MEDREG_BACKUP_PASSPHRASE", raising=False)
    return monkeypatch


def _populate(site: Site, licence_home: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """A migrated database with a person (encrypted fields), a signed licence, audit entries
    and a checkpoint; the licence's PDF."""
    site.use(monkeypatch)
    shutil.copytree(licence_home / "pki", site.data_dir / "pki")
    assert _run("migrate")[0] == 0
    settings = load_settings()

    async def seed(session: AsyncSession) -> None:
        await factories.person(session, name="王备份")
        await service.reserve_licence(session, request(holder_ref="backup-1", number=NUMBER))

    run_with_session(settings, seed)
    code, output = _run("worker", "--once")
    assert code == 0, output
    assert "signed 1 licences" in output
    code, output = _run("audit", "checkpoint")
    assert code == 0, output

    async def pdf(session: AsyncSession) -> bytes:
        stmt = select(Licence).where(Licence.number == NUMBER).options(undefer(Licence.pdf))
        return (await session.scalars(stmt)).one().pdf or b""

    return run_with_session(settings, pdf)


def _round_trip(
    source: Site, target: Site, licence_home: Path, passphrase_file: Path, env: pytest.MonkeyPatch
) -> None:
    original = _populate(source, licence_home, env)
    archive = source.data_dir.parent / "medreg.backup"
    code, output = _run("backup", "create", str(archive), "--passphrase-file", str(passphrase_file))
    assert code == 0, output
    assert "backup written" in output
    assert PASSPHRASE not in archive.read_bytes().decode(errors="replace")

    code, output = _run(
        "backup", "restore", str(archive), "--passphrase-file", str(passphrase_file)
    )
    assert code == 1  # the source is not a fresh place to restore into
    assert "not empty" in output

    target.use(env)
    code, output = _run(
        "backup", "restore", str(archive), "--passphrase-file", str(passphrase_file)
    )
    assert code == 0, output
    assert "opens personal data" in output
    assert "1 sampled of 1 signed: genuine" in output
    assert "signed checkpoints match" in output
    assert "FAILED" not in output

    code, output = _run("audit", "verify")
    assert code == 0, output
    assert "signed checkpoints match the chain" in output
    settings = load_settings()
    restored = run_with_session(settings, lambda s: service.signed_pdf(s, NUMBER, 1))
    assert restored == original
    assert (settings.data_dir / "master.key").read_bytes() == (
        source.data_dir / "master.key"
    ).read_bytes()
    assert (settings.data_dir / "audit" / "checkpoint-key.pem").stat().st_mode & 0o077 == 0


def test_sqlite_round_trip(
    tmp_path: Path, licence_home: Path, passphrase_file: Path, env: pytest.MonkeyPatch
) -> None:
    source = Site(tmp_path / "source" / "data", f"sqlite+aiosqlite:///{tmp_path}/source/medreg.db")
    target = Site(tmp_path / "target" / "data", f"sqlite+aiosqlite:///{tmp_path}/target/medreg.db")
    _round_trip(source, target, licence_home, passphrase_file, env)


@pytest.fixture
def postgres_sites(tmp_path: Path) -> tuple[Site, Site]:
    if not is_postgres():
        pytest.skip("the PostgreSQL round trip runs when MEDREG_TEST_DATABASE_URL is PostgreSQL")
    base = make_url(database_url())
    urls = [
        base.set(database=f"{base.database}_backup_{name}").render_as_string(hide_password=False)
        for name in ("source", "target")
    ]
    asyncio.run(_recreate(urls))
    return (Site(tmp_path / "source", urls[0]), Site(tmp_path / "target", urls[1]))


async def _recreate(urls: list[str]) -> None:
    admin = create_async_engine(
        make_url(urls[0]).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        async with admin.connect() as conn:
            for url in urls:
                name = make_url(url).database
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()


def test_postgres_round_trip(
    postgres_sites: tuple[Site, Site],
    licence_home: Path,
    passphrase_file: Path,
    env: pytest.MonkeyPatch,
) -> None:
    source, target = postgres_sites
    _round_trip(source, target, licence_home, passphrase_file, env)


class _Quiet:
    def step(self, description: str, total: int | None) -> _Quiet:
        return self

    def update(self, done: int, total: int | None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


@pytest.fixture
def small_archive(tmp_path: Path) -> Path:
    """An archive of a tiny SQLite database and a data directory holding one key file."""
    home = tmp_path / "small"
    (home / "data").mkdir(parents=True)
    (home / "data" / "master.key").write_text("c2VjcmV0")
    with sqlite3.connect(home / "small.db") as db:
        db.execute("CREATE TABLE t (x)")
    settings = Settings(data_dir=home / "data", database_url=f"sqlite+aiosqlite:///{home}/small.db")
    archive = tmp_path / "small.backup"
    created = create_backup(settings, archive, PASSPHRASE, _Quiet(), log_n=10)
    assert {m.name for m in created.manifest.members} == {
        "data/master.key",
        "database/medreg.sqlite",
    }
    return archive


@pytest.fixture
def fresh(tmp_path: Path, env: pytest.MonkeyPatch) -> Site:
    site = Site(tmp_path / "fresh" / "data", f"sqlite+aiosqlite:///{tmp_path}/fresh/medreg.db")
    site.use(env)
    return site


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[: len(data) // 2], "the archive is truncated"),
        (lambda data: data[:-7] + bytes([data[-7] ^ 1]) + data[-6:], "altered or damaged"),
        (lambda data: b"PK\x03\x04" + data[4:], "not a medreg backup"),
    ],
    ids=["truncated", "altered", "foreign"],
)
def test_a_damaged_archive_is_refused(
    small_archive: Path,
    fresh: Site,
    env: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes],
    message: str,
) -> None:
    small_archive.write_bytes(damage(small_archive.read_bytes()))
    env.setenv("MEDREG_BACKUP_PASSPHRASE", PASSPHRASE)
    code, output = _run("backup", "restore", str(small_archive))
    assert code == 1
    assert message in output
    assert list(fresh.data_dir.iterdir()) == []  # nothing was put in place


def test_a_wrong_passphrase_is_refused(
    small_archive: Path, fresh: Site, env: pytest.MonkeyPatch
) -> None:
    env.setenv("MEDREG_BACKUP_PASSPHRASE", "not the passphrase at all")
    code, output = _run("backup", "restore", str(small_archive))
    assert code == 1
    assert "wrong passphrase" in output
    assert PASSPHRASE not in output
    assert list(fresh.data_dir.iterdir()) == []


def test_the_archive_restores_with_the_right_passphrase(
    small_archive: Path, fresh: Site, env: pytest.MonkeyPatch
) -> None:
    env.setenv("MEDREG_BACKUP_PASSPHRASE", PASSPHRASE)
    code, output = _run("backup", "restore", str(small_archive))
    assert "restored 1 files and the sqlite database" in output
    assert code == 1  # the restore worked, but this toy database has no schema to check
    assert "this release expects" in output
    assert (fresh.data_dir / "master.key").read_text() == "c2VjcmV0"

    (fresh.data_dir / "master.key").write_text("changed")
    code, output = _run("backup", "restore", str(small_archive))
    assert code == 1
    assert "not empty" in output
    assert (fresh.data_dir / "master.key").read_text() == "changed"
    code, output = _run("backup", "restore", str(small_archive), "--force")
    assert "restored 1 files" in output
    assert (fresh.data_dir / "master.key").read_text() == "c2VjcmV0"


def test_a_short_passphrase_or_none_is_refused(
    tmp_path: Path, fresh: Site, env: pytest.MonkeyPatch
) -> None:
    code, output = _run("backup", "create", str(tmp_path / "x.backup"))
    assert code == 1
    assert "MEDREG_BACKUP_PASSPHRASE" in output
    env.setenv("MEDREG_BACKUP_PASSPHRASE", "short")
    code, output = _run("backup", "create", str(tmp_path / "x.backup"))
    assert code == 1
    assert "at least 12 characters" in output
    assert not (tmp_path / "x.backup").exists()
