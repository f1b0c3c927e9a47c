"""Lean resolvers for the fields whose resolver takes no GraphQL argument.

A page of 20 institutions resolves ``district`` twenty times. Strawberry calls each such
resolver through a chain built for the general case: an ``Info``, argument conversion, the
field extensions' chain, ``get_result`` and the resolver object, about 9 µs a call before the
resolver's own work. For a field without arguments, field extensions or exception handlers
that chain only decides which of ``self``, ``info``, ``root`` and ``parent`` the resolver
asks for: that is decided once here, when the schema is built, and the field's graphql-core
resolver becomes a direct call of the resolver function.

graphql-core still runs the field as any other (resolve info, path, errors, null propagation,
awaitables, field middleware), so a client sees nothing different.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

Resolve = Callable[..., Any]


def install(schema: GraphQLSchema, info_class: type, converter: GraphQLCoreConverter) -> int:
    """Replace the resolver of every eligible field of ``schema`` by a direct call; returns
    how many were replaced."""
    replaced = 0
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field in named.fields.values():
            definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(definition, StrawberryField) or field.args:
                continue
            if converter._get_field_exception_handlers(definition):
                continue
            lean = direct(definition, info_class)
            if lean is not None:
                field.resolve = lean
                replaced += 1
    return replaced


def direct(field: StrawberryField, info_class: type) -> Resolve | None:
    """A graphql-core resolver calling ``field``'s resolver function as strawberry would, or
    ``None`` when strawberry's own chain is needed (no resolver, arguments, extensions)."""
    resolver = field.base_resolver
    if resolver is None or field.extensions or field.arguments or field.is_subscription:
        return None
    function = resolver.wrapped_func
    if not callable(function):
        return None  # strawberry's call raises its own error for it
    takes_self = resolver.self_parameter is not None
    by_name = [
        p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p is not None
    ]
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None
    expected = len(by_name) + (info_name is not None) + takes_self
    if len(resolver.signature.parameters) != expected:
        return None  # a parameter strawberry would fill some other way

    if takes_self and info_name is not None and not by_name:

        def self_and_info(source: Any, info: GraphQLResolveInfo) -> Any:
            return function(source, **{info_name: info_class(_raw_info=info, _field=field)})

        return self_and_info

    def any_of_them(source: Any, info: GraphQLResolveInfo) -> Any:
        kwargs: dict[str, Any] = dict.fromkeys(by_name, source)
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=field)
        return function(source, **kwargs) if takes_self else function(**kwargs)

    return any_of_them
