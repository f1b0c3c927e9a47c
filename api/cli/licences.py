"""Licence commands: the development PKI (``keys init`` / ``show`` / ``status``) and its
lifecycle (``keys rotate`` / ``renew-tsa`` / ``renew-root`` / ``renew-crl``), a licence's
signed PDF (``licence pdf``) and archive renewal (``licences renew-archive``)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from api.cli.common import (
    cli_settings,
    console,
    run_async,
    run_with_session,
    signing_config_or_exit,
)

keys_app = typer.Typer(help="Signing keys and certificates of the licences.", no_args_is_help=True)
licence_app = typer.Typer(help="Electronic licences.", no_args_is_help=True)


@keys_app.command("init")
def keys_init() -> None:
    """Create the development PKI (root, one key per authority, TSA, CRL) under the data
    directory, or add what is missing; existing keys are never replaced."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from certificates.pki import init_pki
    from certificates.values import AuthorityInfo
    from core.clock import Clock
    from directory.reads import authorities

    settings = cli_settings()
    config = signing_config_or_exit(settings)
    try:
        rows = run_with_session(settings, authorities)
    except (OperationalError, ProgrammingError):
        rows = []
    if not rows:
        console.print("[red]no authorities in the database: run `medreg migrate` first[/red]")
        raise typer.Exit(1)
    infos = [AuthorityInfo(a.code, a.name_zh, a.name_en) for a in rows]
    summary = init_pki(config, infos, now=Clock().now())
    if summary.created:
        console.print(
            f"[green]development PKI created in {summary.directory}[/green]: root, TSA and "
            f"{len(summary.authority_codes)} authority keys (encrypted with MEDREG_KEY_PASSPHRASE)",
            soft_wrap=True,
        )
    elif summary.added_authorities:
        added = ", ".join(summary.added_authorities)
        console.print(f"[green]PKI in {summary.directory}: added {added}[/green]")
    else:
        console.print(f"PKI in {summary.directory} is complete (nothing to do)")
    console.print(f"root SHA-256 fingerprint: {summary.root_fingerprint}", soft_wrap=True)


@keys_app.command("show")
def keys_show() -> None:
    """Print every certificate of the PKI with its fingerprint and validity."""
    from certificates.errors import PkiMissing
    from certificates.pki import describe, load_pki

    settings = cli_settings()
    config = signing_config_or_exit(settings)
    try:
        pki = load_pki(config)
    except PkiMissing as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    signer = f"PKCS#11 token {config.pkcs11.token_label}" if config.pkcs11 else "PEM files"
    console.print(
        f"PKI: {pki.directory}  keys: {signer}  TSA: {config.tsa_url or 'local'}",
        markup=False,
        soft_wrap=True,
    )
    for row in describe(pki):
        console.print(
            f"{row.role:<9} {row.name:<7} {row.key_type:<16} "
            f"{row.not_before:%Y-%m-%d} → {row.not_after:%Y-%m-%d}  sha256 {row.fingerprint_sha256}"
            f"\n          {row.subject}",
            markup=False,
            soft_wrap=True,
        )


def _pki_or_exit(config: Any) -> Any:
    from certificates.errors import PkiMissing
    from certificates.pki import load_pki

    try:
        return load_pki(config)
    except PkiMissing as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


@keys_app.command("status")
def keys_status() -> None:
    """Every certificate in use and every CRL with its end; exits 1 when one needs action
    (a certificate within 30 days of its end, a CRL whose renewal is overdue)."""
    from core.clock import Clock

    config = signing_config_or_exit(cli_settings())
    pki = _pki_or_exit(config)
    from certificates.lifecycle import expiries

    now = Clock().now()
    rows = expiries(pki, now)
    for row in rows:
        mark = "[red]ACT[/red] " if row.due else "ok  "
        console.print(f"{mark} {row.describe()}", soft_wrap=True)
    console.print(f"{len(pki.retired)} retired certificates kept for validation")
    if any(row.due for row in rows):
        raise typer.Exit(1)


def _lifecycle(action: str, work: Any) -> None:
    from certificates.errors import KeyLifecycleRefused
    from core.clock import Clock

    config = signing_config_or_exit(cli_settings())
    _pki_or_exit(config)
    try:
        cert = work(config, Clock().now())
    except KeyLifecycleRefused as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(
        f"[green]{action}[/green]: serial {cert.serial_number:x}, valid until "
        f"{cert.not_valid_after_utc:%Y-%m-%d}",
        soft_wrap=True,
    )


