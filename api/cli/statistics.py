"""``medreg statistics``: exports for scripts and the working-day calendar's refill."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from api.cli.common import cli_settings, console, run_async

statistics_app = typer.Typer(help="Statistics: exports and the working-day calendar.")


def register(app: typer.Typer) -> None:
    app.add_typer(statistics_app, name="statistics")


@statistics_app.command("export")
def export_command(
    kind: str = typer.Argument(..., help="resources or supervision"),
    output: Path = typer.Option(..., "-o", "--output", help="A .csv or .xlsx file."),
    authority: str = typer.Option("310000", help="310000 (the city) or a district code."),
    as_of: str | None = typer.Option(None, "--as-of", help="resources: YYYY-MM-DD (today)."),
    start: str | None = typer.Option(None, "--from", help="supervision: YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="supervision: YYYY-MM-DD."),
) -> None:
    """Write a statistics report as CSV or XLSX (audited as a system read)."""
    from registry.statistics import census, export
    from registry.statistics.resources import build_resources
    from registry.statistics.scope import Area
    from registry.statistics.supervision import build_supervision

    if kind not in ("resources", "supervision") or output.suffix not in (".csv", ".xlsx"):
        console.print("[red]kind: resources|supervision; output: .csv or .xlsx[/red]")
        raise typer.Exit(2)
    if authority != "310000" and authority not in census.DISTRICTS:
        console.print(f"[red]unknown authority {authority}[/red]")
        raise typer.Exit(2)
    area = Area(authority, census.DISTRICTS if authority == "310000" else (authority,))

    async def run() -> bytes:
        from sqlalchemy.ext.asyncio import async_sessionmaker

        from core import audit
        from core.clock import Clock
        from core.db import create_engine

        settings = cli_settings()
        engine = create_engine(settings.database_url)
        today = Clock().today()
        try:
            async with async_sessionmaker(engine)() as session:
                if kind == "resources":
                    day = date.fromisoformat(as_of) if as_of else today
                    report = await build_resources(session, area, day)
                else:
                    if not (start and end):
                        raise typer.BadParameter("--from and --to are required")
                    report = await build_supervision(
                        session, area, date.fromisoformat(start), date.fromisoformat(end), today
                    )
                summary = {"command": "export", "kind": kind, "asOf": report.as_of.isoformat()}
                await audit.record(
                    session,
                    audit.SYSTEM,
                    "registry.statistics.export",
                    target_type="authority",
                    target_id=authority,
                    summary=summary,
                )
                await session.commit()
        finally:
            await engine.dispose()
        if output.suffix == ".csv":
            return export.to_csv(report)
        return export.to_xlsx(report)

    output.write_bytes(run_async(run()))
    console.print(f"[green]{output}[/green]")


@statistics_app.command("calendar")
def calendar_command() -> None:
    """Refill the working-day calendar (after ``chinese-calendar`` learned a new year)."""
    from registry.statistics.models import calendar_rows

    async def run() -> int:
        from sqlalchemy import delete, insert

        from core.db import create_engine
        from registry.statistics.models import WorkingDay

        settings = cli_settings()
        engine = create_engine(settings.database_url)
        rows = calendar_rows()
        try:
            async with engine.begin() as conn:
                await conn.execute(delete(WorkingDay))
                await conn.execute(insert(WorkingDay), rows)
        finally:
            await engine.dispose()
        return len(rows)

    console.print(f"[green]{run_async(run())} days written[/green]")


@statistics_app.command("refresh")
def refresh_command() -> None:
    """Rebuild the statistics' summary now (the worker does it every 10 minutes)."""
    from registry.statistics.summary import refresh, tidy

    async def run() -> int:
        from core.db import create_engine, session_factory
        from core.uow import unit_of_work

        settings = cli_settings()
        engine = create_engine(settings.database_url)
        try:
            sessions = session_factory(engine, keyring=settings.keyring)
            async with unit_of_work(sessions) as session:
                periods = await refresh(session)
            await tidy(sessions)
            return periods
        finally:
            await engine.dispose()

    console.print(f"[green]{run_async(run())} registration periods[/green]")
