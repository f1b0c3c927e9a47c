"""The session cookie → actor resolver of the GraphQL endpoint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from access.actor import Actor
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

    async def resolve(request: Request, session: AsyncSession) -> Actor:
        address = request.client.host if request.client else None
        token = request.cookies.get(policy.cookie_name)
        if not token:
            return Actor(client_address=address)
        if sessions is not None and reads_only():
            resolved = await resolve_token(
                session, token, policy, client_address=address, touch=False
            )
            if resolved.touched and resolved.actor.session_id is not None:
                await session.rollback()  # it only read; its next statement begins afresh
                async with unit_of_work(sessions) as writer:
                    await touch_session(writer, resolved.actor.session_id)
            return resolved.actor
        resolved = await resolve_token(session, token, policy, client_address=address)
        if resolved.touched:
            await session.commit()
        return resolved.actor

    return resolve
