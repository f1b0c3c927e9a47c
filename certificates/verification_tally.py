"""Verification counts by day without a write per scan: a scan stays a read-only transaction
(a QR check costs about a millisecond and readers never wait for a writer), the process adds
its outcome to an in-memory tally, and the tally is added to ``licence_verification_day`` in
one short transaction every minute and when the process stops. A crash loses at most a
minute of counts, which statistics can bear."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from certificates.models import VerificationDay
from certificates.scans import VerificationResult
from core.clock import SHANGHAI

FLUSH_SECONDS = 60.0
log = logging.getLogger(__name__)


class VerificationTally:
    def __init__(self) -> None:
        self._counts: Counter[tuple[date, str, str]] = Counter()

    def add(self, result: VerificationResult) -> None:
        day = result.status_as_of.astimezone(SHANGHAI).date()
        self._counts[(day, result.authority_code or "", result.status.value)] += 1

    async def flush(self, sessions: async_sessionmaker[AsyncSession]) -> int:
        """Adds the counts so far to the table and commits; returns how many were added."""
        counts, self._counts = self._counts, Counter()
        if not counts:
            return 0
        try:
            async with sessions() as session, session.begin():
                await add_counts(session, counts)
        except BaseException:
            self._counts.update(counts)  # kept for the next flush
            raise
        return sum(counts.values())

    async def flush_loop(
        self, sessions: async_sessionmaker[AsyncSession], stop: asyncio.Event
    ) -> None:
        """Flushes every minute until ``stop`` is set, then once more."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), FLUSH_SECONDS)
            try:
                await self.flush(sessions)
            except Exception:  # a database hiccup: the counts wait for the next flush
                log.warning("verification counts not saved yet", exc_info=True)


async def add_counts(session: AsyncSession, counts: Counter[tuple[date, str, str]]) -> None:
    keys = list(counts)
    existing = {
        (row.day, row.authority_code, row.outcome): row
        for row in (
            await session.scalars(
                select(VerificationDay)
                .where(VerificationDay.day.in_({k[0] for k in keys}))
                .with_for_update()
            )
        ).all()
    }
    for key in keys:
        row = existing.get(key)
        if row is None:
            day, authority, outcome = key
            session.add(
                VerificationDay(
                    day=day, authority_code=authority, outcome=outcome, verifications=counts[key]
                )
            )
        else:
            row.verifications += counts[key]
    await session.flush()
