"""The error interface and result-union members every mutation shares, the one catalogue of
problem codes clients localise, and the mapping from domain errors to members."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from enum import StrEnum
from typing import TypeVar

import strawberry
from graphql import GraphQLError

from certificates.errors import CertificateProblem
from core import errors as domain
from directory.errors import DirectoryProblem
from identity.errors import IdentityProblem
from registry.errors import RegistryProblem
from registry.imports.errors import ImportProblem

ErrorCode = domain.ErrorCode
strawberry.enum(ErrorCode, name="ErrorCode", description="The kind of error (its union member).")

PROBLEM_ENUMS: tuple[type[StrEnum], ...] = (
    domain.Problem,
    DirectoryProblem,
    IdentityProblem,
    RegistryProblem,
    CertificateProblem,
    ImportProblem,
)


def _compose(enums: Iterable[type[StrEnum]]) -> type[StrEnum]:
    """One GraphQL enum holding every domain's codes; a code means one thing everywhere."""
    members: dict[str, str] = {}
    for enum in enums:
        for member in enum:
            members.setdefault(member.name, member.value)
    return StrEnum("ProblemCode", members)  # type: ignore[return-value]


ProblemCode = _compose(PROBLEM_ENUMS)
strawberry.enum(
    ProblemCode,
    name="ProblemCode",
    description="What exactly is wrong: stable codes the client localises, with `params`.",
)


@strawberry.type(description="One parameter of a problem, e.g. `max` = 64.")
class ErrorParam:
    name: str
    value: str


def _params(params: domain.Params) -> list[ErrorParam]:
    return [ErrorParam(name=k, value=str(v)) for k, v in sorted(params.items())]


def problem_code(code: StrEnum) -> StrEnum:
    return ProblemCode(code.value)


@strawberry.interface(description="Something the client can act on; localise by `reason`.")
class Error:
    code: ErrorCode
    message: str = strawberry.field(description="English, for logs and scripts; never shown.")
    reason: ProblemCode = strawberry.field(  # type: ignore[valid-type]
        default=domain.Problem.INVALID, description="What exactly happened."
    )
    params: list[ErrorParam] = strawberry.field(default_factory=list)


@strawberry.type
class FieldError:
    field: str = strawberry.field(
        description="Dotted path of the input field, e.g. payload.idNumber"
    )
    message: str = strawberry.field(description="English, for logs and scripts; never shown.")
    code: ProblemCode = strawberry.field(  # type: ignore[valid-type]
        default=domain.Problem.INVALID, description="What is wrong with the field."
    )
    params: list[ErrorParam] = strawberry.field(default_factory=list)


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


ErrorMember = ValidationError | NotFound | Conflict | InvalidState | RateLimited
"""What ``to_member`` returns; every mutation's result union holds all of them."""

ERROR_TYPES: tuple[type, ...] = (ValidationError, NotFound, Conflict, InvalidState, RateLimited)

E = TypeVar("E", bound=domain.DomainError)
MemberMapper = Callable[[domain.DomainError], ErrorMember]
_MAPPERS: dict[type[domain.DomainError], MemberMapper] = {}


def register_member(error: type[E], mapper: Callable[[E], ErrorMember]) -> None:
    """A domain error with a result member of its own (identity's DisputeOpenedError)."""
    _MAPPERS[error] = mapper  # type: ignore[assignment]


def field_errors(problems: Iterable[domain.FieldProblem]) -> list[FieldError]:
    return [
        FieldError(
            field=p.field, message=p.message, code=problem_code(p.code), params=_params(p.params)
        )
        for p in problems
    ]


def to_member(exc: domain.DomainError) -> ErrorMember:
    for cls in type(exc).__mro__:
        mapper = _MAPPERS.get(cls)
        if mapper is not None:
            return mapper(exc)
    code, message = ErrorCode(exc.code.value), exc.message
    reason, params = problem_code(exc.reason), _params(exc.params)
    if isinstance(exc, domain.ValidationFailed):
        fields = field_errors(exc.problems)
        return ValidationError(
            code=code, message=message, reason=reason, params=params, fields=fields
        )
    if isinstance(exc, domain.NotFound):
        return NotFound(code=code, message=message, reason=reason, params=params)
    if isinstance(exc, domain.Conflict):
        return Conflict(code=code, message=message, reason=reason, params=params)
    if isinstance(exc, domain.RateLimited):
        return RateLimited(
            code=code,
            message=message,
            reason=reason,
            params=params,
            retry_after_seconds=exc.retry_after_seconds,
        )
    return InvalidState(code=code, message=message, reason=reason, params=params)


def top_level_error(code: str, message: str) -> GraphQLError:
    """Not signed in / not allowed: a top-level error with ``extensions.code``."""
    return GraphQLError(message, extensions={"code": code})


T = TypeVar("T")


async def run_query(call: Callable[[], Awaitable[T]]) -> T:
    """Queries have no result union: a domain error becomes a top-level error whose
    ``extensions`` carry the code, the reason with its params and (validation) the fields."""
    try:
        return await call()
    except domain.ValidationFailed as exc:
        fields = [
            {"field": p.field, "message": p.message, "code": p.code.value, "params": dict(p.params)}
            for p in exc.problems
        ]
        raise GraphQLError(
            exc.message,
            extensions={
                "code": exc.code.value,
                "reason": exc.reason.value,
                "params": dict(exc.params),
                "fields": fields,
            },
        ) from exc
    except domain.DomainError as exc:
        extensions = {
            "code": exc.code.value,
            "reason": exc.reason.value,
            "params": dict(exc.params),
        }
        raise GraphQLError(exc.message, extensions=extensions) from exc
