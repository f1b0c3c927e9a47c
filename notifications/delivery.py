"""Delivery of queued messages, in a unit of work of its own: the ``notifications.deliver``
job runs it (queued with every message, and every minute for retries), and in development the
request that queued a message runs it right after its commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.uow import unit_of_work
from notifications.messages import NotificationChannel, deliver_pending

ChannelFactory = Callable[[AsyncSession], NotificationChannel]

BATCH = 100


async def deliver_once(
    sessions: async_sessionmaker[Any], channel: ChannelFactory, *, limit: int = BATCH
) -> int:
    async with unit_of_work(sessions) as session:
        return await deliver_pending(session, channel(session), limit=limit)


async def deliver_due(sessions: async_sessionmaker[Any], channel: ChannelFactory) -> int:
    """Deliver batches until what is due is delivered (or failed, to be retried later)."""
    delivered = 0
    while (batch := await deliver_once(sessions, channel)) == BATCH:
        delivered += batch
    return delivered + batch
