"""``medreg worker``: the background jobs (licence signing, notifications, daily sweeps, PKI
upkeep, archive renewal) and audit checkpoints, beside the server."""

from __future__ import annotations

import contextlib
import os
import signal

import typer

from api.cli.common import cli_settings, console, signing_config_or_exit


def worker(
    once: bool = typer.Option(
        False, help="Run what is due (sign what waits, deliver, sweep), then exit."
    ),
) -> None:
    """Run background jobs: on PostgreSQL any number of workers share the queue
    (procrastinate); on SQLite the serving process usually runs them itself. Audit
    checkpoints are signed as the chain grows and when the worker stops."""
    import asyncio

    from api.audit import checkpoint_loop, write_checkpoint
    from api.composition import build_services, national_sync
    from api.queue import build_runner
    from api.worker import Background
    from core import faults
    from core.checkpoint_writer import CheckpointWriter
    from core.db import create_engine, session_factory

    # The fault tests' kill -9 at a chosen step (core/faults.py); unset in real use.
    faults.arm(os.environ.get("MEDREG_CRASH_AT"))
    settings = cli_settings()
    signing_config_or_exit(settings)

    async def main() -> None:
        runner = build_runner(settings.database_url, name="medreg-worker")
        engine = create_engine(settings.database_url)
        sessions = session_factory(engine, keyring=settings.keyring, jobs=runner.queue)
        services = build_services(settings, sessions)
        background = Background(
            sessions,
            services.licences,
            services.identity.channel,
            services.clock,
            national=national_sync(settings, services.licences),
            webhooks=services.webhooks,
        )
        runner.register(background.tasks())
        checkpoints = CheckpointWriter(sessions, settings.checkpoint_config())
        await runner.open()
        try:
            if once:
                ran = await runner.run_until_idle()
                done = background.done
                console.print(
                    f"ran {ran} jobs: delivered {done['delivered']}, signed {done['signed']} "
                    f"licences, expired {done['expired']}, synced {done['synced']} events"
                )
                await write_checkpoint(checkpoints, final=True)
                return
            # SIGTERM (a service manager) and Ctrl-C end the run between jobs, so the last
            # audit checkpoint is written before the process goes.
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            checkpointer = asyncio.create_task(checkpoint_loop(checkpoints, stop=stop))
            try:
                await runner.run(stop)
            finally:
                stop.set()
                await checkpointer
        finally:
            await runner.close()
            await engine.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
