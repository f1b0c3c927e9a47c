"""Identity commands: the first system admin, development notifications and TOTP codes,
the worker (notifications and licences), and the demo sign-ins."""

from __future__ import annotations

import asyncio
import contextlib
import io
from typing import Any

import typer

admin_app = typer.Typer(help="Administrator accounts.", no_args_is_help=True)


def _cli() -> Any:
    from api import cli

    return cli


@admin_app.command("create")
def admin_create(
    username: str = typer.Option(..., help="Sign-in name: lower-case letters, digits, . _ -"),
    name: str = typer.Option("系统管理员", help="Display name."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="8+ characters."
    ),
) -> None:
    """Create a system admin (the first one starts everything: it creates authority admins)."""
    import qrcode

    from core.errors import DomainError
    from identity.enrolment import create_system_admin

    cli = _cli()
    settings = cli._settings()
    config = settings.identity_config()
    try:
        made = cli.run_with_session(
            settings,
            lambda session: create_system_admin(
                session, username=username, display_name=name, password=password, config=config
            ),
        )
    except DomainError as exc:
        cli.console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    cli.console.print(f"[green]system admin {made.account.username} created[/green]")
    cli.console.print("Add this account to an authenticator app (TOTP, 30 s, 6 digits):")
    cli.console.print(f"  secret: {made.enrolment.secret}")
    cli.console.print(f"  URI:    {made.enrolment.otpauth_uri}")
    qr = qrcode.QRCode(border=1)
    qr.add_data(made.enrolment.otpauth_uri)
    out = io.StringIO()
    qr.print_ascii(out=out)
    typer.echo(out.getvalue())


@admin_app.command("totp")
def admin_totp(username: str = typer.Argument(..., help="A staff username.")) -> None:
    """Development only: print a staff account's current TOTP code."""
    from core.clock import Clock
    from identity import totp
    from identity.accounts import find_by_login_key, staff_login_key

    cli = _cli()
    settings = cli._settings()
    if settings.is_production:
        cli.console.print("[red]not available in production[/red]")
        raise typer.Exit(1)

    async def work(session: Any) -> str | None:
        account = await find_by_login_key(session, staff_login_key(username))
        secret = totp.stored_secret(session, account) if account else None
        return totp.current_code(secret, Clock().now()) if secret else None

    code = cli.run_with_session(settings, work)
    if code is None:
        cli.console.print(f"[red]{username} has no TOTP secret[/red]")
        raise typer.Exit(1)
    typer.echo(code)


def notifications(
    to: str | None = typer.Option(None, "--to", help="Only messages to this mobile."),
    limit: int = typer.Option(20, min=1, max=500, help="How many, newest first."),
) -> None:
    """Print the latest SMS/e-mails of the development channel (e.g. activation codes)."""
    from identity.notifications import recent_notifications

    cli = _cli()
    settings = cli._settings()
    if settings.is_production:
        cli.console.print("[red]the development channel is not used in production[/red]")
        raise typer.Exit(1)
    messages = cli.run_with_session(
        settings, lambda session: recent_notifications(session, to=to, limit=limit)
    )
    if not messages:
        cli.console.print("no notifications yet")
        return
    for message in messages:
        cli.console.print(
            f"{message.created_at:%Y-%m-%d %H:%M:%S} UTC  {message.channel} → "
            f"{message.recipient}  [{message.template}]\n    {message.text}",
            markup=False,
            soft_wrap=True,
        )


def worker(
    once: bool = typer.Option(False, help="Do what is due (deliver, sign everything), then exit."),
    interval: float = typer.Option(2.0, min=0.1, help="Seconds between idle rounds."),
) -> None:
    """Deliver queued notifications, sign pending licences and expire lapsed ones daily
    (run one or more next to `medreg serve`; they share the work safely on PostgreSQL)."""
    from api.cli_licences import signing_config_or_exit
    from api.worker import LicenceJobs, run_once, worker_loop
    from core.clock import Clock
    from core.db import create_engine, session_factory
    from identity.runtime import IdentityRuntime

    cli = _cli()
    settings = cli._settings()
    signing_config_or_exit(settings)
    runtime = IdentityRuntime.build(settings.identity_config())
    licences = settings.licence_runtime()

    async def main() -> None:
        engine = create_engine(settings.database_url)
        sessions = session_factory(engine, keyring=settings.keyring)
        jobs = LicenceJobs(sessions, licences, Clock())
        try:
            if once:
                delivered, signed = await run_once(sessions, runtime, jobs)
                cli.console.print(f"delivered {delivered}, signed {signed} licences")
            else:
                await worker_loop(sessions, runtime, jobs, interval_s=interval)
        finally:
            await engine.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def show_demo_sign_ins(settings: Any, seed: int) -> None:
    """Create (once) and print the demo sign-ins; called by ``medreg demo``."""
    from identity.demo import IdentityDemoError, load_identity_demo

    cli = _cli()
    try:
        sign_ins = cli.run_with_session(
            settings,
            lambda session: load_identity_demo(
                session, seed=seed, passwords=settings.identity_config().passwords
            ),
        )
    except IdentityDemoError as exc:
        cli.console.print(f"[yellow]{exc}[/yellow]")
        return
    # Plain lines, not a table: secrets must never be cut to fit a narrow terminal.
    cli.console.print("[bold]Demo sign-ins[/bold] (development only)")
    for s in sign_ins:
        totp_part = f"  TOTP secret: {s.totp_secret}" if s.totp_secret else ""
        cli.console.print(
            f"  {s.role.value:<20} {s.identifier:<18} password: {s.password}{totp_part}"
            f"  — {s.name}, {s.scope}",
            markup=False,
            soft_wrap=True,
        )
    cli.console.print(
        "Staff sign in with password + TOTP: add the secret to an authenticator app, or run "
        "`medreg admin totp USERNAME`. Codes sent by SMS: `medreg notifications`."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(admin_app, name="admin")
    app.command("notifications")(notifications)
    app.command("worker")(worker)
