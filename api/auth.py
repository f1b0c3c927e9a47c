"""The session cookie → actor resolver of the GraphQL endpoint."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from access.actor import Actor
from core.clock import clock_of
from core.db import reads_only
from core.uow import unit_of_work
from identity.config import SessionPolicy
from identity.sessions import resolve_token, touch_session

ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]


def cookie_actor_resolver(
    policy: SessionPolicy, sessions: async_sessionmaker[Any] | None = None
) -> ActorResolver:
    """Requests without the cookie are anonymous at no cost: no SQL runs before the
    document is validated. With it, one lookup (plus the grants) finds the actor; a touched
    ``last_seen_at`` is committed at once so the idle timeout counts from this request —
    in a unit of work of its own when the request only reads (on SQLite its transaction
    never takes the write lock, so it must not write)."""

    touches = TouchClaims(policy.touch_interval)

    async def resolve(request: Request, session: AsyncSession) -> Actor:
        address = request.client.host if request.client else None
        token = request.cookies.get(policy.cookie_name)
        if not token:
            return Actor(client_address=address)
        if sessions is not None and reads_only():
            resolved = await resolve_token(
                session, token, policy, client_address=address, touch=False
            )
            session_id = resolved.actor.session_id
            if (
                resolved.touched
                and session_id is not None
                and touches.claim(session_id, clock_of(session).now())
            ):
                await session.rollback()  # it only read; its next statement begins afresh
                async with unit_of_work(sessions) as writer:
                    await touch_session(writer, session_id)
            return resolved.actor
        resolved = await resolve_token(session, token, policy, client_address=address)
        if resolved.touched:
            await session.commit()
        return resolved.actor

    return resolve


class TouchClaims:
    """The sessions whose due touch this process wrote within the touch interval. A page
    sends several queries at once; when the session's touch falls due, each of them found it
    due and wrote it, every one taking SQLite's write lock in turn for an update that the
    first had already made. Now the first claims it and the others go on reading."""

    def __init__(self, interval: timedelta, *, keep: int = 10_000) -> None:
        self._interval = interval
        self._keep = keep
        self._claimed: dict[uuid.UUID, datetime] = {}

    def claim(self, session_id: uuid.UUID, now: datetime) -> bool:
        last = self._claimed.get(session_id)
        if last is not None and timedelta(0) <= now - last < self._interval:
            return False
        if len(self._claimed) >= self._keep:
            recent = {key: at for key, at in self._claimed.items() if now - at < self._interval}
            self._claimed = recent if len(recent) < self._keep else {}
        self._claimed[session_id] = now
        return True
