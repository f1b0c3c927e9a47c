"""An object's sub-selection answered in one go by a function made for it.

When every field of a sub-selection, at every depth, is basic (``schema.plans``), the
executor answers an object of it in one call (``MedregExecutionContext._at_once``). A loop
over the fields' plans did it first; it paid, for every field of every item, the unpacking of
a step, a test of the plan's kind and the lookups of its reader and serialiser. Here the
steps are made once into the text of a function, one statement per field, the readers and
serialisers bound to it, and the most common values (a ``str`` for a ``String`` or an
``ID``, an ``int`` in range for an ``Int``, a ``bool``) are taken as they are, as
graphql-core's serialisers take them. The function is kept with the operation's plans, and
made once for the same steps whatever the operation (``answer_for``): an operation whose
selections a variable can change works its plans out in every request, and writing the
text again each time would cost more than the loop did.

What it answers is the loop's answer: the dict of the sub-selection, or ``SLOW`` as soon as
any value at any depth is not ordinary (an exception, a null in a non-null field, a value
the serialiser refuses, an object of another type or an awaitable), and then nothing of it is
used and graphql-core answers that object field by field.
"""

from __future__ import annotations

from collections.abc import Callable
from types import GeneratorType
from typing import Any

from graphql import GraphQLObjectType
from graphql.pyutils import Undefined
from graphql.type.scalars import (
    serialize_boolean,
    serialize_id,
    serialize_int,
    serialize_string,
)

from schema.plans import SLOW, Leaf, ListPlan, ObjectPlan, Plan

Answer = Callable[[Any, Callable[[Any], bool]], Any]
"""``answer(source, is_awaitable)``: the sub-selection's dict, or ``SLOW``."""

Step = tuple[str, Plan, "Answer | None"]
"""A field's response name, its plan and, for an object or a list, its objects' answer."""

PLAIN_KINDS: set[type] = set()
"""Types whose objects are neither errors nor awaitable (both depend only on the type)."""

_MAX_INT, _MIN_INT = 2**31 - 1, -(2**31)

# For each serialiser, a test of the values it gives back unchanged (``{v}`` is the value).
_AS_THEY_ARE: dict[Callable[[Any], Any], str] = {
    serialize_string: "type({v}) is str",
    serialize_id: "type({v}) is str",
    serialize_boolean: "type({v}) is bool",
    serialize_int: "type({v}) is int and _MIN_INT <= {v} <= _MAX_INT",
}


def is_plain_kind(value: Any, is_awaitable: Callable[[Any], bool]) -> bool:
    """Whether ``value``, of a type not met yet, is neither an error nor awaitable; its type
    is remembered when that holds for every object of it."""
    if isinstance(value, Exception) or is_awaitable(value):
        return False
    kind = type(value)
    if kind is not GeneratorType:  # whether a generator is awaitable is its own
        PLAIN_KINDS.add(kind)
    return True


def is_plain_object(
    value: Any, object_type: GraphQLObjectType, is_awaitable: Callable[[Any], bool]
) -> bool:
    """Whether ``value`` (not ``None``) is an object of ``object_type`` whose sub-selection
    can run at once: not an error, not an awaitable, of that type."""
    if type(value) not in PLAIN_KINDS and not is_plain_kind(value, is_awaitable):
        return False
    is_type_of = object_type.is_type_of
    # strawberry's is_type_of ignores the info
    return is_type_of is None or is_type_of(value, None) is True  # type: ignore[arg-type]


