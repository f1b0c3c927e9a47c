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

Better still, an object whose whole sub-selection is made of basic fields (an edge, its node
and the node's district on the directory page) is answered in one go, by a function made
for that sub-selection (``schema.answers``): no response path, no sub-selection collected
again, nothing awaited. When that meets anything but ordinary values, that object alone is
answered field by field as above.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from graphql import GraphQLObjectType, GraphQLOutputType
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.answers import Answer, Step, answer_for, is_plain_object
from schema.operation_plans import plans_of as plans_of_operation
from schema.plans import SLOW, Leaf, ListPlan, ObjectPlan, Plan, plans_of, typename_of

_Steps = list[tuple[str, Any, Plan | None]]


def _nodes(field_details_list: Any) -> tuple[int, ...]:
    """The selections a field details list stands for, the same in every request."""
    return tuple(id(details.node) for details in field_details_list)


class MedregExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with basic fields read directly (see the module's text).
    Field middleware (a schema extension with a ``resolve`` hook) would see every field, so
    with one present every field goes the standard way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._middleware = bool(self.middleware_manager and self.middleware_manager.middlewares)
        kept = (
            None
            if self._middleware
            else plans_of_operation(self.operation, self.fragment_definitions)
        )
        # What is kept for the operation across requests (``schema.operation_plans``), by
        # the selections' nodes; and this request's own, by the objects graphql-core made
        # for it (the root's are made again in every request).
        self._kept = kept
        self._steps: dict[tuple[GraphQLObjectType, int], tuple[Any, _Steps | None]] = {}
        self._direct: dict[tuple[GraphQLObjectType, int], tuple[Any, Answer | None]] = {}

    def collect_subfields(self, return_type: GraphQLObjectType, field_details_list: Any) -> Any:
        """graphql-core's, kept across requests for an operation whose selections no
        variable can change: keyed by the selections' nodes, which the kept document holds."""
        if self._kept is None:
            return super().collect_subfields(return_type, field_details_list)
        kept = self._kept.subfields
        key = (return_type, _nodes(field_details_list))
        found = kept.get(key)
        if found is None:
            found = kept[key] = super().collect_subfields(return_type, field_details_list)
        return found

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
                result: Any = SLOW
                if isinstance(plan, Leaf):
                    result = plan.value(source_value)
                    if result is not SLOW:  # a serialised scalar: never awaitable
                        results[response_name] = result
                        continue
                elif isinstance(plan, ListPlan):
                    result = self._list(
                        plan, parent_type, source_value, response_name, details, path,
                        position_context,
                    )  # fmt: skip
                elif isinstance(plan, ObjectPlan):
                    result = self._object(
                        plan, parent_type, source_value, response_name, details, path,
                        position_context,
                    )  # fmt: skip
                if result is SLOW:
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
        plans = plans_of(parent_type)
        steps: _Steps | None = None
        if plans and not self._middleware:
            steps = []
            for response_name, details in grouped_field_set.items():
                node = details[0].node
                name = node.name.value
                if name == "__typename":
                    plan: Plan | None = typename_of(parent_type)
                else:
                    plan = None if node.arguments else plans.get(name)
                steps.append((response_name, details, plan))
        # The grouped field set is kept alive with its steps, so its id is not reused.
        self._steps[key] = (grouped_field_set, steps)
        return steps

    def _direct_of(self, object_type: GraphQLObjectType, details: Any) -> Answer | None:
        """How to answer the sub-selection ``details`` of an object of ``object_type`` in one
        go, worked out once per request; ``None`` when one of its fields, at any depth, is
        not basic, carries a directive, or defers anything."""
        key = (object_type, id(details))
        found = self._direct.get(key)
        if found is not None:
            return found[1]
        kept = self._kept
        if kept is None:
            direct = self._work_out_direct(object_type, details)
        else:
            kept_key = (object_type, _nodes(details))
            if kept_key in kept.direct:
                direct = kept.direct[kept_key]
            else:
                direct = kept.direct[kept_key] = self._work_out_direct(object_type, details)
        # ``details`` is kept alive with its answer, so its id is not reused.
        self._direct[key] = (details, direct)
        return direct

    def _work_out_direct(self, object_type: GraphQLObjectType, details: Any) -> Answer | None:
        grouped_field_set, new_defer_usages, _forbidden = self.collect_subfields(
            object_type, details
        )
        steps = None if new_defer_usages else self._steps_of(object_type, grouped_field_set)
        return None if steps is None else self._direct_steps(steps)

    def _direct_steps(self, steps: _Steps) -> Answer | None:
        found: list[Step] = []
        for response_name, details, plan in steps:
            if plan is None:
                return None
            if isinstance(plan, Leaf):
                found.append((response_name, plan, None))
                continue
            if any(d.node.directives for d in details):
                return None
            sub = self._direct_of(plan.object_type, details)
            if sub is None:
                return None
            found.append((response_name, plan, sub))
        return answer_for(tuple(found))

    def _at_once(
        self, object_type: GraphQLObjectType, details: Any, value: Any, position_context: Any
    ) -> Any:
        """``value``'s sub-selection answered in one go, or ``SLOW`` when it cannot be (a
        field that is not plain, anything deferred, a value that is not ordinary)."""
        if position_context is not None:
            return SLOW
        direct = self._direct_of(object_type, details)
        return SLOW if direct is None else direct(value, self.is_awaitable)

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """graphql-core's completion of an object a resolver returned (checked to be of its
        type), answered in one go when its whole sub-selection is plain fields: the page a
        ``Connection`` resolver returns, each authority of a list."""
        answer = self._at_once(return_type, field_details_list, result, position_context)
        if answer is not SLOW:
            return answer
        return super().collect_and_execute_subfields(
            return_type, field_details_list, path, result, position_context
        )

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
        plan: ObjectPlan,
        parent_type: GraphQLObjectType,
        source: Any,
        response_name: str,
        details: Any,
        path: Path | None,
        position_context: Any,
    ) -> Any:
        """What ``execute_field`` makes of a basic object field, once its value is read."""
        value = plan.value_of(source)
        if value is None or value is SLOW:
            return value
        if not self._plain_object(value, plan.object_type):
            return SLOW
        answer = self._at_once(plan.object_type, details, value, position_context)
        if answer is not SLOW:
            return answer
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
        return is_plain_object(value, object_type, self.is_awaitable)

    def _list(
        self,
        plan: ListPlan,
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
            return SLOW  # @stream and the like: graphql-core's own
        value = plan.value_of(source)
        if value is None or value is SLOW:
            return value
        if not isinstance(value, list | tuple):
            return SLOW  # any other iterable might be consumed by reading it
        for item in value:
            if item is None:
                if not plan.item_nullable:
                    return SLOW
            elif not self._plain_object(item, plan.object_type):
                return SLOW
        is_awaitable = self.is_awaitable
        direct = (
            None if position_context is not None else self._direct_of(plan.object_type, details)
        )
        field_path = Path(path, response_name, parent_type.name)
        completed: list[Any] = []
        pending: list[int] = []
        try:
            for index, item in enumerate(value):
                if item is None:
                    completed.append(None)
                    continue
                if direct is not None:
                    answer = direct(item, self.is_awaitable)
                    if answer is not SLOW:
                        completed.append(answer)
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