@keys_app.command("rotate")
def keys_rotate(
    authority: str = typer.Option(..., "--authority", help="Authority code, e.g. 310115."),
    compromised: bool = typer.Option(
        False, help="Also revoke the old certificate now (its key leaked)."
    ),
) -> None:
    """A new signing key and certificate for one authority. The old certificate is kept for
    validation (its licences stay VALID); new licences use the new key."""
    from certificates.lifecycle import rotate_authority

    _lifecycle(
        f"authority {authority} rotated",
        lambda config, now: rotate_authority(config, authority, now, compromised=compromised),
    )


@keys_app.command("renew-tsa")
def keys_renew_tsa() -> None:
    """A new key and certificate for the time-stamping authority (the old one is kept)."""
    from certificates.lifecycle import renew_tsa

    _lifecycle("TSA renewed", renew_tsa)


@keys_app.command("renew-root")
def keys_renew_root() -> None:
    """A new root certificate for the same root key; publish /pki/root.pem again."""
    from certificates.lifecycle import renew_root_certificate

    _lifecycle("root certificate renewed", renew_root_certificate)


@keys_app.command("renew-crl")
def keys_renew_crl() -> None:
    """Re-issue the CRL now (the worker does it by itself ten days before it lapses)."""
    from certificates.lifecycle import renew_crl
    from core.clock import Clock

    config = signing_config_or_exit(cli_settings())
    _pki_or_exit(config)
    next_update = renew_crl(config, Clock().now(), force=True)
    console.print(f"[green]CRL re-issued[/green], next update {next_update:%Y-%m-%d %H:%M} UTC")


@licence_app.command("renew-archive")
def licence_renew_archive(
    before: datetime | None = typer.Option(
        None,
        formats=["%Y-%m-%d"],
        help="Renew licences whose last time-stamp certificate ends before this day "
        "(default: within 180 days).",
    ),
) -> None:
    """Add fresh validation data and a new document time-stamp to licences whose last
    time-stamp certificate nears its end. Safe to interrupt and to run again."""
    from rich.progress import Progress

    from api.archive import archive_round, due_count
    from certificates.archive import RENEWAL_WINDOW
    from core.clock import Clock
    from core.db import create_engine, session_factory

    settings = cli_settings()
    runtime = settings.licence_runtime()
    _pki_or_exit(runtime.config)
    now = Clock().now()
    limit = before.replace(tzinfo=UTC) if before else now + RENEWAL_WINDOW

    async def main() -> int:
        engine = create_engine(settings.database_url)
        sessions = session_factory(engine, keyring=settings.keyring)
        try:
            total = await due_count(sessions, limit)
            with Progress(console=console) as progress:
                task = progress.add_task("renewing licence archives", total=total)
                return await archive_round(
                    sessions,
                    runtime,
                    now=now,
                    before=limit,
                    progress=lambda _renewed: progress.advance(task),
                )
        finally:
            await engine.dispose()

    renewed = run_async(main())
    console.print(
        f"[green]{renewed} licence archives renewed[/green] (due before {limit:%Y-%m-%d})"
    )


@licence_app.command("pdf")
def licence_pdf(
    number: str = typer.Argument(..., help="Licence number."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the PDF."),
    version: int | None = typer.Option(None, "--version", help="A version (default: newest)."),
) -> None:
    """Write a licence's signed PDF to a file (operations; no scope applies)."""
    from certificates import service
    from certificates.errors import LicenceNotFound

    settings = cli_settings()

    async def fetch(session: Any) -> tuple[bytes | None, bool]:
        pdf = await service.signed_pdf(session, number, version)
        if pdf is not None:
            return pdf, True
        try:
            await service.current(session, number)
        except LicenceNotFound:
            return None, False
        return None, True

    pdf, exists = run_with_session(settings, fetch)
    if pdf is None:
        reason = "is not signed yet (is a worker running?)" if exists else "does not exist"
        console.print(f"[red]licence {number} {reason}[/red]")
        raise typer.Exit(1)
    output.write_bytes(pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    console.print(f"wrote {output} ({len(pdf):,} bytes, sha256 {digest})")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
    app.add_typer(licence_app, name="licence")
    app.add_typer(licence_app, name="licences", help="Electronic licences (same as `licence`).")
