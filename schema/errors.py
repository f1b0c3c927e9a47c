"""The error interface and result-union members every mutation shares, and one mapping
from domain errors to them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from graphql import GraphQLError

from core import errors as domain
from schema.context import Info

ErrorCode = domain.ErrorCode
strawberry.enum(ErrorCode, name="ErrorCode")


@strawberry.interface(description="Something the client can act on; localise by `code`.")
class Error:
    code: ErrorCode
    message: str


@strawberry.type
class FieldError:
    field: str = strawberry.field(
        description="Dotted path of the input field, e.g. payload.idNumber"
    )
    message: str


@strawberry.type
class ValidationError(Error):
    fields: list[FieldError]


@strawberry.type
class NotFound(Error):
    pass


@strawberry.type
class Conflict(Error):
    pass


@strawberry.type
class InvalidState(Error):
    pass


@strawberry.type
class RateLimited(Error):
    retry_after_seconds: int


ERROR_TYPES: tuple[type, ...] = (ValidationError, NotFound, Conflict, InvalidState, RateLimited)


def top_level_error(code: str, message: str) -> GraphQLError:
    """Not signed in / not allowed: a top-level error with ``extensions.code``."""
    return GraphQLError(message, extensions={"code": code})


def to_member(exc: domain.DomainError) -> Error:
    code = ErrorCode(exc.code.value)
    if isinstance(exc, domain.ValidationFailed):
        fields = [FieldError(field=p.field, message=p.message) for p in exc.problems]
        return ValidationError(code=code, message=exc.message, fields=fields)
    if isinstance(exc, domain.NotFound):
        return NotFound(code=code, message=exc.message)
    if isinstance(exc, domain.Conflict):
        return Conflict(code=code, message=exc.message)
    if isinstance(exc, domain.RateLimited):
        return RateLimited(
            code=code, message=exc.message, retry_after_seconds=exc.retry_after_seconds
        )
    return InvalidState(code=code, message=exc.message)


T = TypeVar("T")
R = TypeVar("R")


async def run_mutation(
    info: Info, call: Callable[[], Awaitable[T]], success: Callable[[T], R]
) -> R | Error:
    """Run one service call as the unit of work: commit once on success; on a domain error
    roll back everything it wrote and return the error as a union member."""
    session = info.context.session
    try:
        result = await call()
        await session.commit()
    except (domain.PermissionDenied, domain.AuthenticationRequired) as exc:
        await session.rollback()
        raise top_level_error(exc.code.value, exc.message) from exc
    except domain.DomainError as exc:
        await session.rollback()
        return to_member(exc)
    except BaseException:
        await session.rollback()
        raise
    return success(result)


async def run_query(call: Callable[[], Awaitable[T]]) -> T:
    """Queries have no result union: a domain error becomes a top-level error whose
    ``extensions`` carry the code (and the fields of a validation error)."""
    try:
        return await call()
    except domain.ValidationFailed as exc:
        fields = [{"field": p.field, "message": p.message} for p in exc.problems]
        raise GraphQLError(
            exc.message, extensions={"code": exc.code.value, "fields": fields}
        ) from exc
    except domain.DomainError as exc:
        raise top_level_error(exc.code.value, exc.message) from exc
