"""The ``medreg`` command line."""

from __future__ import annotations

import typer

from api.cli import audit, backup, demo, identity, licences, worker
from api.cli.common import cli_settings, console, signing_config_or_exit

app = typer.Typer(
    help="medreg: electronic registration of institutions, doctors and nurses.",
    no_args_is_help=True,
)
for commands in (identity, licences, demo, worker, audit, backup):
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


if __name__ == "__main__":
    app()
