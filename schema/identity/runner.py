"""The identity mutations' unit of work: ``run_mutation`` plus two things identity needs —
failures whose side effects must stay committed (a counted try, an opened dispute), and
in-process delivery of the notifications a commit queued (development, SQLite)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog

from core import errors as domain
from identity.errors import DisputeOpened, KeepChanges
from identity.runtime import IdentityRuntime
from notifications.delivery import deliver_once
from schema.context import Info
from schema.errors import Error, ErrorCode, to_member, top_level_error
from schema.identity.results import DisputeOpenedError
from schema.node import to_global_id

T = TypeVar("T")
log = structlog.get_logger("medreg.identity")


def runtime_of(info: Info) -> IdentityRuntime:
    runtime = info.context.services.get("identity")
    if not isinstance(runtime, IdentityRuntime):
        raise RuntimeError("the app was built without the identity runtime")
    return runtime


def _member(exc: domain.DomainError) -> Error:
    if isinstance(exc, DisputeOpened):
        return DisputeOpenedError(
            code=ErrorCode.CONFLICT,
            message=exc.message,
            dispute_id=to_global_id("Dispute", exc.dispute_id),
        )
    return to_member(exc)


async def deliver_now(info: Info) -> None:
    """Deliver queued notifications right after a commit, when so configured, in a session
    of its own (the request's objects stay as they are); a delivery problem never fails the
    request: the worker, or the next request, retries."""
    runtime = runtime_of(info)
    sessions = info.context.services.get("sessions")
    if runtime.config.delivery != "inprocess" or sessions is None:
        return
    try:
        await deliver_once(sessions, runtime.channel)
    except Exception:
        log.exception("in-process notification delivery failed")


async def run_identity_mutation(
    info: Info, call: Callable[[], Awaitable[T]], success: Callable[[T], Any]
) -> Any:
    """Returns the success member or an error member; ``Any`` because each resolver
    declares its own result union, which strawberry checks."""
    session = info.context.session
    try:
        result = await call()
        await session.commit()
    except KeepChanges as exc:
        await session.commit()
        await deliver_now(info)
        return _member(exc.error)
    except (domain.PermissionDenied, domain.AuthenticationRequired) as exc:
        await session.rollback()
        raise top_level_error(exc.code.value, exc.message) from exc
    except domain.DomainError as exc:
        await session.rollback()
        return _member(exc)
    except BaseException:
        await session.rollback()
        raise
    await deliver_now(info)
    return success(result)
