"""Background work as tasks of the job queue: signing licences, the daily expiry sweep,
notification delivery, the sweep that queues again what a lost job left behind, PKI upkeep
(CRL renewal, expiry warnings) and the daily archive renewal of stored licences.

The runner (``api/queue``) calls these handlers: procrastinate's workers on PostgreSQL, the
in-process runner on SQLite. A later task (CRL renewal, archive time-stamps, audit
checkpoints, national sync, webhooks) is one more handler and one more ``TaskSpec``.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.archive import archive_round
from certificates import jobs, lifecycle
from certificates import service as licence_service
from certificates.errors import PkiMissing
from certificates.runtime import LicenceRuntime
from core.clock import SHANGHAI, Clock
from core.jobs import Priority, defer
from core.uow import unit_of_work
from interop.hooks import Webhooks
from interop.sync.runtime import SYNC_TASK, NationalSync
from notifications.delivery import ChannelFactory, deliver_due
from notifications.messages import DELIVER_TASK
from registry.licences.issuance import announce_signed
from registry.statistics import summary as statistics_summary

log = structlog.get_logger("medreg.worker")
T = TypeVar("T")

EXPIRE_TASK = "licences.expire"
REQUEUE_TASK = "licences.requeue"
MAINTAIN_TASK = "pki.maintain"
ARCHIVE_TASK = "licences.renew_archive"
WEBHOOK_TASK = "webhooks.deliver"
REQUEUE_BATCH = 1_000
"""Licences one recovery sweep queues again (the next sweep takes the rest)."""


@dataclass(frozen=True)
class Retry:
    """A failed job runs again, at most ``attempts`` times in all, after
    ``exponential_wait ** (attempts so far + 1)`` seconds (procrastinate's formula)."""

    attempts: int
    exponential_wait: int


@dataclass(frozen=True)
class TaskSpec:
    """A task as every runner registers it."""

    name: str
    run: Callable[..., Awaitable[object]]
    """The handler; its keyword arguments are the job's (periodic runs get ``timestamp``)."""
    retry: Retry | None = None
    cron: str | None = None
    """Run periodically on this schedule (UTC); once per slot however many workers run."""
    on_start: bool = False
    """Also run when a runner starts: catch up on a slot missed while nothing ran."""
    priority: int = Priority.ROUTINE
    """Of its periodic and start-up runs."""
    queueing_lock: str | None = None


async def _in_transaction(
    sessions: async_sessionmaker[Any], work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    async with unit_of_work(sessions) as session:
        return await work(session)


class Background:
    """The handlers, bound to what they need. ``sessions`` carry the job queue, so work a
    handler defers goes to the same runner."""

    def __init__(
        self,
        sessions: async_sessionmaker[Any],
        licences: LicenceRuntime,
        channel: ChannelFactory,
        clock: Clock,
        *,
        national: NationalSync | None = None,
        webhooks: Webhooks | None = None,
    ) -> None:
        self.sessions, self.licences, self.channel, self.clock = sessions, licences, channel, clock
        self.national = national
        """The national platform sync, when ``MEDREG_NATIONAL_URL`` is set."""
        self.webhooks = webhooks
        """Employers' webhooks (the app and the worker always pass them)."""
        self.pki_missing_logged = False
        self.warned_on: date | None = None
        self.done: Counter[str] = Counter()
        """What this process's jobs did: ``signed``, ``delivered``, ``expired``."""

    async def sign_licence(self, licence_id: str) -> bool:
        """Sign one licence; in the transaction that stores the PDF, tell its holder. ``False``
        when it was signed already or another signer holds it."""
        try:
            pki = self.licences.pki()
        except PkiMissing as exc:
            if not self.pki_missing_logged:
                log.warning("licences wait for their keys", reason=str(exc))
                self.pki_missing_logged = True
            raise
        self.pki_missing_logged = False
        key = uuid.UUID(licence_id)
        claimed = await _in_transaction(self.sessions, lambda s: jobs.claim(s, key))
        if claimed is None:
            return False
        try:
            signed = await jobs.prepare_signed(
                claimed.data, claimed.token, pki, self.licences.config
            )
        except Exception:
            await _in_transaction(self.sessions, lambda s: jobs.release(s, key))
            raise
        async with unit_of_work(self.sessions) as session:
            stored = await jobs.store_signed(session, key, signed) is not None
            if stored and claimed.announce:
                await announce_signed(session, key)
        self.done["signed"] += stored
        return stored

    async def expire_licences(self, timestamp: int | None = None) -> int:
        """The daily sweep: VALID licences past their last day become EXPIRED."""
        today: date = self.clock.now().astimezone(SHANGHAI).date()
        expired = await _in_transaction(
            self.sessions, lambda s: licence_service.expire_due(s, today)
        )
        if expired:
            log.info("licences expired", count=expired)
        self.done["expired"] += expired
        return expired

    async def refresh_statistics(self, timestamp: int | None = None) -> int:
        """Rebuild the statistics' materialised summary (every 10 minutes and at start)."""
        periods = await _in_transaction(self.sessions, statistics_summary.refresh)
        await statistics_summary.tidy(self.sessions)
        return periods

    async def requeue_licences(self, timestamp: int | None = None) -> int:
        """Queue a signing job for each licence that waits for one (a job that was lost,
        failed for good, or never queued because its session had no runner)."""

        async def work(session: AsyncSession) -> int:
            waiting = await jobs.waiting(session, limit=REQUEUE_BATCH)
            await defer(session, *(jobs.sign_job(key, priority) for key, priority in waiting))
            return len(waiting)

        return await _in_transaction(self.sessions, work)

    async def maintain_pki(self, timestamp: int | None = None) -> None:
        """Renew the CRL when due; warn (once a day per process) about certificates near
        their end. Cheap when nothing is due: one small file is read."""
        now: datetime = self.clock.now()
        try:
            done = lifecycle.maintain(self.licences.config, now)
        except PkiMissing:
            return  # signing says so once; nothing to maintain yet
        if done.crl_renewed_until is not None:
            log.info("CRL renewed", next_update=done.crl_renewed_until.isoformat())
        today = now.astimezone(SHANGHAI).date()
        if done.due and self.warned_on != today:
            for row in done.due:
                log.warning(
                    "PKI renewal due", what=row.describe(), remaining_days=row.remaining.days
                )
            self.warned_on = today

    async def renew_archives(self, timestamp: int | None = None) -> int:
        """A fresh document time-stamp on stored licences whose last one nears its end."""
        try:
            renewed = await archive_round(self.sessions, self.licences, now=self.clock.now())
        except PkiMissing:
            return 0
        if renewed:
            log.info("licence archives renewed", count=renewed)
        return renewed

    async def deliver_notifications(self, timestamp: int | None = None) -> int:
        delivered = await deliver_due(self.sessions, self.channel)
        if delivered:
            log.info("notifications delivered", count=delivered)
        self.done["delivered"] += delivered
        return delivered

    async def sync_national(self, timestamp: int | None = None) -> int:
        """Push due registration and licence events to the national platform, in order per
        person; failures wait for their backoff (the next run takes them)."""
        if self.national is None:
            return 0
        try:
            done = await self.national.run(self.sessions)
        except PkiMissing:
            return 0  # no signing key yet: events wait in the outbox
        if done.delivered or done.failed:
            log.info("national sync", delivered=done.delivered, failed=done.failed, dead=done.dead)
        self.done["synced"] += done.delivered
        return done.delivered

    async def deliver_webhooks(self, timestamp: int | None = None) -> int:
        """Employers' webhooks: new licence status changes, then the retries that are due."""
        if self.webhooks is None:
            return 0
        delivered, failed = await self.webhooks.run(self.sessions)
        if delivered or failed:
            log.info("webhooks", delivered=delivered, failed=failed)
        return delivered

    def tasks(self) -> list[TaskSpec]:
        return [*self._licence_tasks(), *self._national_tasks()]

    def _national_tasks(self) -> list[TaskSpec]:
        tasks = []
        if self.webhooks is not None:
            tasks.append(
                TaskSpec(
                    WEBHOOK_TASK,
                    self.deliver_webhooks,
                    cron="* * * * *",
                    on_start=True,
                    queueing_lock=WEBHOOK_TASK,
                )
            )
        if self.national is None:
            return tasks
        return [
            *tasks,
            TaskSpec(
                SYNC_TASK,
                self.sync_national,
                cron="* * * * *",
                on_start=True,
                queueing_lock=SYNC_TASK,
            ),
        ]

    def _licence_tasks(self) -> list[TaskSpec]:
        return [
            TaskSpec(
                jobs.SIGN_TASK, self.sign_licence, retry=Retry(attempts=5, exponential_wait=3)
            ),
            # 00:05 in Shanghai.
            TaskSpec(
                EXPIRE_TASK,
                self.expire_licences,
                cron="5 16 * * *",
                on_start=True,
                queueing_lock=EXPIRE_TASK,
            ),
            TaskSpec(
                REQUEUE_TASK,
                self.requeue_licences,
                cron="*/10 * * * *",
                on_start=True,
                queueing_lock=REQUEUE_TASK,
            ),
            TaskSpec(
                statistics_summary.REFRESH_TASK,
                self.refresh_statistics,
                cron="*/10 * * * *",
                on_start=True,
                priority=Priority.BULK,
                queueing_lock=statistics_summary.REFRESH_TASK,
            ),
            TaskSpec(
                MAINTAIN_TASK,
                self.maintain_pki,
                cron="*/10 * * * *",
                on_start=True,
                queueing_lock=MAINTAIN_TASK,
            ),
            # 01:30 in Shanghai.
            TaskSpec(
                ARCHIVE_TASK,
                self.renew_archives,
                cron="30 17 * * *",
                on_start=True,
                priority=Priority.BULK,
                queueing_lock=ARCHIVE_TASK,
            ),
            # Each message queues a delivery; the minutely run retries failed deliveries.
            TaskSpec(
                DELIVER_TASK,
                self.deliver_notifications,
                retry=Retry(attempts=3, exponential_wait=3),
                cron="* * * * *",
                on_start=True,
                priority=Priority.FRESH,
                queueing_lock=DELIVER_TASK,
            ),
        ]
