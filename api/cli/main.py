"""The ``medreg`` command line."""

from __future__ import annotations

from typing import Any

import typer

from api.cli import (
    audit,
    backup,
    clients,
    demo,
    identity,
    imports,
    interop,
    licences,
    statistics,
    worker,
)
from api.cli.common import cli_settings, console, signing_config_or_exit

app = typer.Typer(
    help="medreg: electronic registration of institutions, doctors and nurses.",
    no_args_is_help=True,
    # Click's plain help and errors: typer's rich panels import Markdown, Pygments and rich's
    # tracebacks, a third of `medreg --help`.
    rich_markup_mode=None,
)
for commands in (
    identity,
    licences,
    demo,
    worker,
    audit,
    backup,
    imports,
    interop,
    clients,
    statistics,
):
    commands.register(app)


@app.command()
def migrate(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Bring the database schema up to date."""
    from api.migrate import upgrade

    settings = cli_settings()
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

    settings = cli_settings()
    settings.keyring  # noqa: B018 - fail fast on a missing key, and create the dev key once
    signing_config_or_exit(settings)  # a missing licence font stops start-up here, clearly
    if workers > 1 and settings.throttle_storage_uri.startswith("memory"):
        console.print(
            "[yellow]MEDREG_THROTTLE_STORAGE_URI is memory://: each of the "
            f"{workers} processes counts failed sign-ins on its own; set redis://… to share "
            "the counters[/yellow]"
        )
    options: dict[str, Any] = {
        "host": host or settings.host,
        "port": port or settings.port,
        "proxy_headers": True,
        # Only these peers may say who the client is (X-Forwarded-For): the throttles count
        # per client address, so a header from anyone else must not pick the address.
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "log_config": None,
        "access_log": False,
    }
    if workers > 1 and not reload:  # the app imported once, the workers forked from it
        from api.serving import serve_forked

        raise typer.Exit(serve_forked(uvicorn.Config("api.main:app", **options), workers))
    uvicorn.run("api.main:app", reload=reload, **options)


if __name__ == "__main__":
    app()
