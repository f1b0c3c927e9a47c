"""``medreg demo``: synthetic Shanghai data, its licences, applications and sign-ins."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli.common import cli_settings, console, run_async, run_with_session

if TYPE_CHECKING:
    from api.settings import Settings

demo_app = typer.Typer(
    help="Synthetic Shanghai data: load it, or write it as the old systems' exports.",
    invoke_without_command=True,
)


@demo_app.callback()
def demo(
    ctx: typer.Context,
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same data."),
    scale: str = typer.Option("small", help="small (≈200 institutions) or city (≈6,000)."),
) -> None:
    """Load synthetic Shanghai demo data (once per database)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"seed": seed, "scale": scale}
        return
    from core.clock import Clock
    from core.db import create_engine
    from demo import DemoAlreadyLoaded, Scale, load_demo

    settings = cli_settings()
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
        summary = run_async(main())
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
    from demo.applications import load_application_demo

    statuses = run_with_session(
        settings, lambda session: load_application_demo(session, seed=seed, today=Clock().today())
    )
    shown = ", ".join(f"{status.value} {count}" for status, count in sorted(statuses.items()))
    console.print(f"demo applications: {sum(statuses.values())} ({shown})")


def show_demo_sign_ins(settings: Settings, seed: int) -> None:
    """Create (once) and print the demo sign-ins; called by ``medreg demo``."""
    from demo.identity import IdentityDemoError, load_identity_demo

    try:
        sign_ins = run_with_session(
            settings,
            lambda session: load_identity_demo(
                session, seed=seed, passwords=settings.identity_config().passwords
            ),
        )
    except IdentityDemoError as exc:
        console.print(f"[yellow]{exc}[/yellow]")
        return
    # Plain lines, not a table: secrets must never be cut to fit a narrow terminal.
    console.print("[bold]Demo sign-ins[/bold] (development only)")
    for s in sign_ins:
        totp_part = f"  TOTP secret: {s.totp_secret}" if s.totp_secret else ""
        console.print(
            f"  {s.role.value:<20} {s.identifier:<18} password: {s.password}{totp_part}"
            f"  — {s.name}, {s.scope}",
            markup=False,
            soft_wrap=True,
        )
    console.print(
        "Staff sign in with password + TOTP: add the secret to an authenticator app, or run "
        "`medreg admin totp USERNAME`. Codes sent by SMS: `medreg notifications`."
    )


def reserve_demo_licences(settings: Settings) -> None:
    """Called by ``medreg demo``: a licence row for every active registration. Their PDFs
    are signed when someone first opens or downloads them, so a new demo never keeps the
    machine busy signing thousands of licences nobody looks at."""
    from certificates.errors import FontMissing, PkiMissing
    from certificates.pki import load_pki
    from demo.licences import reserve_demo_licences as reserve

    try:
        pki = load_pki(settings.signing_config())
    except (PkiMissing, FontMissing):
        pki = None

    reserved = run_with_session(settings, lambda session: reserve(session, pki))
    if reserved:
        console.print(
            f"[green]{reserved:,} demo licences issued[/green]: each PDF is signed when it is "
            "first opened or downloaded" + ("" if pki else " (run `medreg keys init` first)")
        )


@demo_app.command("export-legacy")
def export_legacy(
    ctx: typer.Context,
    outdir: Path = typer.Argument(
        ..., help="Folder for institutions.csv, doctors.csv, nurses.csv."
    ),
    scale: str = typer.Option("small", help="small (≈200 institutions) or city (≈6,000)."),
    dirty: float = typer.Option(0.0, min=0.0, max=1.0, help="Share of rows given dirt."),
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same files."),
) -> None:
    """Write the synthetic city as the old systems exported it (for `medreg import`)."""
    from core.clock import Clock
    from demo import Scale
    from demo.legacy import export_legacy as export

    try:
        chosen = Scale[scale.upper()]
    except KeyError:
        raise typer.BadParameter(f"unknown scale {scale!r}: use small or city") from None
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

        summary = run_async(
            export(
                outdir,
                seed=seed,
                scale=chosen,
                dirty=dirty,
                today=Clock().today(),
                progress=report,
            )
        )
    for kind, path in summary.files.items():
        console.print(f"{path}  {summary.rows[kind]:,} rows")
    if summary.dirt:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(summary.dirt.items()))
        console.print(f"dirt: {shown}")


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")
