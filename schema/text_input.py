"""No text input may carry what the database cannot take: U+0000 (PostgreSQL refuses the whole
statement, even a lookup; SQLite would store it) or an unpaired surrogate (JSON's "\\ud800"
decodes to one, and no UTF-8 driver can encode it). Refused before execution, on either engine,
as a VALIDATION error naming the argument."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    BREAK,
    ArgumentNode,
    ExecutionResult,
    GraphQLError,
    ObjectFieldNode,
    StringValueNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from core.errors import ErrorCode, Problem

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_MESSAGE = "text must not contain NUL (U+0000) or unpaired surrogates"


def _in_variables(value: Any, path: str) -> str | None:
    """The dotted path of the first unstorable string, or ``None``."""
    if isinstance(value, str):
        return path if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _in_variables(item, f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None


class _FirstUnstorableLiteral(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.path: str | None = None

    def enter_string_value(
        self, node: StringValueNode, _key: Any, parent: Any, _path: Any, ancestors: Any
    ) -> Any:
        if not _UNSTORABLE.search(node.value):
            return None
        names = [
            n.name.value
            for n in [*ancestors, parent]
            if isinstance(n, ArgumentNode | ObjectFieldNode)
        ]
        self.path = ".".join(names) or "query"
        return BREAK


_LITERALS: dict[str, str | None] = {}
"""Per document text: the first unstorable literal's path (a document is visited once, not
on every request; bounded like strawberry's parser cache)."""
_LITERALS_MAX = 512


def unstorable_literal(query: Any, document: Any) -> str | None:
    """The path of the first unstorable string literal of ``document`` (parsed from
    ``query``), or ``None``."""
    if query in _LITERALS:
        return _LITERALS[query]
    finder = _FirstUnstorableLiteral()
    visit(document, finder)
    if len(_LITERALS) >= _LITERALS_MAX:
        _LITERALS.clear()
    if isinstance(query, str):
        _LITERALS[query] = finder.path
    return finder.path


def unstorable_variable(variables: dict[str, Any]) -> str | None:
    """The dotted path of the first unstorable string among ``variables``, or ``None``."""
    return _in_variables(variables, "")


class RejectUnstorableText(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        field = unstorable_variable(context.variables or {})
        if field is None and context.graphql_document is not None:
            field = unstorable_literal(context.query, context.graphql_document)
        if field is not None:
            problem = Problem.INVALID.value
            context.result = ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"{field}: {_MESSAGE}",
                        extensions={
                            "code": ErrorCode.VALIDATION.value,
                            "reason": problem,
                            "params": {},
                            "fields": [
                                {"field": field, "message": _MESSAGE, "code": problem, "params": {}}
                            ],
                        },
                    )
                ],
            )
        yield
