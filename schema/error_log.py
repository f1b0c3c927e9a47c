"""What GraphQL errors leave in the log.

Refusals the API gives on purpose (UNAUTHENTICATED, FORBIDDEN, a domain error of a query, a
document that fails validation) are part of normal traffic: one line per request, without a
traceback, naming the codes. A crawler or a page of 30 aliases that are all refused still
makes one line (a WARNING, since that many refusals at once is worth a look). An exception
nobody raised on purpose is a bug: ERROR with its traceback, once per distinct exception in
the request; the client sees only the request id (``RequestIdMaskErrors``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import structlog
from graphql import GraphQLError

log = structlog.get_logger("medreg.graphql")

REPEATED_REFUSALS = 5
"""Refusals in one request from which the line is a WARNING instead of INFO."""
LOGGED_PATHS = 5
"""At most this many paths of refused fields are named on the line."""


def is_unexpected(error: GraphQLError) -> bool:
    """An error that carries an exception we did not raise on purpose (a GraphQLError is
    always raised on purpose: by a permission class, ``top_level_error``, ``run_query`` or the
    validation of the document)."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def error_code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    # Parse and validation errors (depth, aliases, unknown fields, bad variables) carry none.
    return str(code) if code else "BAD_REQUEST"


def _path(error: GraphQLError) -> str:
    return ".".join(str(part) for part in error.path) if error.path else "-"


def log_errors(errors: list[GraphQLError], operation: str | None) -> None:
    """Log the errors of one execution (strawberry hands them over all at once)."""
    refused = [error for error in errors if not is_unexpected(error)]
    if refused:
        codes = Counter(error_code(error) for error in refused)
        level = "warning" if len(refused) >= REPEATED_REFUSALS else "info"
        fields: dict[str, Any] = {
            "code": ",".join(sorted(codes)),
            "count": len(refused),
            "paths": [_path(error) for error in refused[:LOGGED_PATHS]],
            "operation": operation,
        }
        if len(refused) == 1:
            fields["detail"] = refused[0].message
        getattr(log, level)("graphql request refused", **fields)
    _log_unexpected([error for error in errors if is_unexpected(error)], operation)


def _log_unexpected(errors: list[GraphQLError], operation: str | None) -> None:
    seen: dict[tuple[type[BaseException], str], list[GraphQLError]] = {}
    for error in errors:
        original = error.original_error
        assert original is not None
        seen.setdefault((type(original), str(original)), []).append(error)
    for same in seen.values():
        log.error(
            "unexpected error",
            code="INTERNAL",
            count=len(same),
            paths=[_path(error) for error in same[:LOGGED_PATHS]],
            operation=operation,
            exc_info=same[0].original_error,
        )
