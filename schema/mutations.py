"""The one mutation pipeline: a service call as the unit of work.

Commit once on success; on a domain error roll back everything the call wrote and return the
error as a member of the mutation's result union — except an error wrapped in ``KeepChanges``
(a counted wrong code, a failed sign-in, an opened dispute), whose side effects commit first.
After any commit the app's ``after_commit`` hooks run (in-process delivery of queued
messages), so every domain's SMS goes out the same way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog

from core import errors as domain
from schema.context import Info
from schema.errors import ErrorMember, to_member, top_level_error

T = TypeVar("T")
R = TypeVar("R")
log = structlog.get_logger("medreg.mutations")


async def _after_commit(info: Info) -> None:
    """A hook's failure never fails the request: the worker, or the next request, retries."""
    services = info.context.services
    for hook in services.after_commit:
        try:
            await hook(services)
        except Exception:
            log.exception("post-commit work failed", hook=getattr(hook, "__name__", repr(hook)))


async def run_mutation(
    info: Info, call: Callable[[], Awaitable[T]], success: Callable[[T], R]
) -> R | ErrorMember:
    session = info.context.session
    try:
        result = await call()
        await session.commit()
    except domain.KeepChanges as exc:
        await session.commit()
        await _after_commit(info)
        return to_member(exc.error)
    except (domain.PermissionDenied, domain.AuthenticationRequired) as exc:
        await session.rollback()
        raise top_level_error(exc.code.value, exc.message) from exc
    except domain.DomainError as exc:
        await session.rollback()
        return to_member(exc)
    except BaseException:
        await session.rollback()
        raise
    await _after_commit(info)
    return success(result)
