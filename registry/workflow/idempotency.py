"""Idempotency keys: a retried mutation replays its first result instead of acting twice.

The key row is claimed *first*, inside a savepoint, so two concurrent requests with the same
key queue on the unique index: the loser sees the winner's committed row and replays it. The
claim commits or rolls back with the work it guards; a request that failed left no key behind
and may be retried as new."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core.clock import clock_of
from core.errors import Conflict, ValidationFailed
from registry.errors import RegistryProblem
from registry.workflow.models import Application, IdempotencyKey

_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def request_hash(operation: str, request: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"operation": operation, "request": request}, sort_keys=True, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def run_once(
    session: AsyncSession,
    actor: Actor,
    key: str | None,
    operation: str,
    request: dict[str, Any],
    work: Callable[[], Awaitable[Application]],
    replay: Callable[[uuid.UUID], Awaitable[Application]],
) -> Application:
    """Run ``work`` once per ``(actor, key)``; a retry with the same request gets ``replay``
    of the application the first run returned; another request under the key is refused."""
    if key is None:
        return await work()
    if not _KEY.match(key):
        raise ValidationFailed.on(
            "idempotencyKey",
            "8 to 128 letters, digits or . _ : - (a UUID will do)",
            RegistryProblem.IDEMPOTENCY_KEY_FORMAT,
        )
    scope = str(actor.account_id)
    digest = request_hash(operation, request)
    claim = IdempotencyKey(
        id=uuid.uuid4(),
        scope=scope,
        key=key,
        operation=operation,
        request_hash=digest,
        created_at=clock_of(session).now(),
    )
    try:
        async with session.begin_nested():
            session.add(claim)
            await session.flush()
    except IntegrityError:
        first = await session.scalar(
            select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
        )
        if first is None or first.application_id is None:
            raise Conflict(
                "this idempotency key is in use by a request still running",
                reason=RegistryProblem.IDEMPOTENCY_KEY_BUSY,
            ) from None
        if first.operation != operation or first.request_hash != digest:
            raise Conflict(
                "this idempotency key was used for a different request",
                reason=RegistryProblem.IDEMPOTENCY_KEY_REUSED,
            ) from None
        return await replay(first.application_id)
    application = await work()
    claim.application_id = application.id
    await session.flush()
    return application
