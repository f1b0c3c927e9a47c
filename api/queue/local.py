"""The in-process runner of the SQLite default: the job queue in memory, jobs run one at a
time on the serving process's event loop (yielding between jobs, so requests keep flowing).

Jobs deferred in a transaction reach the runner when it commits and are dropped when it rolls
back. Nothing here survives a restart, and need not: every task keeps its work in its own
rows (an unsigned licence, an undelivered message), and the tasks marked ``on_start`` (the
recovery sweep among them) run when the runner starts. Semantics follow procrastinate's:
higher priority first, then oldest; one waiting job per queueing lock; retries with
exponential waits; periodic tasks by cron (UTC).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from dataclasses import dataclass, field, replace
from typing import Any

import structlog
from croniter import croniter
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from api.worker import TaskSpec
from core.jobs import Job, JobQueue

log = structlog.get_logger("medreg.jobs")
_PENDING = "local_jobs.pending"


@dataclass(order=True)
class _Entry:
    order: tuple[int, int]
    job: Job = field(compare=False)
    attempts: int = field(default=0, compare=False)


class LocalQueue(JobQueue):
    """Holds deferred jobs on the session until it commits, then hands them to the runner."""

    def __init__(self, runner: LocalRunner) -> None:
        self.runner = runner

    async def defer(self, session: AsyncSession, jobs: list[Job]) -> None:
        sync = session.sync_session
        if _PENDING not in sync.info:
            sync.info[_PENDING] = []
            event.listen(sync, "after_commit", self._committed)
            event.listen(sync, "after_soft_rollback", self._rolled_back)
        sync.info[_PENDING].extend(jobs)

    def _committed(self, sync: Session) -> None:
        pending: list[Job] = sync.info.get(_PENDING, [])
        for job in pending:
            self.runner.push(job)
        pending.clear()

    def _rolled_back(self, sync: Session, previous: SessionTransaction) -> None:
        if previous.parent is None:  # the whole transaction, not a savepoint within it
            sync.info.get(_PENDING, []).clear()


class LocalRunner:
    def __init__(self) -> None:
        self.queue: JobQueue = LocalQueue(self)
        self.specs: dict[str, TaskSpec] = {}
        self._ready: list[_Entry] = []
        self._later: list[tuple[float, int, _Entry]] = []
        self._waiting_locks: set[str] = set()
        self._sequence = itertools.count()
        self._wake = asyncio.Event()
        self._next_cron: dict[str, float] = {}

    def register(self, tasks: list[TaskSpec]) -> None:
        self.specs.update({spec.name: spec for spec in tasks})

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def push(self, job: Job, *, attempts: int = 0) -> None:
        """Queue a job (a duplicate of a waiting job's queueing lock is dropped)."""
        if job.queueing_lock is not None and attempts == 0:
            if job.queueing_lock in self._waiting_locks:
                return
            self._waiting_locks.add(job.queueing_lock)
        heapq.heappush(self._ready, _Entry((-job.priority, next(self._sequence)), job, attempts))
        self._wake.set()

    def _start_jobs(self, now: float) -> None:
        for spec in self.specs.values():
            if spec.on_start:
                self.push(_periodic_job(spec, now))
            if spec.cron:
                self._next_cron[spec.name] = croniter(spec.cron, now).get_next(float)

    def _due(self, now: float) -> float:
        """Queue what is due now; the seconds until something else will be."""
        for name, at in list(self._next_cron.items()):
            if at <= now:
                spec = self.specs[name]
                self.push(_periodic_job(spec, at))
                self._next_cron[name] = croniter(spec.cron, now).get_next(float)
        while self._later and self._later[0][0] <= now:
            _, _, entry = heapq.heappop(self._later)
            heapq.heappush(self._ready, entry)
        upcoming = [*self._next_cron.values(), *(at for at, _, _ in self._later[:1])]
        return max(0.0, min(upcoming) - now) if upcoming else 3600.0

    def _pop(self) -> _Entry | None:
        if not self._ready:
            return None
        entry = heapq.heappop(self._ready)
        if entry.job.queueing_lock is not None and entry.attempts == 0:
            self._waiting_locks.discard(entry.job.queueing_lock)
        return entry

    async def _execute(self, entry: _Entry) -> None:
        spec = self.specs.get(entry.job.task)
        if spec is None:
            log.error("no such task", task=entry.job.task)
            return
        try:
            await spec.run(**entry.job.args)
        except Exception:
            attempts = entry.attempts + 1
            retry = spec.retry
            if retry is None or attempts >= retry.attempts:
                log.exception("job failed", task=spec.name, attempts=attempts)
                return
            wait = retry.exponential_wait ** (attempts + 1)
            log.warning("job failed; retrying", task=spec.name, attempts=attempts, wait_s=wait)
            later = replace(entry, attempts=attempts)
            heapq.heappush(self._later, (time.time() + wait, next(self._sequence), later))

    async def run(self, stop: asyncio.Event) -> None:
        self._start_jobs(time.time())
        while not stop.is_set():
            self._wake.clear()
            idle_for = self._due(time.time())
            entry = self._pop()
            if entry is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(_first(stop, self._wake), timeout=idle_for + 0.5)
                continue
            await self._execute(entry)
            await asyncio.sleep(0)  # requests waiting on the event loop go first

    async def run_until_idle(self) -> int:
        self._start_jobs(time.time())
        ran = 0
        while (entry := self._pop()) is not None:
            await self._execute(entry)
            ran += 1
        return ran


def _periodic_job(spec: TaskSpec, at: float) -> Job:
    args: dict[str, Any] = {"timestamp": int(at)}
    return Job(spec.name, args, spec.priority, queueing_lock=spec.queueing_lock)


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
