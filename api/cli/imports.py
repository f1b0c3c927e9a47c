"""``medreg import``: the existing registries' exports into the registry, with a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli.common import cli_settings, console, run_async

app = typer.Typer(help="Import the existing registries' exports (CSV or XLSX).")

DRY_RUN = typer.Option(False, "--dry-run", help="Check and report; change nothing.")
REPORT = typer.Option(None, "--report", help="Write the report (CSV) to this file.")
JSON = typer.Option(False, "--json", help="Print the summary as JSON.")


def _run(kind_name: str, file: Path, dry_run: bool, report: Path | None, as_json: bool) -> None:
    from core.audit import AuditActor
    from core.clock import Clock
    from core.db import create_engine, session_factory
    from registry.imports.columns import ImportKind
    from registry.imports.errors import FileRefused
    from registry.imports.service import import_file

    settings = cli_settings()
    kind = ImportKind(kind_name)
    if not file.is_file():
        console.print(f"[red]no such file: {file}[/red]")
        raise typer.Exit(2)

    async def main() -> Any:
        engine = create_engine(settings.database_url)
        factory = session_factory(engine, keyring=settings.keyring, clock=Clock())
        try:
            async with factory() as session:
                with Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=console,
                    disable=as_json,
                ) as progress:
                    task = progress.add_task(f"{kind.value} rows", total=None)
                    summary = await import_file(
                        session,
                        AuditActor("cli", "SYSTEM_ADMIN"),
                        kind,
                        file,
                        progress=lambda done, total: progress.update(
                            task, completed=done, total=total
                        ),
                    )
                if dry_run:
                    await session.rollback()
                else:
                    await session.commit()
                return summary
        finally:
            await engine.dispose()

    try:
        summary = run_async(main())
    except FileRefused as exc:
        columns = f" ({exc.params['columns']})" if "columns" in exc.params else ""
        console.print(f"[red]{exc.reason}: {exc.message}{columns}[/red]")
        raise typer.Exit(1) from None
    if report is not None:
        report.write_bytes(summary.report_csv)
    result = summary.as_dict() | {"dryRun": dry_run}
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    _print_summary(result, report)


def _print_summary(result: dict[str, Any], report: Path | None) -> None:
    prefix = "[yellow]dry run, nothing changed[/yellow]: " if result["dryRun"] else ""
    console.print(
        f"{prefix}{result['file']} ({result['kind']}, sha256 {result['sha256'][:12]}…): "
        f"{result['rows']} rows — {result['created']} new, {result['changed']} changed, "
        f"{result['unchanged']} unchanged, {result['rejected']} rejected, "
        f"{result['quarantined']} quarantined, {result['normalised']} normalised; "
        f"{result['licences']} licences reserved (signed by the worker at low priority)"
    )
    for reason, count in result["reasons"].items():
        console.print(f"  {reason:<22} {count}")
    if report is not None:
        console.print(f"report: {report}")


@app.command("institutions")
def institutions(
    file: Path, dry_run: bool = DRY_RUN, report: Path | None = REPORT, as_json: bool = JSON
) -> None:
    """Import institutions (机构名称, 统一社会信用代码, …)."""
    _run("institutions", file, dry_run, report, as_json)


@app.command("doctors")
def doctors(
    file: Path, dry_run: bool = DRY_RUN, report: Path | None = REPORT, as_json: bool = JSON
) -> None:
    """Import doctors (姓名, 身份证号, 执业证书编号, 执业类别, …)."""
    _run("doctors", file, dry_run, report, as_json)


@app.command("nurses")
def nurses(
    file: Path, dry_run: bool = DRY_RUN, report: Path | None = REPORT, as_json: bool = JSON
) -> None:
    """Import nurses (姓名, 身份证号, 执业证书编号, 有效期至, …)."""
    _run("nurses", file, dry_run, report, as_json)


@app.command("filings")
def filings(
    file: Path, dry_run: bool = DRY_RUN, report: Path | None = REPORT, as_json: bool = JSON
) -> None:
    """Import doctors' multi-institution filings (执业证书编号, 备案机构统一社会信用代码): a file of
    their own, or the sheet 多机构备案 of the doctors' workbook."""
    _run("filings", file, dry_run, report, as_json)


@app.command("list")
def list_batches(
    limit: int = typer.Option(20, min=1, help="How many, newest first."),
    as_json: bool = JSON,
) -> None:
    """The imports done so far, newest first."""
    from api.cli.common import run_with_session
    from registry.imports.batches import recent_batches

    settings = cli_settings()
    batches = run_with_session(settings, lambda s: recent_batches(s, limit=limit))
    rows = [
        {
            "batch": str(b.id),
            "kind": b.kind,
            "file": b.filename,
            "sha256": b.sha256,
            "at": b.started_at.isoformat(),
            **{k: v for k, v in b.counts.items() if k != "reasons"},
        }
        for b in batches
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        console.print(
            f"{r['at'][:19]}  {r['batch']}  {r['kind']:<12} {r['file']}  rows {r.get('rows', 0)}"
            f"  new {r.get('created', 0)}  changed {r.get('changed', 0)}"
            f"  rejected {r.get('rejected', 0)}  quarantined {r.get('quarantined', 0)}",
            markup=False,
        )


@app.command("report")
def download_report(
    batch: str, out: Path = typer.Option(..., "-o", "--out", help="Where to write the CSV.")
) -> None:
    """Write the report of one import (by its batch id) to a file."""
    from api.cli.common import run_with_session
    from registry.imports.batches import batch_report

    settings = cli_settings()
    content = run_with_session(settings, lambda s: batch_report(s, batch))
    if content is None:
        console.print(f"[red]no import batch {batch}[/red]")
        raise typer.Exit(1)
    out.write_bytes(content)
    console.print(f"report written to {out}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="import")
