"""How the executor (``schema.execution``) produces a field without graphql-core's field
machinery: the plan of each of strawberry's "basic" fields (no resolver, no arguments, no
field extensions), worked out once per object type.

A leaf (a scalar, an enum, ``__typename``) is read and serialised at once; an object or a
list of objects is read and goes straight to its own sub-selection. A plan never reports an
error itself: whenever it meets anything but an ordinary value it answers ``SLOW``, and the
field is run the standard way, which reads it again (reading an attribute has no effect) and
reports the error as graphql-core does.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
)
from graphql.pyutils import Undefined
from strawberry.schema.schema_converter import GraphQLCoreConverter

SLOW = object()
"""The direct way could not produce the value: run the field the standard way."""


@dataclass(frozen=True, slots=True)
class Leaf:
    """How to produce one basic scalar or enum field directly."""

    read: Callable[[Any], Any]
    serialize: Callable[[Any], Any]
    nullable: bool

    def value(self, source: Any) -> Any:
        try:
            value = self.read(source)
            if value is None:
                return None if self.nullable else SLOW
            serialized = self.serialize(value)
        except Exception:  # the standard way reports it properly
            return SLOW
        if serialized is None or serialized is Undefined:
            return SLOW
        return serialized


@dataclass(frozen=True, slots=True)
class ObjectPlan:
    """How to reach one basic object field's sub-selection directly."""

    read: Callable[[Any], Any]
    object_type: GraphQLObjectType
    return_type: GraphQLOutputType
    nullable: bool

    def value_of(self, source: Any) -> Any:
        """The field's value: ``None`` when it is null and may be; ``SLOW`` when reading it
        raised, or it is null and may not be."""
        try:
            value = self.read(source)
        except Exception:  # the standard way reports it properly
            return SLOW
        if value is None and not self.nullable:
            return SLOW
        return value


@dataclass(frozen=True, slots=True)
class ListPlan(ObjectPlan):
    """How to reach the sub-selection of each object of one basic list field directly
    (``object_type`` is the items' type)."""

    item_type: GraphQLOutputType
    item_nullable: bool


def _reader(field: GraphQLField) -> Callable[[Any], Any] | None:
    """The attribute read of a basic field: strawberry's resolver for it calls
    ``get_result``, which reads the attribute named ``python_name``."""
    resolve = field.resolve
    if resolve is None or not getattr(resolve, "_is_default", False) or field.args:
        return None
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or definition.base_resolver is not None:
        return None
    if definition.default_resolver is getattr:
        return attrgetter(definition.python_name)
    return lambda source: resolve(source, None)


def _plan(field: GraphQLField) -> Plan | None:
    read = _reader(field)
    if read is None:
        return None
    named, nullable = field.type, True
    if isinstance(named, GraphQLNonNull):
        named, nullable = named.of_type, False
    if isinstance(named, GraphQLEnumType):
        return Leaf(read=read, serialize=enum_serializer(named), nullable=nullable)
    if isinstance(named, GraphQLScalarType):
        return Leaf(read=read, serialize=named.serialize, nullable=nullable)
    if isinstance(named, GraphQLObjectType):
        return ObjectPlan(read=read, object_type=named, return_type=field.type, nullable=nullable)
    if isinstance(named, GraphQLList):
        item_type = item = named.of_type
        if isinstance(item, GraphQLNonNull):
            item = item.of_type
        if isinstance(item, GraphQLObjectType):
            return ListPlan(
                read=read,
                object_type=item,
                return_type=field.type,
                item_type=item_type,
                nullable=nullable,
                item_nullable=item is item_type,
            )
    return None


def enum_serializer(enum_type: GraphQLEnumType) -> Callable[[Any], Any]:
    """The enum's own serialiser, with its members' names looked up once: strawberry's
    compares the value with each of the enum's values in turn."""
    serialize = enum_type.serialize
    members = getattr(enum_type, "wrapped_cls", None)
    if members is None:
        return serialize
    names: dict[Any, Any] = {}
    for member in members:
        with suppress(ValueError):  # left to the serialiser, which reports it
            names[member] = serialize(member)

    def by_name(value: Any) -> Any:
        name = names.get(value) if type(value) is members else None
        return serialize(value) if name is None else name

    return by_name


Plan = Leaf | ObjectPlan | ListPlan
_PLANS: dict[GraphQLObjectType, dict[str, Plan]] = {}


def plans_of(parent_type: GraphQLObjectType) -> dict[str, Plan]:
    found = _PLANS.get(parent_type)
    if found is None:
        found = {}
        for name, field in parent_type.fields.items():
            plan = _plan(field)
            if plan is not None:
                found[name] = plan
        _PLANS[parent_type] = found
    return found


_TYPENAMES: dict[GraphQLObjectType, Leaf] = {}


def typename_of(parent_type: GraphQLObjectType) -> Leaf:
    """``__typename`` of an object of ``parent_type``: always the type's name."""
    found = _TYPENAMES.get(parent_type)
    if found is None:
        name = parent_type.name
        found = _TYPENAMES[parent_type] = Leaf(
            read=lambda _source: name, serialize=str, nullable=False
        )
    return found
