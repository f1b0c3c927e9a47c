"""``medreg clients``: machine clients (other systems, employers) and their credentials."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from api.cli.common import cli_settings, console, run_with_session

clients_app = typer.Typer(help="OAuth 2.0 machine clients.", no_args_is_help=True)


@clients_app.command("create")
def create(
    name: str = typer.Option(..., help="Who the client is (an employer, a system)."),
    scopes: str = typer.Option(
        "fhir.read", help="Comma-separated: fhir.read, verify.bulk, webhooks."
    ),
    rate_limit: str = typer.Option("600/minute;20000/day", help="Requests allowed."),
) -> None:
    """Create a client; its secret is printed once and stored only as a hash."""
    from core.errors import ValidationFailed
    from interop.clients.service import create as create_client

    async def work(session: Any) -> Any:
        return await create_client(
            session, name=name, scopes=scopes.split(","), rate_limit=rate_limit
        )

    try:
        made = run_with_session(cli_settings(), work)
    except ValidationFailed as exc:
        for p in exc.problems:
            console.print(f"[red]{p.field}: {p.code} ({p.message})[/red]")
        raise typer.Exit(2) from None
    console.print(f"client_id     {made.client.client_id}")
    console.print(f"client_secret {made.secret}")
    console.print(f"scopes        {' '.join(made.client.scopes)}")
    console.print("[yellow]the secret is shown only now: store it safely[/yellow]")


@clients_app.command("list")
def list_clients() -> None:
    """Every client, revoked ones included."""
    from interop.clients.service import listing

    rows = run_with_session(cli_settings(), listing)
    table = Table("name", "scopes", "rate limit", "created", "revoked")
    table.add_column("client_id", no_wrap=True)
    for row in rows:
        table.add_row(
            row.name,
            " ".join(row.scopes),
            row.rate_limit,
            row.created_at.isoformat(timespec="seconds"),
            row.revoked_at.isoformat(timespec="seconds") if row.revoked_at else "",
            row.client_id,
        )
    console.print(table)


@clients_app.command("revoke")
def revoke(client_id: str = typer.Argument(..., help="The client to lock out.")) -> None:
    """Revoke a client: no new token, and its current tokens are refused at once."""
    from interop.clients.service import ClientNotFound
    from interop.clients.service import revoke as revoke_client

    try:
        run_with_session(cli_settings(), lambda s: revoke_client(s, client_id))
    except ClientNotFound:
        console.print("[red]no such client[/red]")
        raise typer.Exit(1) from None
    console.print(f"{client_id} revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(clients_app, name="clients")
