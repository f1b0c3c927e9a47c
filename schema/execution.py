"""A faster graphql-core executor for the fields most of every page is made of.

A page of 20 institutions is about 150 fields, and most of them are plain attributes (a name,
a code, a status) whose value is read from the object and serialised. graphql-core builds a
response path, a ``ResolveInfo`` and a completion call chain for each of them, which costs
more than the page's SQL. Here such fields (strawberry's "basic" fields: no resolver, no
arguments, no field extensions, a scalar or enum type) are read and serialised directly.

Nothing changes in what a client sees: whenever the direct way meets anything but an
ordinary value (an exception, a null in a non-null field, a serialiser refusing the value) the
field is run again the standard way, which reads it again (reading an attribute has no
effect) and produces graphql-core's own error and null propagation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_SLOW = object()
"""The direct way could not produce the value: run the field the standard way."""


@dataclass(frozen=True, slots=True)
class _Leaf:
    """How to produce one basic scalar or enum field directly."""

    read: Callable[[Any], Any]
    serialize: Callable[[Any], Any]
    nullable: bool

    def value(self, source: Any) -> Any:
        try:
            value = self.read(source)
            if value is None:
                return None if self.nullable else _SLOW
            serialized = self.serialize(value)
        except Exception:  # the standard way reports it properly
            return _SLOW
        if serialized is None or serialized is Undefined:
            return _SLOW
        return serialized


def _leaf(field: Any) -> _Leaf | None:
    resolve = field.resolve
    if resolve is None or not getattr(resolve, "_is_default", False) or field.args:
        return None
    return_type, nullable = field.type, True
    if isinstance(return_type, GraphQLNonNull):
        return_type, nullable = return_type.of_type, False
    if not isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
        return None

    def read(source: Any) -> Any:
        return resolve(source, None)

    return _Leaf(read=read, serialize=return_type.serialize, nullable=nullable)


_LEAVES: dict[GraphQLObjectType, dict[str, _Leaf]] = {}


def _leaves_of(parent_type: GraphQLObjectType) -> dict[str, _Leaf]:
    found = _LEAVES.get(parent_type)
    if found is None:
        found = {}
        for name, field in parent_type.fields.items():
            leaf = _leaf(field)
            if leaf is not None:
                found[name] = leaf
        _LEAVES[parent_type] = found
    return found


class MedregExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with basic leaves read directly (see the module's text).
    Field middleware (a schema extension with a ``resolve`` hook) would see every field, so
    with one present every field goes the standard way."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        leaves = _leaves_of(parent_type)
        if not leaves or (self.middleware_manager and self.middleware_manager.middlewares):
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for response_name, details in grouped_field_set.items():
                leaf = leaves.get(details[0].node.name.value)
                if leaf is not None and not details[0].node.arguments:
                    value = leaf.value(source_value)
                    if value is not _SLOW:
                        results[response_name] = value
                        continue
                result = self.execute_field(
                    parent_type,
                    source_value,
                    details,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self._gather_fields(results, awaitable_fields)

    async def _gather_fields(
        self, results: dict[str, Any], awaitable_fields: list[str]
    ) -> dict[str, Any]:
        if len(awaitable_fields) == 1:
            name = awaitable_fields[0]
            results[name] = await results[name]
            return results
        values = await gather_with_cancel(*(results[name] for name in awaitable_fields))
        results.update(zip(awaitable_fields, values, strict=True))
        return results
