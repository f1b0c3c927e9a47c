"""A faster graphql-core executor for the fields most of every page is made of.

A page of 20 institutions is about 150 fields, and most of them are plain attributes (a name,
a code, a status, the node of an edge) whose value is read from the object. graphql-core
builds a response path, a ``ResolveInfo`` and a completion call chain for each of them, which
cost more than the page's SQL. Here strawberry's "basic" fields (no resolver, no arguments,
no field extensions) are read directly: a scalar or enum is serialised at once, an object goes
straight to its own sub-selection, and so does each object of a list (the edges of a page).

Nothing changes in what a client sees. Whenever the direct way meets anything but an ordinary
value (an exception, a null in a non-null field, a serialiser refusing the value, an object of
another type) the field is run again the standard way, which reads it again (reading an
attribute has no effect) and produces graphql-core's own error and null propagation; errors
inside an object's sub-selection are handled exactly as graphql-core's ``execute_field``
handles them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

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


@dataclass(frozen=True, slots=True)
class _Object:
    """How to reach one basic object field's sub-selection directly."""

    read: Callable[[Any], Any]
    object_type: GraphQLObjectType
    return_type: GraphQLOutputType
    nullable: bool


@dataclass(frozen=True, slots=True)
class _List(_Object):
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


def _plan(field: GraphQLField) -> _Plan | None:
    read = _reader(field)
    if read is None:
        return None
    named, nullable = field.type, True
    if isinstance(named, GraphQLNonNull):
        named, nullable = named.of_type, False
    if isinstance(named, GraphQLEnumType):
        return _Leaf(read=read, serialize=_enum_serializer(named), nullable=nullable)
    if isinstance(named, GraphQLScalarType):
        return _Leaf(read=read, serialize=named.serialize, nullable=nullable)
    if isinstance(named, GraphQLObjectType):
        return _Object(read=read, object_type=named, return_type=field.type, nullable=nullable)
    if isinstance(named, GraphQLList):
        item_type = item = named.of_type
        if isinstance(item, GraphQLNonNull):
            item = item.of_type
        if isinstance(item, GraphQLObjectType):
            return _List(
                read=read,
                object_type=item,
                return_type=field.type,
                item_type=item_type,
                nullable=nullable,
                item_nullable=item is item_type,
            )
    return None


def _enum_serializer(enum_type: GraphQLEnumType) -> Callable[[Any], Any]:
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


_Plan = _Leaf | _Object | _List
_Steps = list[tuple[str, Any, _Plan | None]]
_PLANS: dict[GraphQLObjectType, dict[str, _Plan]] = {}


def _plans_of(parent_type: GraphQLObjectType) -> dict[str, _Plan]:
    found = _PLANS.get(parent_type)
    if found is None:
        found = {}
        for name, field in parent_type.fields.items():
            plan = _plan(field)
            if plan is not None:
                found[name] = plan
        _PLANS[parent_type] = found
    return found


class MedregExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with basic fields read directly (see the module's text).
    Field middleware (a schema extension with a ``resolve`` hook) would see every field, so
    with one present every field goes the standard way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._steps: dict[tuple[GraphQLObjectType, int], tuple[Any, _Steps | None]] = {}

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        steps = self._steps_of(parent_type, grouped_field_set)
        if steps is None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for response_name, details, plan in steps:
                result: Any = _SLOW
                if isinstance(plan, _Leaf):
                    result = plan.value(source_value)
                    if result is not _SLOW:  # a serialised scalar: never awaitable
                        results[response_name] = result
                        continue
                elif isinstance(plan, _List):
                    result = self._list(
                        plan, parent_type, source_value, response_name, details, path,
                        position_context,
                    )  # fmt: skip
                elif isinstance(plan, _Object):
                    result = self._object(
                        plan, parent_type, source_value, response_name, details, path,
                        position_context,
                    )  # fmt: skip
                if result is _SLOW:
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        details,
                        Path(path, response_name, parent_type.name),
                        position_context,
                    )
                    if result is Undefined:
                        continue
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

    def _steps_of(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> _Steps | None:
        """Each field of ``grouped_field_set`` with its plan (``None``: the standard way),
        worked out once per request: a page's twenty items share their grouped field sets
        (graphql-core collects each sub-selection once per request). ``None`` when no field
        has a plan, or field middleware must see every field."""
        key = (parent_type, id(grouped_field_set))
        found = self._steps.get(key)
        if found is not None:
            return found[1]
        plans = _plans_of(parent_type)
        steps: _Steps | None = None
        if plans and not (self.middleware_manager and self.middleware_manager.middlewares):
            steps = []
            for response_name, details in grouped_field_set.items():
                node = details[0].node
                plan = None if node.arguments else plans.get(node.name.value)
                steps.append((response_name, details, plan))
        # The grouped field set is kept alive with its steps, so its id is not reused.
        self._steps[key] = (grouped_field_set, steps)
        return steps

    def _subfields(
        self,
        object_type: GraphQLObjectType,
        details: Any,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """``collect_and_execute_subfields``, going straight to ``execute_fields`` when
        nothing is deferred, as graphql-core's incremental executor then does."""
        grouped_field_set, new_defer_usages, _forbidden = self.collect_subfields(
            object_type, details
        )
        if position_context is None and not new_defer_usages:
            return self.execute_fields(object_type, value, path, grouped_field_set, None)
        return self.collect_and_execute_subfields(
            object_type, details, path, value, position_context
        )

    def _object(
        self,
        plan: _Object,
        parent_type: GraphQLObjectType,
        source: Any,
        response_name: str,
        details: Any,
        path: Path | None,
        position_context: Any,
    ) -> Any:
        """What ``execute_field`` makes of a basic object field, once its value is read."""
        try:
            value = plan.read(source)
        except Exception:  # the standard way reports it properly
            return _SLOW
        if value is None:
            return None if plan.nullable else _SLOW
        if not self._plain_object(value, plan.object_type):
            return _SLOW
        field_path = Path(path, response_name, parent_type.name)
        try:
            completed = self._subfields(
                plan.object_type, details, field_path, value, position_context
            )
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.return_type, details, field_path)
            return None
        if self.is_awaitable(completed):
            return self._await_object(completed, plan.return_type, details, field_path)
        return completed

    def _plain_object(self, value: Any, object_type: GraphQLObjectType) -> bool:
        """Whether ``value`` (not ``None``) is an object of ``object_type`` whose
        sub-selection can run at once: not an error, not an awaitable, of that type."""
        if isinstance(value, Exception) or self.is_awaitable(value):
            return False
        is_type_of = object_type.is_type_of
        # strawberry's is_type_of ignores the info
        return is_type_of is None or is_type_of(value, None) is True  # type: ignore[arg-type]

    def _list(
        self,
        plan: _List,
        parent_type: GraphQLObjectType,
        source: Any,
        response_name: str,
        details: Any,
        path: Path | None,
        position_context: Any,
    ) -> Any:
        """What ``execute_field`` makes of a basic list of objects, once its value is read.
        Every item is checked before any sub-selection runs, so a list the direct way cannot
        complete goes the standard way whole, and nothing runs twice."""
        if any(d.node.directives for d in details):
            return _SLOW  # @stream and the like: graphql-core's own
        try:
            value = plan.read(source)
        except Exception:  # the standard way reports it properly
            return _SLOW
        if value is None:
            return None if plan.nullable else _SLOW
        if not isinstance(value, list | tuple):
            return _SLOW  # any other iterable might be consumed by reading it
        for item in value:
            if item is None:
                if not plan.item_nullable:
                    return _SLOW
            elif not self._plain_object(item, plan.object_type):
                return _SLOW
        is_awaitable = self.is_awaitable
        field_path = Path(path, response_name, parent_type.name)
        completed: list[Any] = []
        pending: list[int] = []
        try:
            for index, item in enumerate(value):
                if item is None:
                    completed.append(None)
                    continue
                item_path = Path(field_path, index, None)
                try:
                    done = self._subfields(
                        plan.object_type, details, item_path, item, position_context
                    )
                except Exception as raw_error:
                    self.handle_field_error(raw_error, plan.item_type, details, item_path)
                    done = None
                if is_awaitable(done):
                    done = self._await_object(done, plan.item_type, details, item_path)
                    pending.append(index)
                completed.append(done)
        except Exception as raw_error:  # a null in a non-null item: the list is null
            if pending:
                self.settle_in_background([completed[i] for i in pending])
            self.handle_field_error(raw_error, plan.return_type, details, field_path)
            return None
        if not pending:
            return completed
        return self._await_list(completed, pending, plan.return_type, details, field_path)

    async def _await_list(
        self,
        completed: list[Any],
        pending: list[int],
        return_type: GraphQLOutputType,
        details: Any,
        field_path: Path,
    ) -> Any:
        try:
            values = await gather_with_cancel(*(completed[i] for i in pending))
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, field_path)
            return None
        for index, item in zip(pending, values, strict=True):
            completed[index] = item
        return completed

    async def _await_object(
        self,
        completed: Awaitable[Any],
        return_type: GraphQLOutputType,
        details: Any,
        field_path: Path,
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, field_path)
            return None

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
