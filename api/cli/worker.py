"""``medreg worker``: notifications, licence signing and daily expiry, beside the server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

import typer

from api.cli.common import cli_settings, console, signing_config_or_exit


def worker(
    once: bool = typer.Option(False, help="Do what is due (deliver, sign everything), then exit."),
    interval: float = typer.Option(2.0, min=0.1, help="Seconds between idle rounds."),
) -> None:
    """Deliver queued notifications, sign pending licences, expire lapsed ones daily and
    sign audit checkpoints (run one or more next to `medreg serve`; they share the work
    safely on PostgreSQL)."""
    from api.audit import checkpoint_loop, write_checkpoint
    from api.composition import build_services
    from api.worker import LicenceJobs, run_once, worker_loop
    from core import faults
    from core.checkpoint_writer import CheckpointWriter
    from core.db import create_engine, session_factory

    # The fault tests' kill -9 at a chosen step (core/faults.py); unset in real use.
    faults.arm(os.environ.get("MEDREG_CRASH_AT"))
    settings = cli_settings()
    signing_config_or_exit(settings)

    async def main() -> None:
        engine = create_engine(settings.database_url)
        services = build_services(settings, session_factory(engine, keyring=settings.keyring))
        sessions, runtime = services.sessions, services.identity
        jobs = LicenceJobs(sessions, services.licences, services.clock)
        checkpoints = CheckpointWriter(sessions, settings.checkpoint_config())
        try:
            if once:
                delivered, signed = await run_once(sessions, runtime, jobs)
                console.print(f"delivered {delivered}, signed {signed} licences")
                await write_checkpoint(checkpoints, final=True)
                return
            # SIGTERM (a service manager) and Ctrl-C end the loop between rounds, so the
            # last audit checkpoint is written before the process goes.
            stop = asyncio.Event()
            for signum in (signal.SIGINT, signal.SIGTERM):
                asyncio.get_running_loop().add_signal_handler(signum, stop.set)
            checkpointer = asyncio.create_task(checkpoint_loop(checkpoints, stop=stop))
            try:
                await worker_loop(sessions, runtime, jobs, stop=stop, interval_s=interval)
            finally:
                stop.set()
                await checkpointer
        finally:
            await engine.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
