"""What the executor (``schema.execution``) works out about an operation that is the same in
every request running it, kept from one request to the next.

graphql-core collects an object's sub-selection again in every request, and the executor
works out again which of its fields have a direct way: for a prepared document (parsed once,
``schema.prepared``) the answers never change, unless the variables can change them. So
they are kept by operation, for operations whose selections no variable can change: no
``@skip`` or ``@include`` with a variable condition, nothing deferred or streamed, no other
directive on a selection, no fragment arguments. Any other operation is worked out per
request, as graphql-core does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

_KEPT_MAX = 256
"""Operations kept (with their documents): beyond it, all are forgotten and worked out
again; the prepared documents' cache is of the same size."""


@dataclass(slots=True)
class OperationPlans:
    """The collected sub-selections of one operation and how the executor answers each in
    one go, by object type and the ids of the selections' nodes (kept alive with the
    operation's document)."""

    subfields: dict[tuple[Any, tuple[int, ...]], Any] = field(default_factory=dict)
    direct: dict[tuple[Any, tuple[int, ...]], Any] = field(default_factory=dict)


_KEPT: dict[int, tuple[OperationDefinitionNode, OperationPlans | None]] = {}


def plans_of(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> OperationPlans | None:
    """The plans kept for ``operation``, or ``None`` when the variables can change what it
    selects."""
    found = _KEPT.get(id(operation))
    if found is not None and found[0] is operation:
        return found[1]
    plans = None if _varies(operation, fragments) else OperationPlans()
    if len(_KEPT) >= _KEPT_MAX:
        _KEPT.clear()
    _KEPT[id(operation)] = (operation, plans)
    return plans


def _varies(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> bool:
    """Whether what ``operation`` selects can change from one request to the next."""
    pending: list[SelectionSetNode] = [operation.selection_set]
    for fragment in fragments.values():
        if fragment.directives or getattr(fragment, "variable_definitions", None):
            return True
        pending.append(fragment.selection_set)
    while pending:
        for selection in pending.pop().selections:
            for directive in selection.directives or ():
                if directive.name.value not in ("skip", "include"):
                    return True
                arguments = directive.arguments or ()
                if not all(isinstance(a.value, BooleanValueNode) for a in arguments):
                    return True
            if isinstance(selection, FragmentSpreadNode):
                if getattr(selection, "arguments", None):
                    return True
                continue
            if isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                pending.append(selection.selection_set)
    return False
