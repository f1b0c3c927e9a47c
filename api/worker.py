"""Background work: delivering notifications, signing pending licences, the daily expiry
sweep, PKI maintenance (CRL renewal, expiry warnings) and the daily archive renewal.
``medreg worker`` runs them in one loop (any number of workers: PostgreSQL hands each row to
one of them); in development the serving process runs them in the background."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.archive import archive_round
from certificates import jobs, lifecycle
from certificates import service as licence_service
from certificates.errors import PkiMissing
from certificates.runtime import LicenceRuntime
from core.clock import SHANGHAI, Clock
from core.uow import unit_of_work
from identity.runtime import IdentityRuntime
from notifications.delivery import deliver_once

log = structlog.get_logger("medreg.worker")
T = TypeVar("T")

SIGN_BATCH = 5
"""Licences a worker claims at a time: small, so several workers share a backlog."""

MAINTENANCE_EVERY = timedelta(minutes=10)
"""How often the loop looks at the PKI (a CRL is renewed ten days before it would lapse)."""


async def _in_transaction(
    sessions: async_sessionmaker[Any], work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    async with unit_of_work(sessions) as session:
        return await work(session)


async def _store(licence_id: uuid.UUID, signed: jobs.SignedLicence, session: AsyncSession) -> bool:
    return await jobs.store_signed(session, licence_id, signed) is not None


async def sign_round(
    sessions: async_sessionmaker[Any], runtime: LicenceRuntime, *, limit: int = SIGN_BATCH
) -> int:
    """Claim up to ``limit`` pending licences, sign each outside any transaction and store it;
    how many were stored. A licence that fails is logged and retried when its claim lapses."""
    pki = runtime.pki()
    claimed = await _in_transaction(
        sessions, lambda session: jobs.claim_for_signing(session, limit=limit)
    )
    stored = 0
    for item in claimed:
        try:
            signed = await jobs.prepare_signed(item.data, item.token, pki, runtime.config)
        except Exception:
            log.exception("licence signing failed", licence_id=str(item.id))
            continue
        stored += await _in_transaction(sessions, partial(_store, item.id, signed))
        await asyncio.sleep(0)  # requests waiting on the event loop go first
    return stored


async def expire_round(sessions: async_sessionmaker[Any], today: date) -> int:
    return await _in_transaction(
        sessions, lambda session: licence_service.expire_due(session, today)
    )


class LicenceJobs:
    """Signing and the daily sweep, as one step of a loop."""

    def __init__(
        self, sessions: async_sessionmaker[Any], runtime: LicenceRuntime, clock: Clock
    ) -> None:
        self.sessions, self.runtime, self.clock = sessions, runtime, clock
        self.swept_on: date | None = None
        self.pki_missing_logged = False
        self.backlog_signed = 0
        self.maintained_at: datetime | None = None
        self.warned_on: date | None = None
        self.archived_on: date | None = None

    async def _maintain_or_log(self, now: datetime, today: date) -> None:
        try:
            await self.maintain(now, today)
        except PkiMissing:
            raise
        except Exception:
            log.exception("PKI maintenance failed")  # signing goes on with what is there

    async def maintain(self, now: datetime, today: date) -> None:
        """Renew the CRL when due and warn (once a day) about certificates near their end;
        renew due archives once a day. Every ``MAINTENANCE_EVERY`` at most."""
        if self.maintained_at is not None and abs(now - self.maintained_at) < MAINTENANCE_EVERY:
            return
        self.maintained_at = now
        done = lifecycle.maintain(self.runtime.config, now)
        if done.crl_renewed_until is not None:
            log.info("CRL renewed", next_update=done.crl_renewed_until.isoformat())
        if done.due and self.warned_on != today:
            for row in done.due:
                log.warning(
                    "PKI renewal due", what=row.describe(), remaining_days=row.remaining.days
                )
            self.warned_on = today
        if self.archived_on != today:
            renewed = await archive_round(self.sessions, self.runtime, now=now)
            self.archived_on = today
            if renewed:
                log.info("licence archives renewed", count=renewed)

    async def step(self, *, limit: int = SIGN_BATCH) -> int:
        """Work done: licences signed (the sweep runs once a day, first thing)."""
        now = self.clock.now()
        today = now.astimezone(SHANGHAI).date()
        if self.swept_on != today:
            expired = await expire_round(self.sessions, today)
            self.swept_on = today
            if expired:
                log.info("licences expired", count=expired)
        try:
            await self._maintain_or_log(now, today)
            signed = await sign_round(self.sessions, self.runtime, limit=limit)
        except PkiMissing as exc:
            if not self.pki_missing_logged:
                log.warning("licences wait for their keys", reason=str(exc))
                self.pki_missing_logged = True
            return 0
        self.pki_missing_logged = False
        # One line per backlog worked off, not one per round.
        self.backlog_signed += signed
        if not signed and self.backlog_signed:
            log.info("licences signed", count=self.backlog_signed)
            self.backlog_signed = 0
        return signed


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def licence_loop(
    licence_jobs: LicenceJobs, *, stop: asyncio.Event, interval_s: float = 2.0, limit: int = 1
) -> None:
    """The serving process's signer: one licence at a time, the event loop yielded between
    them, so requests keep flowing while a backlog is signed."""
    while not stop.is_set():
        try:
            busy = await licence_jobs.step(limit=limit)
        except Exception:
            log.exception("licence round failed")
            busy = 0
        if busy:
            await asyncio.sleep(0)
        else:
            await _pause(stop, interval_s)


async def worker_loop(
    sessions: async_sessionmaker[Any],
    identity: IdentityRuntime,
    licence_jobs: LicenceJobs,
    *,
    stop: asyncio.Event | None = None,
    interval_s: float = 2.0,
) -> None:
    """``medreg worker``: notifications, then licences, until ``stop``; a failing round is
    logged and the loop goes on."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        done = 0
        try:
            delivered = await deliver_once(sessions, identity.channel)
            if delivered:
                log.info("notifications delivered", count=delivered)
            done += delivered
        except Exception:
            log.exception("notification delivery round failed")
        try:
            done += await licence_jobs.step()
        except Exception:
            log.exception("licence round failed")
        if not done:
            await _pause(stop, interval_s)


async def run_once(
    sessions: async_sessionmaker[Any], identity: IdentityRuntime, licence_jobs: LicenceJobs
) -> tuple[int, int]:
    """Deliver what is due and sign every pending licence, then return (delivered, signed)."""
    delivered = await deliver_once(sessions, identity.channel)
    signed = 0
    while batch := await licence_jobs.step():
        signed += batch
    delivered += await deliver_once(sessions, identity.channel)
    return delivered, signed
