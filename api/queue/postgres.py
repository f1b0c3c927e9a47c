"""procrastinate on PostgreSQL: jobs are rows of ``procrastinate_jobs`` (its schema is applied by
our migration ``0008_job_queue``), fetched by any number of ``medreg worker`` processes with
``FOR UPDATE SKIP LOCKED``, highest priority first, with locks, queueing locks, retries and
periodic tasks deferred once per slot whatever the number of workers.

Deferring runs on the session's own connection, inside its transaction: the job exists
exactly when the change that asked for it commits. A duplicate of a waiting job's queueing
lock would abort that transaction, so each such job is inserted under a savepoint.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from procrastinate import App, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.jobs import Status
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.worker import TaskSpec
from core.jobs import Job, JobQueue

log = structlog.get_logger("medreg.jobs")

STALLED_TASK = "jobs.retry_stalled"
STALLED_AFTER = 60.0
"""Seconds without a heartbeat (workers send one every ten) before a worker's jobs return."""


def conninfo(database_url: str) -> str:
    """The libpq address of a SQLAlchemy URL (``postgresql+psycopg://…``)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class ProcrastinateQueue(JobQueue):
    def __init__(self, app: App) -> None:
        self.app = app

    async def defer(self, session: AsyncSession, jobs: list[Job]) -> None:
        for job in jobs:
            try:
                async with session.begin_nested():
                    connection = await (await session.connection()).get_raw_connection()
                    deferrer = self.app.configure_task(
                        job.task,
                        priority=job.priority,
                        lock=job.lock,
                        queueing_lock=job.queueing_lock,
                        connection=connection.driver_connection,
                    )
                    await deferrer.defer_async(**job.args)
            except AlreadyEnqueued:
                continue


class ProcrastinateRunner:
    def __init__(self, database_url: str, *, name: str = "medreg") -> None:
        self.name = name
        self.app = App(
            connector=PsycopgConnector(conninfo=conninfo(database_url), min_size=1, max_size=4)
        )
        self.queue: JobQueue = ProcrastinateQueue(self.app)
        self.specs: list[TaskSpec] = []
        self.ran = 0
        """Jobs this runner has started."""
        self._register_stalled_retry()

    def register(self, tasks: list[TaskSpec]) -> None:
        for spec in tasks:
            retry = (
                RetryStrategy(
                    max_attempts=spec.retry.attempts,
                    exponential_wait=spec.retry.exponential_wait,
                )
                if spec.retry
                else False
            )
            task = self.app.task(name=spec.name, retry=retry, pass_context=False)(
                self._counted(spec.run)
            )
            if spec.cron:
                self.app.periodic(
                    cron=spec.cron,
                    periodic_id=spec.name,
                    priority=spec.priority,
                    queueing_lock=spec.queueing_lock,
                )(task)
        self.specs.extend(tasks)

    def _register_stalled_retry(self) -> None:
        async def retry_stalled(timestamp: int | None = None) -> int:
            return await self.retry_stalled_jobs()

        task = self.app.task(name=STALLED_TASK, pass_context=False)(retry_stalled)
        self.app.periodic(cron="*/5 * * * *", periodic_id=STALLED_TASK)(task)

    async def retry_stalled_jobs(self) -> int:
        """Jobs of a worker that stopped sending heartbeats (killed, its host gone) go back
        to the queue. One whose queueing lock another waiting job holds is closed instead:
        that job does the same work."""
        manager = self.app.job_manager
        stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER))
        for job in stalled:
            try:
                await manager.retry_job(job)
            except UniqueViolation:
                await manager.finish_job(job, status=Status.FAILED, delete_job=False)
        if stalled:
            log.warning("stalled jobs retried", count=len(stalled))
        return len(stalled)

    async def open(self) -> None:
        await self.app.open_async()

    async def close(self) -> None:
        await self.app.close_async()

    async def _defer_start_jobs(self) -> None:
        for spec in self.specs:
            if not spec.on_start:
                continue
            deferrer = self.app.configure_task(
                spec.name, priority=spec.priority, queueing_lock=spec.queueing_lock
            )
            with contextlib.suppress(AlreadyEnqueued):
                await deferrer.defer_async(timestamp=None)

    def _worker_options(self) -> dict[str, Any]:
        # Signing is CPU work: one job at a time per process; scale with processes.
        return {
            "name": self.name,
            "concurrency": 1,
            "install_signal_handlers": False,
            "delete_jobs": "successful",
        }

    async def run(self, stop: asyncio.Event) -> None:
        await self._defer_start_jobs()
        worker = asyncio.create_task(self.app.run_worker_async(**self._worker_options()))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not worker.done():
            worker.cancel()  # procrastinate finishes the running job, then stops
        with contextlib.suppress(asyncio.CancelledError):
            await worker

    async def run_until_idle(self) -> int:
        await self.retry_stalled_jobs()
        await self._defer_start_jobs()
        before = self.ran
        await self.app.run_worker_async(**self._worker_options(), wait=False, listen_notify=False)
        return self.ran - before

    def _counted(self, run: Callable[..., Awaitable[object]]) -> Callable[..., Awaitable[object]]:
        async def counted(**kwargs: Any) -> object:
            self.ran += 1
            return await run(**kwargs)

        return counted
