"""``medreg backup create`` / ``backup restore``: an encrypted archive of the database and
the data directory, and its restore into a fresh data directory and an empty database,
checked before it is called done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from api.cli.common import cli_settings, console

if TYPE_CHECKING:
    from api.backup.service import Progress
    from api.settings import Settings

backup_app = typer.Typer(
    help="Encrypted backups of the database and the data directory.", no_args_is_help=True
)

PASSPHRASE_FILE = typer.Option(
    None,
    "--passphrase-file",
    help="File holding the passphrase (default: MEDREG_BACKUP_PASSPHRASE).",
    exists=True,
    dir_okay=False,
)


def _passphrase(settings: Settings, path: Path | None) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    if settings.backup_passphrase is not None:
        return settings.backup_passphrase.get_secret_value()
    console.print("[red]give --passphrase-file or set MEDREG_BACKUP_PASSPHRASE[/red]")
    raise typer.Exit(1)


class _RichTracker:
    def __init__(self, progress: Any, task: Any) -> None:
        self.progress, self.task = progress, task

    def update(self, done: int, total: int | None) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def advance(self, amount: int) -> None:
        self.progress.advance(self.task, amount)


class _RichProgress:
    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.last: Any = None

    def step(self, description: str, total: int | None) -> _RichTracker:
        if self.last is not None:  # the step before is done: show it full
            done = max(next(t for t in self.progress.tasks if t.id == self.last).completed, 1)
            self.progress.update(self.last, total=done, completed=done)
        self.last = self.progress.add_task(description, total=total)
        return _RichTracker(self.progress, self.last)


@contextmanager
def _progress() -> Iterator[Progress]:
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        yield _RichProgress(progress)


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
    return typer.Exit(1)


def _refusals() -> tuple[type[Exception], ...]:
    from api.backup.databases import DatabaseCopyError
    from api.backup.sealing import ArchiveError
    from api.backup.service import BackupRefused

    return (ArchiveError, BackupRefused, DatabaseCopyError)


@backup_app.command("create")
def create(
    out: Path = typer.Argument(..., help="The archive to write.", dir_okay=False),
    passphrase_file: Path | None = PASSPHRASE_FILE,
    force: bool = typer.Option(False, "--force", help="Replace OUT when it exists."),
) -> None:
    """Write an encrypted archive (AES-256-GCM, scrypt) of the database (SQLite online
    backup or pg_dump) and the data directory (keys, PKI, audit checkpoints); the server may
    keep running."""
    from api.backup.service import create_backup

    settings = cli_settings()
    passphrase = _passphrase(settings, passphrase_file)
    if out.exists() and not force:
        console.print(f"[red]{escape(str(out))} exists: pass --force to replace it[/red]")
        raise typer.Exit(1)
    try:
        with _progress() as progress:
            created = create_backup(settings, out, passphrase, progress)
    except _refusals() as exc:
        raise _fail(exc) from None
    manifest = created.manifest
    data = sum(1 for m in manifest.members if m.name.startswith("data/"))
    console.print(
        f"[green]backup written[/green]: {created.path} ({created.size:,} bytes); "
        f"{manifest.dialect} database at revision {manifest.revision}, {data} files of the "
        "data directory",
        soft_wrap=True,
    )
    for name in created.ignored:
        console.print(f"[yellow]left out (not a regular file): {escape(name)}[/yellow]")
    if settings.master_key is not None:
        console.print(
            "[yellow]the master key comes from MEDREG_MASTER_KEY and is not in the archive: "
            "keep it as safely as the passphrase[/yellow]",
            soft_wrap=True,
        )
    if settings.pkcs11_module is not None:
        console.print("[yellow]licence keys in the PKCS#11 token are not in the archive[/yellow]")


@backup_app.command("restore")
def restore(
    archive: Path = typer.Argument(..., help="The archive to restore.", exists=True),
    passphrase_file: Path | None = PASSPHRASE_FILE,
    force: bool = typer.Option(
        False, "--force", help="Overwrite a data directory or database that is not empty."
    ),
    sample: int = typer.Option(5, min=0, help="Licences to re-validate after the restore."),
) -> None:
    """Restore an archive into the configured data directory and database (fresh and empty
    unless --force), then check it: schema, master key, audit chain and checkpoints, a sample
    of licences. Exit 1 when anything fails."""
    from api.backup.service import restore_backup

    settings = cli_settings()
    passphrase = _passphrase(settings, passphrase_file)
    try:
        with _progress() as progress:
            restored = restore_backup(settings, archive, passphrase, progress, force=force)
    except _refusals() as exc:
        raise _fail(exc) from None
    manifest = restored.manifest
    console.print(
        f"restored {restored.files} files and the {manifest.dialect} database "
        f"(archived {manifest.created_at}, revision {manifest.revision})",
        soft_wrap=True,
    )
    if not report_checks(settings, sample):
        raise typer.Exit(1)


def report_checks(settings: Settings, sample: int) -> bool:
    """Run the post-restore checks and print them; whether all passed."""
    from rich.table import Table

    from api.backup import checks
    from api.cli.audit import print_audit_report

    results = [checks.check_revision(settings)]
    if results[0].ok:
        report = checks.audit_report(settings)
        print_audit_report(report)
        results += [
            checks.check_master_key(settings),
            checks.check_audit(report),
            checks.check_licences(settings, sample),
        ]
    table = Table("check", "", "detail", title="restore check", title_justify="left")
    for check in results:
        mark = "[green]ok[/green]" if check.ok else "[red]FAILED[/red]"
        table.add_row(check.name, mark, escape(check.detail))
    console.print(table)
    return all(check.ok for check in results)


def register(app: typer.Typer) -> None:
    app.add_typer(backup_app, name="backup")
