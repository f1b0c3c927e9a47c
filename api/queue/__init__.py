"""The job runner behind ``core.jobs``: procrastinate on PostgreSQL, an in-process runner on
SQLite. Both take the same ``TaskSpec`` list (``api.worker``) and give the sessions the
``JobQueue`` that defers into them."""

from __future__ import annotations

import asyncio
from typing import Protocol

from api.worker import TaskSpec
from core.jobs import JobQueue


class JobRunner(Protocol):
    queue: JobQueue
    """What sessions defer into (``session_factory(..., jobs=runner.queue)``)."""

    def register(self, tasks: list[TaskSpec]) -> None:
        """The tasks this runner runs (before ``open``)."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, stop: asyncio.Event) -> None:
        """Run jobs as they come, and the periodic ones on schedule, until ``stop``."""

    async def run_until_idle(self) -> int:
        """Run the start-up jobs and whatever is due, then return how many jobs ran."""


def build_runner(database_url: str, *, name: str = "medreg") -> JobRunner:
    if database_url.startswith("postgresql"):
        from api.queue.postgres import ProcrastinateRunner

        return ProcrastinateRunner(database_url, name=name)
    from api.queue.local import LocalRunner

    return LocalRunner()
