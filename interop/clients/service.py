"""Create, list, revoke and authenticate machine clients."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from access.permissions import Permission, require
from core.audit import SYSTEM, AuditActor, record
from core.clock import clock_of
from core.errors import NotFound, Problem, ValidationFailed
from core.ratelimit import parse_limits
from interop.clients.models import MachineClient, Scope

DEFAULT_RATE_LIMIT = "600/minute;20000/day"


class ClientNotFound(NotFound):
    def __init__(self, client_id: str) -> None:
        super().__init__("machine client", client_id, reason=Problem.NOT_FOUND)


@dataclass(frozen=True)
class NewClient:
    client: MachineClient
    secret: str
    """Shown once; only its hash is kept."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(client: MachineClient, secret: str) -> bool:
    return hmac.compare_digest(client.secret_hash, hash_secret(secret))


def _scopes(values: list[str]) -> list[str]:
    known = {s.value for s in Scope}
    cleaned = sorted({v.strip() for v in values if v.strip()})
    if not cleaned or any(v not in known for v in cleaned):
        raise ValidationFailed.on("scopes", "unknown or no scope", Problem.INVALID)
    return cleaned


async def create(
    session: AsyncSession,
    *,
    name: str,
    scopes: list[str],
    rate_limit: str = DEFAULT_RATE_LIMIT,
    actor: AuditActor = SYSTEM,
) -> NewClient:
    name = name.strip()
    if not 0 < len(name) <= 120:
        problem = Problem.REQUIRED if not name else Problem.TOO_LONG
        raise ValidationFailed.on("name", "a name of 1 to 120 characters", problem)
    try:
        parse_limits(rate_limit)
    except ValueError:
        raise ValidationFailed.on("rateLimit", "not a rate limit", Problem.INVALID) from None
    secret = secrets.token_urlsafe(32)
    client = MachineClient(
        client_id=f"mc_{secrets.token_hex(12)}",
        name=name,
        secret_hash=hash_secret(secret),
        scopes=_scopes(scopes),
        rate_limit=rate_limit,
        created_at=clock_of(session).now(),
    )
    session.add(client)
    await session.flush()
    await record(
        session,
        actor,
        "interop.client.create",
        target_type="machine_client",
        target_id=client.id,
        summary={"client_id": client.client_id, "name": name, "scopes": client.scopes},
    )
    return NewClient(client, secret)


async def by_client_id(session: AsyncSession, client_id: str) -> MachineClient | None:
    if len(client_id) > 64:
        return None
    return await session.scalar(select(MachineClient).where(MachineClient.client_id == client_id))


async def listing(session: AsyncSession) -> list[MachineClient]:
    return list(
        (await session.scalars(select(MachineClient).order_by(MachineClient.created_at))).all()
    )


async def revoke(
    session: AsyncSession, client_id: str, *, actor: AuditActor = SYSTEM
) -> MachineClient:
    client = await by_client_id(session, client_id)
    if client is None:
        raise ClientNotFound(client_id)
    if client.revoked_at is None:
        client.revoked_at = clock_of(session).now()
        await session.flush()
        await record(
            session,
            actor,
            "interop.client.revoke",
            target_type="machine_client",
            target_id=client.id,
            summary={"client_id": client.client_id},
        )
    return client


async def listing_for(session: AsyncSession, actor: Actor) -> list[MachineClient]:
    """Every client, revoked ones included, for system administrators."""
    require(actor, Permission.INTEROP_CLIENT_READ)
    return await listing(session)


async def revoke_by(session: AsyncSession, actor: Actor, client_id: str) -> MachineClient:
    """A system administrator revokes a client (audited as them); revoking twice is a no-op."""
    require(actor, Permission.INTEROP_CLIENT_REVOKE)
    return await revoke(session, client_id, actor=actor.audit())
