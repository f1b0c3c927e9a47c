"""``medreg worker``: notifications, licence signing and daily expiry, beside the server."""

from __future__ import annotations

import asyncio
import contextlib

import typer

from api.cli.common import cli_settings, console, signing_config_or_exit


def worker(
    once: bool = typer.Option(False, help="Do what is due (deliver, sign everything), then exit."),
    interval: float = typer.Option(2.0, min=0.1, help="Seconds between idle rounds."),
) -> None:
    """Deliver queued notifications, sign pending licences and expire lapsed ones daily
    (run one or more next to `medreg serve`; they share the work safely on PostgreSQL)."""
    from api.worker import LicenceJobs, run_once, worker_loop
    from core.clock import Clock
    from core.db import create_engine, session_factory
    from identity.runtime import IdentityRuntime

    settings = cli_settings()
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
                console.print(f"delivered {delivered}, signed {signed} licences")
            else:
                await worker_loop(sessions, runtime, jobs, interval_s=interval)
        finally:
            await engine.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
