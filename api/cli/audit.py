"""``medreg audit``: verify the chain and its signed checkpoints, sign a checkpoint now, show
the checkpoint key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from api.cli.common import cli_settings, console

if TYPE_CHECKING:
    from core.audit_verify import AuditReport

audit_app = typer.Typer(help="The audit chain and its signed checkpoints.", no_args_is_help=True)
_SHOWN_PROBLEMS = 5


def print_audit_report(report: AuditReport) -> bool:
    """Print the verdict; whether the audit trail is intact."""
    for warning in report.warnings:
        console.print(f"[yellow]{warning}[/yellow]", soft_wrap=True)
    if report.broken is None:
        console.print(f"[green]audit chain intact: {report.entries} entries[/green]")
    else:
        console.print(
            f"[red]audit chain broken at entry {report.broken.seq}: {report.broken.reason}[/red] "
            f"({report.entries} entries before it are intact)",
            soft_wrap=True,
        )
    for problem in report.problems[:_SHOWN_PROBLEMS]:
        console.print(f"[red]{escape(problem.describe())}[/red]", soft_wrap=True)
    if len(report.problems) > _SHOWN_PROBLEMS:
        console.print(f"[red]… and {len(report.problems) - _SHOWN_PROBLEMS} more problems[/red]")
    newest = report.newest
    if newest is not None and not report.problems:
        where = " and ".join(
            name
            for name, cp in (("file", report.newest_in_file), ("table", report.newest_in_table))
            if cp == newest
        )
        console.print(
            f"[green]{report.checkpoints} signed checkpoints match the chain[/green]; newest: "
            f"{newest.tree_size} entries at {newest.at.isoformat(timespec='seconds')} "
            f"(in the {where})",
            soft_wrap=True,
        )
    if report.broken is None and report.after_newest:
        first = report.entries - report.after_newest + 1
        console.print(
            f"entries {first}-{report.entries} ({report.after_newest}) come after the newest "
            "checkpoint: they are verified by the chain only",
            soft_wrap=True,
        )
    return report.intact


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every entry of the audit chain and that it still holds every signed checkpoint
    (from the file outside the database and the table); exit 1 on any problem."""
    from api.backup.checks import audit_report

    if not print_audit_report(audit_report(cli_settings())):
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign a checkpoint of the chain now (the server and workers also write one every
    1,000 entries, every 10 minutes and when they stop)."""
    import asyncio

    from core.checkpoint_writer import ChainDiverged, CheckpointWriter
    from core.checkpoints import CheckpointKeyMissing, SignedCheckpoint
    from core.db import create_engine, session_factory

    settings = cli_settings()
    config = settings.checkpoint_config()

    async def main() -> SignedCheckpoint | None:
        engine = create_engine(settings.database_url)
        try:
            sessions = session_factory(engine, keyring=settings.keyring)
            return await CheckpointWriter(sessions, config).write(force=True)
        finally:
            await engine.dispose()

    try:
        signed = asyncio.run(main())
    except (ChainDiverged, CheckpointKeyMissing) as exc:
        console.print(f"[red]no checkpoint written: {exc}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    assert signed is not None  # forced
    cp = signed.checkpoint
    console.print(
        f"[green]checkpoint signed[/green]: {cp.tree_size} entries, head {cp.head_hash[:16]}…, "
        f"key {cp.key_id}; appended to {config.log_file}",
        soft_wrap=True,
    )


@audit_app.command("key")
def audit_key() -> None:
    """Print the public key that signs checkpoints (PEM) and its key id, to publish."""
    from core.checkpoints import CheckpointKey, CheckpointKeyMissing

    config = cli_settings().checkpoint_config()
    try:
        key = CheckpointKey.load(config.key_file, create=config.create_key)
    except CheckpointKeyMissing as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    console.print(f"key id {key.key_id} (Ed25519, {config.key_file})", soft_wrap=True)
    console.print(key.public_pem(), end="", markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
