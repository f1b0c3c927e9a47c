"""Domain errors: raised by services, carried as data, mapped to GraphQL result members."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"
    INVALID_STATE = "INVALID_STATE"
    NOT_FOUND = "NOT_FOUND"
    RATE_LIMITED = "RATE_LIMITED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    VALIDATION = "VALIDATION"


class Problem(StrEnum):
    """What exactly is wrong, as a stable machine code that clients localise (with the
    problem's parameters). Each domain adds its own enum of codes in its ``errors`` module;
    these are the ones every domain shares."""

    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_STATE = "INVALID_STATE"
    NOT_A_CURSOR = "NOT_A_CURSOR"
    NOT_AN_ID = "NOT_AN_ID"
    NOT_FOUND = "NOT_FOUND"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    RATE_LIMITED = "RATE_LIMITED"
    REQUIRED = "REQUIRED"
    STALE_VERSION = "STALE_VERSION"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    TOO_SHORT = "TOO_SHORT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"


Params = Mapping[str, str | int]


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: a dotted path (``payload.idNumber``), a machine ``code`` with its
    ``params`` (what the client shows, localised), and an English sentence for logs and
    scripts."""

    field: str
    message: str
    code: StrEnum = Problem.INVALID
    params: Params = dataclasses.field(default_factory=dict)


class DomainError(Exception):
    """Base of every expected failure: ``code`` is the kind (the result-union member),
    ``reason`` what exactly happened (a domain's ``Problem`` code) with its ``params``;
    ``message`` is an English sentence for logs and scripts, never shown to users."""

    code: ErrorCode = ErrorCode.VALIDATION
    reason: StrEnum = Problem.INVALID

    def __init__(
        self, message: str, *, reason: StrEnum | None = None, params: Params | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason
        self.params: Params = dict(params or {})


class ValidationFailed(DomainError):
    code = ErrorCode.VALIDATION

    def __init__(self, problems: list[FieldProblem] | FieldProblem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__(
            "; ".join(f"{p.field}: {p.message}" for p in self.problems),
            reason=self.problems[0].code if self.problems else Problem.INVALID,
        )

    @classmethod
    def on(
        cls,
        field_name: str,
        message: str,
        code: StrEnum = Problem.INVALID,
        **params: str | int,
    ) -> ValidationFailed:
        return cls(FieldProblem(field_name, message, code, params))


class NotFound(DomainError):
    """``reason`` names what was not found (``INSTITUTION_NOT_FOUND``); ``kind`` says it in
    English for the message."""

    code = ErrorCode.NOT_FOUND
    reason = Problem.NOT_FOUND

    def __init__(self, kind: str, key: object, *, reason: StrEnum) -> None:
        super().__init__(f"{kind} {key} was not found", reason=reason)
        self.kind = kind
        self.key = key


class Conflict(DomainError):
    code = ErrorCode.CONFLICT
    reason = Problem.CONFLICT


class StaleVersion(Conflict):
    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(
            f"the record changed: expected version {expected}, found {actual}",
            reason=Problem.STALE_VERSION,
            params={"expected": expected, "actual": actual},
        )
        self.expected = expected
        self.actual = actual


class InvalidState(DomainError):
    code = ErrorCode.INVALID_STATE
    reason = Problem.INVALID_STATE


class RateLimited(DomainError):
    code = ErrorCode.RATE_LIMITED
    reason = Problem.RATE_LIMITED

    def __init__(self, message: str, retry_after_seconds: int, *, reason: StrEnum) -> None:
        super().__init__(message, reason=reason, params={"seconds": retry_after_seconds})
        self.retry_after_seconds = retry_after_seconds


class PermissionDenied(DomainError):
    """Raised by services when an actor may not act; surfaced as a top-level FORBIDDEN."""

    code = ErrorCode.FORBIDDEN
    reason = Problem.FORBIDDEN


class AuthenticationRequired(DomainError):
    code = ErrorCode.UNAUTHENTICATED
    reason = Problem.UNAUTHENTICATED


class KeepChanges(DomainError):
    """Wraps a failure whose side effects must be committed anyway (a counted attempt, an
    opened dispute); the mutation commits, then reports ``error``."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message, reason=error.reason, params=error.params)
        self.code = error.code
        self.error = error
