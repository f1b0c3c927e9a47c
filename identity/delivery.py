"""The delivery loop: ``medreg worker`` runs it; in development the app runs it too, so
notifications that other requests queued go out within a second or two."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker

from core.uow import unit_of_work
from identity.notifications import deliver_pending
from identity.runtime import IdentityRuntime

log = structlog.get_logger("medreg.delivery")


async def deliver_once(sessions: async_sessionmaker[Any], runtime: IdentityRuntime) -> int:
    async with unit_of_work(sessions) as session:
        return await deliver_pending(session, runtime.channel(session))


async def delivery_loop(
    sessions: async_sessionmaker[Any],
    runtime: IdentityRuntime,
    *,
    interval_s: float = 2.0,
    stop: asyncio.Event | None = None,
) -> None:
    """Deliver until ``stop`` is set; an error is logged and the loop goes on."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            delivered = await deliver_once(sessions, runtime)
            if delivered:
                log.info("notifications delivered", count=delivered)
        except Exception:
            log.exception("notification delivery round failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
