"""Identity commands: the first system admin, development notifications and TOTP codes,
the worker (notifications and licences), and the demo sign-ins."""

from __future__ import annotations

import io
from typing import Any

import typer

from api.cli.common import cli_settings, console, run_with_session

admin_app = typer.Typer(help="Administrator accounts.", no_args_is_help=True)


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

    settings = cli_settings()
    config = settings.identity_config()
    try:
        made = run_with_session(
            settings,
            lambda session: create_system_admin(
                session, username=username, display_name=name, password=password, config=config
            ),
        )
    except DomainError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"[green]system admin {made.account.username} created[/green]")
    console.print("Add this account to an authenticator app (TOTP, 30 s, 6 digits):")
    console.print(f"  secret: {made.enrolment.secret}")
    console.print(f"  URI:    {made.enrolment.otpauth_uri}")
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

    settings = cli_settings()
    if settings.is_production:
        console.print("[red]not available in production[/red]")
        raise typer.Exit(1)

    async def work(session: Any) -> str | None:
        account = await find_by_login_key(session, staff_login_key(username))
        secret = totp.stored_secret(session, account) if account else None
        return totp.current_code(secret, Clock().now()) if secret else None

    code = run_with_session(settings, work)
    if code is None:
        console.print(f"[red]{username} has no TOTP secret[/red]")
        raise typer.Exit(1)
    typer.echo(code)


def notifications(
    to: str | None = typer.Option(None, "--to", help="Only messages to this mobile."),
    limit: int = typer.Option(20, min=1, max=500, help="How many, newest first."),
) -> None:
    """Print the latest SMS/e-mails of the development channel (e.g. activation codes)."""
    from notifications.messages import recent_notifications

    settings = cli_settings()
    if settings.is_production:
        console.print("[red]the development channel is not used in production[/red]")
        raise typer.Exit(1)
    messages = run_with_session(
        settings, lambda session: recent_notifications(session, to=to, limit=limit)
    )
    if not messages:
        console.print("no notifications yet")
        return
    for message in messages:
        console.print(
            f"{message.created_at:%Y-%m-%d %H:%M:%S} UTC  {message.channel} → "
            f"{message.recipient}  [{message.template}]\n    {message.text}",
            markup=False,
            soft_wrap=True,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(admin_app, name="admin")
    app.command("notifications")(notifications)
