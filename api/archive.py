"""Archive renewal runs (``medreg licences renew-archive`` and the worker's daily pass): one
short transaction per licence, so a run that stops resumes where it was, and one that runs
twice renews nothing twice (a renewed licence is no longer due)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from certificates import archive, lifecycle
from certificates.runtime import LicenceRuntime
from core.uow import unit_of_work

ARCHIVE_BATCH = 50


async def archive_round(
    sessions: async_sessionmaker[Any],
    runtime: LicenceRuntime,
    *,
    now: datetime,
    before: datetime | None = None,
    progress: Callable[[bool], None] | None = None,
) -> int:
    """Renew every licence whose archive ends before ``before`` (default: within
    ``archive.RENEWAL_WINDOW`` of ``now``); how many were renewed. ``progress`` is told
    after each licence looked at, whether it was renewed."""
    runtime.pki()  # PkiMissing before `medreg keys init`: nothing is signed, nothing to renew
    # The last time-stamp is checked as of now before it is re-stamped: a current CRL first.
    lifecycle.renew_crl(runtime.config, now)
    pki = runtime.pki()
    before = before or now + archive.RENEWAL_WINDOW
    renewed = 0
    after: uuid.UUID | None = None
    while True:
        async with unit_of_work(sessions) as session:
            batch = await archive.candidates(session, before, limit=ARCHIVE_BATCH, after=after)
        if not batch:
            return renewed
        for licence_id in batch:
            renew = partial(
                archive.renew_one,
                licence_id=licence_id,
                pki=pki,
                config=runtime.config,
                before=before,
                now=now,
            )
            async with unit_of_work(sessions) as session:
                done = await renew(session)
            renewed += done
            if progress is not None:
                progress(done)
        after = batch[-1]


async def due_count(sessions: async_sessionmaker[Any], before: datetime) -> int:
    async with unit_of_work(sessions) as session:
        return await archive.count_due(session, before)
