"""Background work: delivering notifications, signing pending licences, the daily expiry
sweep. ``medreg worker`` runs all three in one loop (any number of workers: PostgreSQL hands
each row to one of them); in development the serving process runs them in the background."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker

from certificates import service as licence_service
from certificates.errors import PkiMissing
from certificates.runtime import LicenceRuntime
from core.clock import SHANGHAI, Clock
from identity.delivery import deliver_once
from identity.runtime import IdentityRuntime
from registry.licensing import sign_due

log = structlog.get_logger("medreg.worker")

SIGN_BATCH = 5
"""Licences signed per transaction: short transactions, and on PostgreSQL a few rows locked
at a time, so several workers share a backlog."""


async def sign_round(
    sessions: async_sessionmaker[Any], runtime: LicenceRuntime, *, limit: int = SIGN_BATCH
) -> int:
    """Sign up to ``limit`` pending licences in one transaction; how many were signed."""
    pki = runtime.pki()
    async with sessions() as session:
        try:
            signed = await sign_due(session, pki, runtime.config, limit=limit)
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
    return signed


async def expire_round(sessions: async_sessionmaker[Any], today: date) -> int:
    async with sessions() as session:
        try:
            expired = await licence_service.expire_due(session, today)
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
    return expired


class LicenceJobs:
    """Signing and the daily sweep, as one step of a loop."""

    def __init__(
        self, sessions: async_sessionmaker[Any], runtime: LicenceRuntime, clock: Clock
    ) -> None:
        self.sessions, self.runtime, self.clock = sessions, runtime, clock
        self.swept_on: date | None = None
        self.pki_missing_logged = False

    async def step(self, *, limit: int = SIGN_BATCH) -> int:
        """Work done: licences signed (the sweep runs once a day, first thing)."""
        today = self.clock.now().astimezone(SHANGHAI).date()
        if self.swept_on != today:
            expired = await expire_round(self.sessions, today)
            self.swept_on = today
            if expired:
                log.info("licences expired", count=expired)
        try:
            signed = await sign_round(self.sessions, self.runtime, limit=limit)
        except PkiMissing as exc:
            if not self.pki_missing_logged:
                log.warning("licences wait for their keys", reason=str(exc))
                self.pki_missing_logged = True
            return 0
        self.pki_missing_logged = False
        if signed:
            log.info("licences signed", count=signed)
        return signed


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def licence_loop(
    jobs: LicenceJobs, *, stop: asyncio.Event, interval_s: float = 2.0, limit: int = 1
) -> None:
    """The serving process's signer: one licence per transaction, the event loop yielded
    between them, so requests keep flowing while a backlog is signed."""
    while not stop.is_set():
        try:
            busy = await jobs.step(limit=limit)
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
    jobs: LicenceJobs,
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
            delivered = await deliver_once(sessions, identity)
            if delivered:
                log.info("notifications delivered", count=delivered)
            done += delivered
        except Exception:
            log.exception("notification delivery round failed")
        try:
            done += await jobs.step()
        except Exception:
            log.exception("licence round failed")
        if not done:
            await _pause(stop, interval_s)


async def run_once(
    sessions: async_sessionmaker[Any], identity: IdentityRuntime, jobs: LicenceJobs
) -> tuple[int, int]:
    """Deliver what is due and sign every pending licence, then return (delivered, signed)."""
    delivered = await deliver_once(sessions, identity)
    signed = 0
    while batch := await jobs.step():
        signed += batch
    delivered += await deliver_once(sessions, identity)
    return delivered, signed
