"""The delivery loop: ``medreg worker`` runs it; in development the app runs it too, so
notifications that other requests queued go out within a second or two."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.uow import unit_of_work
from notifications.messages import NotificationChannel, deliver_pending

ChannelFactory = Callable[[AsyncSession], NotificationChannel]

log = structlog.get_logger("medreg.delivery")


async def deliver_once(sessions: async_sessionmaker[Any], channel: ChannelFactory) -> int:
    async with unit_of_work(sessions) as session:
        return await deliver_pending(session, channel(session))


async def delivery_loop(
    sessions: async_sessionmaker[Any],
    channel: ChannelFactory,
    *,
    interval_s: float = 2.0,
    stop: asyncio.Event | None = None,
) -> None:
    """Deliver until ``stop`` is set; an error is logged and the loop goes on."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            delivered = await deliver_once(sessions, channel)
            if delivered:
                log.info("notifications delivered", count=delivered)
        except Exception:
            log.exception("notification delivery round failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
