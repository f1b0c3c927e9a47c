"""Which fields a client asked for on the nodes of a connection, so that a page reads only
the columns it shows.

The names are read from the operation's own field nodes, fragments included. Directives
(``@include``, ``@skip``) are not evaluated: a field they leave out still counts, so the
answer is never smaller than what the page shows. It is worked out once per field node of a
prepared document, which is parsed once and kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

from schema.context import Info

_NODES_OF: dict[tuple[int, ...], tuple[object, frozenset[str]]] = {}
"""By the ids of the connection's field nodes, kept alive with the answer so that their ids
are not reused."""
_NODES_OF_MAX = 512


def fields_of_nodes(info: Info) -> frozenset[str]:
    """The names of the fields selected on the nodes of the connection ``info`` resolves
    (``edges { node { … } }`` and ``nodes { … }``)."""
    raw = info._raw_info
    field_nodes = raw.field_nodes
    key = tuple(id(node) for node in field_nodes)
    found = _NODES_OF.get(key)
    if found is not None:
        return found[1]
    fragments = raw.fragments
    names: set[str] = set()
    for connection in _fields(field_nodes, fragments):
        if connection.name.value == "nodes":
            names.update(f.name.value for f in _fields([connection], fragments))
        elif connection.name.value == "edges":
            for edge_field in _fields([connection], fragments):
                if edge_field.name.value == "node":
                    names.update(f.name.value for f in _fields([edge_field], fragments))
    answer = frozenset(names)
    if len(_NODES_OF) >= _NODES_OF_MAX:  # documents come and go: forget them
        _NODES_OF.clear()
    _NODES_OF[key] = (field_nodes, answer)
    return answer


def _fields(
    parents: Iterable[FieldNode], fragments: dict[str, FragmentDefinitionNode]
) -> list[FieldNode]:
    """The fields selected directly under ``parents``, through fragments."""
    found: list[FieldNode] = []
    for parent in parents:
        if parent.selection_set is not None:
            _collect(parent.selection_set, fragments, found, set())
    return found


def _collect(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    found: list[FieldNode],
    spread: set[str],
) -> None:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            _collect(selection.selection_set, fragments, found, spread)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in spread:  # validation forbids cycles
                spread.add(name)
                _collect(fragment.selection_set, fragments, found, spread)
