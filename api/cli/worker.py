"""``medreg worker``: runs the background jobs (licence signing, deliveries, sweeps) beside the
servers."""

from __future__ import annotations

import asyncio
import contextlib
import signal

import typer

from api.cli.common import cli_settings, console, signing_config_or_exit


def worker(
    once: bool = typer.Option(
        False, help="Run what is due (sign what waits, deliver, sweep), then exit."
    ),
) -> None:
    """Run background jobs: on PostgreSQL any number of workers share the queue
    (procrastinate); on SQLite the serving process usually runs them itself."""
    from api.queue import build_runner
    from api.worker import Background
    from core.clock import Clock
    from core.db import create_engine, session_factory
    from identity.runtime import IdentityRuntime

    settings = cli_settings()
    signing_config_or_exit(settings)
    identity = IdentityRuntime.build(settings.identity_config())

    async def main() -> None:
        runner = build_runner(settings.database_url, name="medreg-worker")
        engine = create_engine(settings.database_url)
        sessions = session_factory(engine, keyring=settings.keyring, jobs=runner.queue)
        background = Background(sessions, settings.licence_runtime(), identity.channel, Clock())
        runner.register(background.tasks())
        await runner.open()
        try:
            if once:
                ran = await runner.run_until_idle()
                done = background.done
                console.print(
                    f"ran {ran} jobs: delivered {done['delivered']}, signed {done['signed']} "
                    f"licences, expired {done['expired']}"
                )
            else:
                stop = asyncio.Event()
                loop = asyncio.get_running_loop()
                for signum in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(signum, stop.set)
                await runner.run(stop)
        finally:
            await runner.close()
            await engine.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
