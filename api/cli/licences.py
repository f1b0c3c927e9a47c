"""Licence commands: the development PKI (``keys init`` / ``keys show``), a licence's signed
PDF (``licence pdf``), and the demo's licences."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import typer

from api.cli.common import cli_settings, console, run_with_session, signing_config_or_exit

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
