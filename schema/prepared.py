"""Prepared operations: a document the schema has already parsed and validated runs without
the schema extensions' hooks.

Six schema extensions harden every request: a token limit on parsing, the parser cache, the
depth and alias rules, the validation cache, the text check and error masking. Strawberry
builds them afresh for each request and enters each one's context for the operation,
parsing, validation and execution: about a tenth of a directory page's CPU, for what is,
once a document has been seen, a cache lookup.

Here a document is parsed with the same token limit and validated with the same rules once
(bounded like the caches it replaces). When it parsed, validated and carries no unstorable
text, later requests run it at once and their errors are logged and masked as the
extensions do. Anything else (a document that does not parse or validate, an unknown
operation, unstorable text in its literals or variables) goes the extensions' way, which
answers it with the errors it always has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse
from graphql.validation import ASTValidationRule
from strawberry.schema.schema import validate_document
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_first_operation, get_operation_type

from schema.text_input import unstorable_literal, unstorable_variable


@dataclass(frozen=True, slots=True)
class Prepared:
    document: DocumentNode
    operation_type: OperationType
    operation_name: str | None
    """The operation's name for the log: the one asked for, or the document's first."""


class PreparedOperations:
    """Documents that parsed and validated, by text and operation name (least recently used
    ones forgotten beyond ``size``)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        rules: tuple[type[ASTValidationRule], ...],
        *,
        max_tokens: int,
        size: int,
    ) -> None:
        self._schema = schema
        self._rules = rules
        self._max_tokens = max_tokens
        self.find: Callable[[str, str | None], Prepared | None] = lru_cache(maxsize=size)(
            self._prepare
        )

    def runnable(
        self, query: Any, operation_name: Any, variables: Any, allowed: Any
    ) -> Prepared | None:
        """The prepared operation when this request can run it directly, else ``None``."""
        if not isinstance(query, str) or not isinstance(operation_name, str | None):
            return None
        prepared = self.find(query, operation_name)
        if prepared is None or prepared.operation_type not in allowed:
            return None
        if variables and unstorable_variable(variables) is not None:
            return None
        return prepared

    def _prepare(self, query: str, operation_name: str | None) -> Prepared | None:
        try:
            document = parse(query, max_tokens=self._max_tokens)
        except GraphQLError:
            return None
        if validate_document(self._schema, document, self._rules):
            return None
        if unstorable_literal(query, document) is not None:
            return None
        try:
            operation_type = get_operation_type(document, operation_name)
        except RuntimeError:
            return None
        name = operation_name
        if name is None:
            first = get_first_operation(document)
            name = first.name.value if first is not None and first.name else None
        return Prepared(document=document, operation_type=operation_type, operation_name=name)
