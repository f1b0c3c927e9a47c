"""The ``medreg`` command line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli_identity import register as register_identity_commands
from api.cli_identity import show_demo_sign_ins
from api.cli_licences import register as register_licence_commands
from api.cli_licences import reserve_demo_licences, signing_config_or_exit
from api.logging import configure_logging
from api.settings import Settings, load_settings

app = typer.Typer(
    help="medreg: electronic registration of institutions, doctors and nurses.",
    no_args_is_help=True,
)
audit_app = typer.Typer(help="The audit chain.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
register_identity_commands(app)
register_licence_commands(app)
console = Console()
T = TypeVar("T")


def _settings() -> Settings:
    settings = load_settings()
    settings.ensure_data_dir()
    configure_logging(settings.log_level, json=settings.log_json)
    return settings


def run_with_session(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``work(session)`` in one unit of work against the configured database."""
    from core.db import create_engine, session_factory
    from core.uow import unit_of_work

    async def main() -> T:
        engine = create_engine(settings.database_url)
        try:
            async with unit_of_work(session_factory(engine, keyring=settings.keyring)) as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(main())


@app.command()
def migrate(revision: str = typer.Argument("heads", help="Target revision.")) -> None:
    """Bring the database schema up to date."""
    from api.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url, revision)
    console.print(f"[green]database at {revision}[/green]")


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default from MEDREG_HOST)."),
    port: int | None = typer.Option(None, help="Port (default from MEDREG_PORT)."),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes."),
    reload: bool = typer.Option(False, help="Reload on code changes (development)."),
) -> None:
    """Serve the portal and the API with uvicorn."""
    import uvicorn

    settings = _settings()
    settings.keyring  # noqa: B018 - fail fast on a missing key, and create the dev key once
    signing_config_or_exit(settings)  # a missing licence font stops start-up here, clearly
    uvicorn.run(
        "api.main:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        log_config=None,
        access_log=False,
    )


@app.command()
def demo(
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same data."),
    scale: str = typer.Option("small", help="small (≈200 institutions) or city (≈6,000)."),
) -> None:
    """Load synthetic Shanghai demo data (once per database)."""
    from core.clock import Clock
    from core.db import create_engine
    from registry.demo import DemoAlreadyLoaded, Scale, load_demo

    settings = _settings()
    try:
        chosen = Scale[scale.upper()]
    except KeyError:
        raise typer.BadParameter(f"unknown scale {scale!r}: use small or city") from None

    async def main() -> Any:
        engine = create_engine(settings.database_url)
        try:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                tasks: dict[str, Any] = {}

                def report(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = progress.add_task(stage, total=total)
                    progress.update(tasks[stage], completed=done, total=total)

                return await load_demo(
                    engine,
                    settings.keyring,
                    seed=seed,
                    scale=chosen,
                    today=Clock().today(),
                    progress=report,
                )
        finally:
            await engine.dispose()

    try:
        summary = asyncio.run(main())
    except DemoAlreadyLoaded as exc:
        console.print(f"[yellow]{exc.message}[/yellow]")
        reserve_demo_licences(settings)
        show_demo_sign_ins(settings, seed)
        raise typer.Exit(0) from None
    console.print(summary)
    reserve_demo_licences(settings)
    show_demo_sign_ins(settings, seed)
    _load_demo_applications(settings, seed)


def _load_demo_applications(settings: Settings, seed: int) -> None:
    """Applications in every state, played through the real workflow services."""
    from core.clock import Clock
    from registry.demo_applications import load_application_demo

    statuses = run_with_session(
        settings, lambda session: load_application_demo(session, seed=seed, today=Clock().today())
    )
    shown = ", ".join(f"{status.value} {count}" for status, count in sorted(statuses.items()))
    console.print(f"demo applications: {sum(statuses.values())} ({shown})")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every entry of the audit chain; report the first broken one."""
    from core.audit import verify_chain

    settings = _settings()
    checked, broken = run_with_session(settings, verify_chain)
    if broken is None:
        console.print(f"[green]audit chain intact: {checked} entries[/green]")
        return
    console.print(
        f"[red]audit chain broken at entry {broken.seq}: {broken.reason}[/red] "
        f"({checked} entries before it are intact)"
    )
    raise typer.Exit(1)


if __name__ == "__main__":
    app()
