"""``backup create`` and ``backup restore`` without their printing: settings and paths in,
a summary out, ``BackupRefused`` / ``ArchiveError`` / ``DatabaseCopyError`` with a sentence
when something is wrong. Secrets never reach a message."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from api.backup.archive import (
    AUDIT_KEY,
    DATA,
    DATABASE,
    Manifest,
    extract_tar,
    snapshot_directory,
    write_tar,
)
from api.backup.databases import Database, current_revision
from api.backup.sealing import FORMAT, SCRYPT_LOG_N, OpeningReader, SealingWriter
from api.settings import Settings

MIN_PASSPHRASE = 12


class BackupRefused(Exception):
    """The command will not do this (an occupied target, a mismatched engine …)."""


class Tracker(Protocol):
    def update(self, done: int, total: int | None) -> None: ...

    def advance(self, amount: int) -> None: ...


class Progress(Protocol):
    def step(self, description: str, total: int | None) -> Tracker: ...


@dataclass(frozen=True)
class Created:
    path: Path
    size: int
    manifest: Manifest
    ignored: tuple[str, ...]
    """Entries of the data directory left out: not regular files."""


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    files: int


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupRefused(f"the backup passphrase must have at least {MIN_PASSPHRASE} characters")


def create_backup(
    settings: Settings,
    out: Path,
    passphrase: str,
    progress: Progress,
    *,
    log_n: int = SCRYPT_LOG_N,
) -> Created:
    """Write an encrypted archive of the data directory and the database to ``out``."""
    check_passphrase(passphrase)
    database = Database.of(settings.database_url)
    data_dir, out = settings.data_dir.resolve(), out.resolve()
    partial = out.with_name(f"{out.name}.partial")
    key_file = settings.checkpoint_config().key_file.resolve()
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".medreg-backup-") as tmp:
        staged = Path(tmp)
        # The data directory first: every checkpoint in its copy of the checkpoint file then
        # covers entries that the database dump, taken later, still holds.
        tracker = progress.step("data directory", None)
        skip = {*database.files_in(data_dir), out, partial}
        copied, ignored = snapshot_directory(data_dir, staged / DATA, skip=skip)
        if key_file.is_file() and not key_file.is_relative_to(data_dir):
            (staged / AUDIT_KEY).mkdir(mode=0o700)
            shutil.copy2(key_file, staged / AUDIT_KEY / key_file.name)
        tracker.update(len(copied), len(copied))

        revision = current_revision(database)
        suffix = "sqlite" if database.dialect == "sqlite" else "pgdump"
        dump = f"{DATABASE}/medreg.{suffix}"
        (staged / DATABASE).mkdir(mode=0o700)
        database.dump(staged / dump, progress.step("database", None).update)

        total = sum(p.stat().st_size for p in staged.rglob("*") if p.is_file())
        tracker = progress.step("compress and encrypt", total)
        base = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "dialect": database.dialect,
            "revision": revision,
            "database": dump,
        }
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw:
                sink = SealingWriter(raw, passphrase, log_n=log_n)
                manifest = write_tar(sink, staged, base, tracker.advance)
                sink.close()
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    return Created(out, out.stat().st_size, manifest, tuple(ignored))


class _Counting:
    def __init__(self, raw: BinaryIO, tracker: Tracker) -> None:
        self.raw, self.tracker = raw, tracker

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.tracker.advance(len(data))
        return data


def _occupants(data_dir: Path, database: Database) -> list[Path]:
    if not data_dir.exists():
        return []
    own = database.files_in(data_dir.resolve())
    return [
        p
        for p in data_dir.iterdir()
        if p.resolve() not in own and not p.name.startswith(".medreg-restore-")
    ]


def refuse_occupied_targets(settings: Settings, database: Database, *, force: bool) -> None:
    if force:
        return
    if occupants := _occupants(settings.data_dir, database):
        raise BackupRefused(
            f"the data directory {settings.data_dir} is not empty ({len(occupants)} entries): "
            "restore into a fresh one (MEDREG_DATA_DIR), or pass --force to overwrite"
        )
    if not database.is_empty():
        raise BackupRefused(
            "the database MEDREG_DATABASE_URL points at already holds tables: restore into "
            "an empty database, or pass --force to replace its content"
        )


def _refuse_other_key(staged_key: Path, target: Path) -> None:
    if target.exists() and target.read_bytes() != staged_key.read_bytes():
        raise BackupRefused(
            f"a different audit checkpoint key exists at {target}: move it away, or pass "
            "--force to replace it"
        )


def restore_backup(
    settings: Settings, archive: Path, passphrase: str, progress: Progress, *, force: bool
) -> Restored:
    """Unpack ``archive`` into the configured data directory and database; nothing is put in
    place before the whole archive decrypted and matched its manifest."""
    database = Database.of(settings.database_url)
    refuse_occupied_targets(settings, database, force=force)
    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".medreg-restore-"))
    try:
        tracker = progress.step("decrypt and check", archive.stat().st_size)
        with archive.open("rb") as raw:
            reader = OpeningReader(_Counting(raw, tracker), passphrase)
            manifest = extract_tar(reader, staging)
            reader.finish()
        if manifest.dialect != database.dialect:
            raise BackupRefused(
                f"the archive holds a {manifest.dialect} database but MEDREG_DATABASE_URL "
                f"points at {database.dialect}"
            )
        outside = sorted((staging / AUDIT_KEY).glob("*")) if (staging / AUDIT_KEY).exists() else []
        key_target = settings.checkpoint_config().key_file
        if outside and not force:
            _refuse_other_key(outside[0], key_target)
        # The database first: it is what may fail (pg_restore runs in one transaction), and
        # a failed restore should leave the data directory as fresh as it found it.
        tracker = progress.step("database", None)
        database.restore(staging / manifest.database, tracker.update, replace=force)
        files = 0
        for path in sorted(p for p in (staging / DATA).rglob("*") if p.is_file()):
            target = data_dir / path.relative_to(staging / DATA)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(path, target)
            files += 1
        if outside:
            key_target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(outside[0], key_target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Restored(manifest, files)
