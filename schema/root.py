"""The schema: root types merged from each domain, and the hardening extensions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import strawberry
import structlog
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NoSchemaIntrospectionCustomRule,
    specified_rules,
    validate,
)
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema._graphql_core import execution_context_class_kwargs
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES, _coerce_error
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe

from schema import lean
from schema.certificates.mutations import LicenceMutation
from schema.certificates.queries import LicenceQuery
from schema.certificates.sharing import LicenceShareMutation, LicenceShareQuery
from schema.context import Info
from schema.directory.queries import DirectoryQuery
from schema.error_log import is_unexpected, log_errors
from schema.errors import ERROR_TYPES
from schema.execution import MedregExecutionContext
from schema.identity.mutations import PersonalMutation
from schema.identity.queries import IdentityQuery
from schema.identity.sign_on_mutations import SignOnMutation
from schema.identity.staff_mutations import StaffMutation
from schema.interop.clients import MachineClientMutation, MachineClientQuery
from schema.interop.webhooks import WebhookMutation, WebhookQuery
from schema.node import Node, resolve_node
from schema.prepared import Prepared, PreparedOperations
from schema.registry.imports import ImportMutation, ImportQuery
from schema.registry.mutations import CatalogueMutation, WorkflowMutation
from schema.registry.queries import CatalogueQuery, RosterQuery, WorkbenchQuery
from schema.statistics.queries import StatisticsQuery
from schema.text_input import RejectUnstorableText

SDL_PATH = Path(__file__).with_name("schema.graphql")


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null when it is not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)


Query = merge_types(
    "Query",
    (
        NodeQuery,
        DirectoryQuery,
        IdentityQuery,
        CatalogueQuery,
        WorkbenchQuery,
        RosterQuery,
        LicenceQuery,
        LicenceShareQuery,
        ImportQuery,
        StatisticsQuery,
        MachineClientQuery,
        WebhookQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        PersonalMutation,
        SignOnMutation,
        StaffMutation,
        WorkflowMutation,
        CatalogueMutation,
        LicenceMutation,
        LicenceShareMutation,
        ImportMutation,
        MachineClientMutation,
        WebhookMutation,
    ),
)


@dataclass(frozen=True)
class SchemaLimits:
    """Bounds applied to every document before it runs."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 3000
    cache_size: int = 512
    introspection: bool = True


class RequestIdMaskErrors(MaskErrors):
    """Unexpected errors reach the client as a request id; the log has the details
    (``MedregSchema.process_errors`` wrote them before this extension masks them)."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = structlog.contextvars.get_contextvars().get("request_id", "-")
        return GraphQLError(
            f"Unexpected error (request id {request_id}).",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL", "requestId": request_id},
        )

    def _process_result(self, result: object) -> None:
        """As strawberry's, without its ``isinstance`` against a runtime-checkable protocol,
        which cost a twentieth of a small request."""
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _quiet_validation(maxsize: int) -> Callable[..., list[GraphQLError]]:
    def validate_quietly(
        schema: GraphQLSchema, document: DocumentNode, rules: tuple[Any, ...]
    ) -> list[GraphQLError]:
        rules = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
        return validate(schema, document, rules, hide_suggestions=True)

    return lru_cache(maxsize=maxsize)(validate_quietly)


class QuietValidationCache(ValidationCache):
    """Strawberry's validation cache, its errors without graphql-core's "Did you mean …?"
    suggestions: where introspection is off they would spell out the names of the schema's
    fields, types and arguments one guess at a time."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self.cached_validate_document = _quiet_validation(maxsize)


class MedregSchema(strawberry.Schema):
    prepared: PreparedOperations | None = None
    """Documents already parsed and validated, run without the extensions' hooks."""
    hide_suggestions = False
    """No "Did you mean …?" in errors (where introspection is off)."""

    def _get_custom_context_kwargs(
        self, operation_extensions: dict[str, Any] | None = None, *, sync: bool = False
    ) -> dict[str, Any]:
        """Strawberry's, and graphql-core's ``hide_suggestions`` for execution's errors (an
        enum value or input field a variable gets wrong)."""
        kwargs = super()._get_custom_context_kwargs(operation_extensions, sync=sync)
        if self.hide_suggestions:
            kwargs["hide_suggestions"] = True
        return kwargs

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Instead of strawberry's ERROR with a traceback for every error: one line per
        request for expected refusals, a traceback for unexpected exceptions only."""
        operation = execution_context.operation_name if execution_context else None
        log_errors(errors, operation)

    async def execute(  # strawberry's signature
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """A prepared document runs at once (``schema.prepared``); any other goes through
        the extensions, as strawberry runs it."""
        allowed = allowed_operation_types or DEFAULT_ALLOWED_OPERATION_TYPES
        prepared = None
        if self.prepared is not None and not operation_extensions:
            prepared = self.prepared.runnable(query, operation_name, variable_values, allowed)
        if prepared is None:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        return await self.run_prepared(prepared, variable_values, context_value, root_value)

    async def run_prepared(
        self,
        prepared: Prepared,
        variable_values: dict[str, Any] | None,
        context_value: Any,
        root_value: Any = None,
    ) -> ExecutionResult:
        """Run what ``prepared.runnable`` found for this request, without the extensions'
        hooks; its errors logged and masked as they would."""
        try:
            result = await await_maybe(
                self._get_execute_function()(
                    self._schema,
                    prepared.document,
                    root_value=root_value,
                    context_value=context_value,
                    variable_values=variable_values,
                    operation_name=prepared.operation_name,  # strawberry runs the first one
                    is_awaitable=optimized_is_awaitable,
                    **execution_context_class_kwargs(self.execution_context_class),
                    **self._get_custom_context_kwargs(),
                )
            )
        except Exception as exc:  # as strawberry answers it
            data, errors = None, [_coerce_error(exc)]
        else:
            data, errors = result.data, result.errors
        if errors:
            log_errors(errors, prepared.operation_name)
            errors = _MASK._process_errors(errors)
        return ExecutionResult(data=data, errors=errors, extensions={})


_MASK = RequestIdMaskErrors(should_mask_error=is_unexpected)
"""The masking of errors of prepared operations (``_process_errors`` keeps no state)."""


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    limits = limits or SchemaLimits()
    quiet = not limits.introspection  # suggestions would tell what introspection hides
    # The depth and alias limiters build a new rule class per instance, and the validation
    # cache is keyed by the rule classes: build the rules once so cached validations hit.
    rules = [
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    ]
    # Factories: a fresh extension per request; the parse/validation LRU caches are
    # module-level in strawberry, so they still span requests (bounded by cache_size).
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=limits.cache_size),
        lambda: AddValidationRules(rules),
        lambda: (QuietValidationCache if quiet else ValidationCache)(maxsize=limits.cache_size),
        RejectUnstorableText,
        lambda: RequestIdMaskErrors(should_mask_error=is_unexpected),
    ]
    if quiet:
        extensions.append(DisableIntrospection)
    schema = MedregSchema(
        query=Query,
        mutation=Mutation,
        types=ERROR_TYPES,
        extensions=extensions,
        execution_context_class=MedregExecutionContext,
    )
    schema.hide_suggestions = quiet
    lean.install(schema._schema, schema.config.info_class, schema.schema_converter)
    introspection = (NoSchemaIntrospectionCustomRule,) if quiet else ()
    schema.prepared = PreparedOperations(
        schema._schema,
        (*specified_rules, *rules, *introspection),
        max_tokens=limits.max_tokens,
        size=limits.cache_size,
    )
    return schema


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
