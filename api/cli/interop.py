"""``medreg sync`` (the national platform sync: status, retry, reconcile, run) and
``medreg dev national-platform`` (its development counterpart)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from api.cli.common import cli_settings, console, run_async, run_with_session

sync_app = typer.Typer(help="The national platform sync.", no_args_is_help=True)
dev_app = typer.Typer(help="Development counterparts of external systems.", no_args_is_help=True)


def _config_or_exit(settings: Any) -> Any:
    config = settings.sync_config()
    if config is None:
        console.print("[red]MEDREG_NATIONAL_URL is not set: the national sync is off[/red]")
        raise typer.Exit(1)
    return config


@sync_app.command("status")
def sync_status(
    dead: bool = typer.Option(False, "--dead", help="Also list dead events with their reason."),
) -> None:
    """Events per topic: in the outbox, pending, blocked (behind a dead one), delivered, dead."""
    from interop.sync.service import dead_letters, status

    settings = cli_settings()

    async def work(session: Any) -> tuple[Any, Any]:
        return await status(session), (await dead_letters(session) if dead else [])

    topics, letters = run_with_session(settings, work)
    table = Table()
    table.add_column("topic", no_wrap=True)
    for heading in ("outbox", "pending", "blocked", "delivered", "dead", "oldest pending"):
        table.add_column(heading)
    for row in topics:
        c = row.counts
        oldest = row.oldest_pending.isoformat(timespec="seconds") if row.oldest_pending else "-"
        table.add_row(
            row.topic,
            *(str(c[k]) for k in ("OUTBOX", "PENDING", "BLOCKED", "DELIVERED", "DEAD")),
            oldest,
        )
    console.print(table)
    for letter in letters:
        console.print(
            f"{letter.event_id}  {letter.topic}  attempts {letter.attempts}  {letter.last_error}"
        )


@sync_app.command("retry")
def sync_retry(
    event: list[str] = typer.Option(None, "--event", help="An event id (repeatable)."),
    all_dead: bool = typer.Option(False, "--all", help="Every dead event."),
) -> None:
    """Queue dead events again (with a fresh attempt count)."""
    from interop.sync.service import requeue

    if not event and not all_dead:
        console.print("[red]name events with --event ID or use --all[/red]")
        raise typer.Exit(2)
    try:
        ids = None if all_dead else [uuid.UUID(x) for x in event]
    except ValueError:
        console.print("[red]an event id is not a UUID[/red]")
        raise typer.Exit(2) from None
    count = run_with_session(cli_settings(), lambda s: requeue(s, ids))
    console.print(f"{count} dead events queued again")


@sync_app.command("reconcile")
def sync_reconcile(
    since: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="First day."),
    until: datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"], help="Last day."),
) -> None:
    """Compare the events of a date range (UTC days, both included) with what the platform
    acknowledged, and queue again what it lacks."""
    from core.db import create_engine, session_factory
    from interop.sync.runtime import NationalSync
    from interop.sync.service import reconcile

    settings = cli_settings()
    config = _config_or_exit(settings)
    start = datetime.combine(since.date(), time(), UTC)
    end = datetime.combine(until.date() + timedelta(days=1), time(), UTC)

    async def main() -> Any:
        engine = create_engine(settings.database_url)
        sync = NationalSync(config, settings.licence_runtime().pki)
        try:
            return await reconcile(
                session_factory(engine, keyring=settings.keyring), sync.platform(), start, end
            )
        finally:
            await sync.close()
            await engine.dispose()

    done = run_async(main())
    console.print(
        f"{done.ours} events delivered in the range, {done.acknowledged} acknowledged; "
        f"{len(done.resent)} queued again"
    )
    for event_id in done.resent:
        console.print(f"  {event_id}")


@sync_app.command("run")
def sync_run() -> None:
    """Deliver what is due now (the worker does this every minute)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from core.db import create_engine, session_factory
    from interop.sync.runtime import NationalSync

    settings = cli_settings()
    config = _config_or_exit(settings)

    async def main() -> Any:
        engine = create_engine(settings.database_url)
        sync = NationalSync(config, settings.licence_runtime().pki)
        try:
            return await sync.run(session_factory(engine, keyring=settings.keyring))
        finally:
            await sync.close()
            await engine.dispose()

    with Progress(SpinnerColumn(), TextColumn("delivering to the national platform…")) as bar:
        bar.add_task("sync")
        done = run_async(main())
    console.print(f"delivered {done.delivered}, failed {done.failed} (dead {done.dead})")


@dev_app.command("national-platform")
def national_platform(
    port: int = typer.Option(8090, help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", help="Bind address."),
    jwks: str | None = typer.Option(
        None, help="Our JWKS: a URL or a file (default: {MEDREG_PUBLIC_URL}/.well-known/jwks.json)."
    ),
    store: Path | None = typer.Option(
        None, help="Where received events are kept (default: data dir/national-platform.db)."
    ),
    fail_every: int = typer.Option(0, help="Answer 500 to every n-th event (0: never)."),
    delay: float = typer.Option(0.0, help="Seconds to wait before each answer."),
) -> None:
    """A development national platform: verifies signatures against our JWKS, stores events,
    and fails or is slow on request (POST /_dev/mode). Summary at GET /."""
    import uvicorn

    from interop.sync.devplatform import Mode, create_platform

    settings = cli_settings()
    source = jwks or f"{settings.public_url.rstrip('/')}/.well-known/jwks.json"
    path = store or settings.data_dir / "national-platform.db"
    app = create_platform(path, source, Mode(fail_every=fail_every, delay_s=delay))
    console.print(f"national platform (development) on http://{host}:{port}, JWKS {source}")
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, name="sync")
    app.add_typer(dev_app, name="dev")
