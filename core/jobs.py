"""Background jobs, as the domains see them: a named task, its JSON arguments and a priority,
deferred in the caller's transaction so the job exists exactly when the change it follows
commits.

The runner behind ``JobQueue`` is wired in ``api/``: procrastinate on PostgreSQL
(``api/queue/procrastinate.py``), an in-process runner on SQLite (``api/queue/local.py``).
Domain packages call ``defer`` and never import either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.slots import Slot


class Priority(IntEnum):
    """Higher runs first. Jobs of one priority run oldest first."""

    BULK = -100
    """A backlog nobody waits for: an import, a demo load."""
    ROUTINE = 0
    """Sweeps and deliveries."""
    FRESH = 100
    """Someone is waiting: a decision made just now, a licence opened by its holder."""


@dataclass(frozen=True)
class Job:
    task: str
    """The task's registered name, e.g. ``licences.sign``."""
    args: Mapping[str, Any] = field(default_factory=dict)
    """Keyword arguments of the task: JSON values only."""
    priority: int = Priority.ROUTINE
    lock: str | None = None
    """Jobs sharing a lock run one at a time, in priority order."""
    queueing_lock: str | None = None
    """At most one waiting job per queueing lock: deferring another one is a no-op."""


class JobQueue:
    """Where jobs go. ``defer`` writes in the session's transaction (nothing is queued if it
    rolls back); the runner picks the jobs up after the commit."""

    async def defer(self, session: AsyncSession, jobs: list[Job]) -> None:
        raise NotImplementedError


class DurableStateOnly(JobQueue):
    """No runner attached to this session (a test, a one-off script): nothing is queued.
    Every task whose work matters keeps it in its own rows (an unsigned licence, an
    undelivered outbox event) and a runner's recovery sweep finds it there."""

    async def defer(self, session: AsyncSession, jobs: list[Job]) -> None:
        return None


DURABLE_STATE_ONLY = DurableStateOnly()
JOB_QUEUE: Slot[JobQueue] = Slot("job_queue", JobQueue, lambda _session: DURABLE_STATE_ONLY)


async def defer(session: AsyncSession, *jobs: Job) -> None:
    """Queue ``jobs`` in the session's transaction."""
    if jobs:
        await JOB_QUEUE.of(session).defer(session, list(jobs))
