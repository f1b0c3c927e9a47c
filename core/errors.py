"""Domain errors: raised by services, carried as data, mapped to GraphQL result members."""

from __future__ import annotations

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


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: a dotted path (``payload.idNumber``) and a sentence."""

    field: str
    message: str


class DomainError(Exception):
    """Base of every expected failure; ``code`` lets clients localise the message."""

    code: ErrorCode = ErrorCode.VALIDATION

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    code = ErrorCode.VALIDATION

    def __init__(self, problems: list[FieldProblem] | FieldProblem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))

    @classmethod
    def on(cls, field_name: str, message: str) -> ValidationFailed:
        return cls(FieldProblem(field_name, message))


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key} was not found")
        self.kind = kind
        self.key = key


class Conflict(DomainError):
    code = ErrorCode.CONFLICT


class StaleVersion(Conflict):
    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"the record changed: expected version {expected}, found {actual}")
        self.expected = expected
        self.actual = actual


class InvalidState(DomainError):
    code = ErrorCode.INVALID_STATE


class RateLimited(DomainError):
    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class PermissionDenied(DomainError):
    """Raised by services when an actor may not act; surfaced as a top-level FORBIDDEN."""

    code = ErrorCode.FORBIDDEN


class AuthenticationRequired(DomainError):
    code = ErrorCode.UNAUTHENTICATED
