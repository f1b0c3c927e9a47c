"""The session cookie → actor resolver of the GraphQL endpoint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from access.actor import Actor
from identity.config import SessionPolicy
from identity.sessions import resolve_token

ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]


def cookie_actor_resolver(policy: SessionPolicy) -> ActorResolver:
    """Requests without the cookie are anonymous at no cost: no SQL runs before the
    document is validated. With it, one lookup (plus the grants) finds the actor; a touched
    ``last_seen_at`` is committed at once so the idle timeout counts from this request."""

    async def resolve(request: Request, session: AsyncSession) -> Actor:
        address = request.client.host if request.client else None
        token = request.cookies.get(policy.cookie_name)
        if not token:
            return Actor(client_address=address)
        resolved = await resolve_token(session, token, policy, client_address=address)
        if resolved.touched:
            await session.commit()
        return resolved.actor

    return resolve