class _Writer:
    """The text of one answer function and the values it is bound to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.bound: dict[str, Any] = {
            "SLOW": SLOW,
            "Undefined": Undefined,
            "PLAIN_KINDS": PLAIN_KINDS,
            "is_plain_kind": is_plain_kind,
            "_MIN_INT": _MIN_INT,
            "_MAX_INT": _MAX_INT,
        }

    def bind(self, name: str, value: Any) -> str:
        self.bound[name] = value
        return name

    def line(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    def null(self, depth: int, nullable: bool, target: str) -> None:
        """What a null value makes of the field: a null, or ``SLOW``."""
        self.line(depth, f"{target} = None" if nullable else "return SLOW")

    def leaf(self, depth: int, i: int, plan: Leaf) -> None:
        read, serialize = self.bind(f"read{i}", plan.read), self.bind(f"ser{i}", plan.serialize)
        self.line(depth, f"v = {read}(source)")
        self.line(depth, "if v is None:")
        self.null(depth + 1, plan.nullable, f"a{i}")
        as_they_are = _AS_THEY_ARE.get(plan.serialize)
        if as_they_are is not None:
            self.line(depth, f"elif {as_they_are.format(v='v')}:")
            self.line(depth + 1, f"a{i} = v")
        self.line(depth, "else:")
        self.line(depth + 1, f"a{i} = {serialize}(v)")
        self.line(depth + 1, f"if a{i} is None or a{i} is Undefined:")
        self.line(depth + 2, "return SLOW")

    def plain(self, depth: int, i: int, object_type: GraphQLObjectType, value: str) -> None:
        """``return SLOW`` unless ``value`` is a plain object of ``object_type``."""
        self.line(depth, f"if type({value}) not in PLAIN_KINDS:")
        self.line(depth + 1, f"if not is_plain_kind({value}, is_awaitable):")
        self.line(depth + 2, "return SLOW")
        if object_type.is_type_of is not None:
            is_type_of = self.bind(f"is_type_of{i}", object_type.is_type_of)
            self.line(depth, f"if {is_type_of}({value}, None) is not True:")
            self.line(depth + 1, "return SLOW")

    def object(self, depth: int, i: int, plan: ObjectPlan, sub: Answer) -> None:
        read, answer = self.bind(f"read{i}", plan.read), self.bind(f"sub{i}", sub)
        self.line(depth, f"v = {read}(source)")
        self.line(depth, "if v is None:")
        self.null(depth + 1, plan.nullable, f"a{i}")
        self.line(depth, "else:")
        if isinstance(plan, ListPlan):
            self.items(depth + 1, i, plan, answer)
            return
        self.plain(depth + 1, i, plan.object_type, "v")
        self.line(depth + 1, f"a{i} = {answer}(v, is_awaitable)")
        self.line(depth + 1, f"if a{i} is SLOW:")
        self.line(depth + 2, "return SLOW")

    def items(self, depth: int, i: int, plan: ListPlan, answer: str) -> None:
        self.line(depth, "if not isinstance(v, list | tuple):")
        self.line(depth + 1, "return SLOW  # any other iterable might be consumed by reading it")
        self.line(depth, f"a{i} = []")
        self.line(depth, "for item in v:")
        self.line(depth + 1, "if item is None:")
        if plan.item_nullable:
            self.line(depth + 2, f"a{i}.append(None)")
            self.line(depth + 2, "continue")
        else:
            self.line(depth + 2, "return SLOW")
        self.plain(depth + 1, i, plan.object_type, "item")
        self.line(depth + 1, f"done = {answer}(item, is_awaitable)")
        self.line(depth + 1, "if done is SLOW:")
        self.line(depth + 2, "return SLOW")
        self.line(depth + 1, f"a{i}.append(done)")


def compile_answer(steps: tuple[Step, ...]) -> Answer:
    """The function answering an object's sub-selection made of ``steps``, in their order."""
    writer = _Writer()
    writer.line(0, "def answer(source, is_awaitable):")
    writer.line(1, "try:")
    writer.line(2, "pass")  # a sub-selection has fields, but the text stays valid without
    for i, (_name, plan, sub) in enumerate(steps):
        if isinstance(plan, Leaf):
            writer.leaf(2, i, plan)
        elif sub is not None:  # always, for an object or a list of objects
            writer.object(2, i, plan, sub)
        else:
            raise ValueError(f"{_name}: an object field without its sub-selection")
    writer.line(1, "except Exception:  # the standard way reports it properly")
    writer.line(2, "return SLOW")
    # Response names are GraphQL names, so their reprs are plain string literals.
    fields = ", ".join(f"{name!r}: a{i}" for i, (name, _plan, _sub) in enumerate(steps))
    writer.line(1, f"return {{{fields}}}")
    namespace = dict(writer.bound)
    exec(compile("\n".join(writer.lines), "<schema.answers>", "exec"), namespace)  # noqa: S102
    answer: Answer = namespace["answer"]
    return answer


_ANSWERS: dict[tuple[Step, ...], Answer] = {}
_ANSWERS_MAX = 1024
"""Answers made, by their steps (plans and the objects' answers are made once per schema,
so the same sub-selection has the same steps); beyond the bound, all are forgotten."""


def answer_for(steps: tuple[Step, ...]) -> Answer:
    """``compile_answer(steps)``, made once for equal steps."""
    found = _ANSWERS.get(steps)
    if found is None:
        if len(_ANSWERS) >= _ANSWERS_MAX:
            _ANSWERS.clear()
        found = _ANSWERS[steps] = compile_answer(steps)
    return found
