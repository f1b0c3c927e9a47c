"""The faster executor answers exactly as graphql-core's own: the same data, the same errors at
the same paths, the same null propagation, for every kind of field a page is made of."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution import MedregExecutionContext


@strawberry.enum
class Colour(enum.Enum):
    RED = "RED"
    BLUE = "BLUE"


class Broken:
    """An attribute that raises when read."""

    def __get__(self, obj: Any, owner: Any) -> str:
        if obj is None:
            return "descriptor"
        raise RuntimeError("cannot read")

    def __set__(self, obj: Any, value: Any) -> None:
        """A data descriptor, so it wins over the instance's own value."""


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Leaf(Named):
    nickname: str | None
    colour: Colour
    maybe_colour: Colour | None
    count: int
    ratio: float
    flag: bool
    key: strawberry.ID

    @strawberry.field
    async def echo(self) -> str:
        return self.name


@strawberry.type
class Parent:
    title: str
    leaves: list[Leaf]
    optional_leaves: list[Leaf | None]
    favourite: Leaf | None
    main: Leaf
    wrong: Leaf | None
    mixed: list[Leaf]

    @strawberry.field
    async def later(self) -> Leaf:
        return self.leaves[0]

    @strawberry.field
    def shout(self, loud: bool = False) -> str:
        return self.title.upper() if loud else self.title


def _leaf(name: str, **changes: Any) -> Leaf:
    values: dict[str, Any] = {
        "name": name,
        "nickname": None,
        "colour": Colour.RED,
        "maybe_colour": None,
        "count": 3,
        "ratio": 0.5,
        "flag": True,
        "key": strawberry.ID(f"id-{name}"),
    }
    values.update(changes)
    return Leaf(**values)


class _BrokenLeaf(Leaf):
    name = Broken()  # type: ignore[assignment]


class _Shouted:
    """Not a string, but a value a ``String`` serialises through its ``__str__``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text.upper()


class _Text(str):
    """A string of another type."""


def _parents() -> list[Parent | None]:
    broken = _leaf("x")
    broken.__class__ = _BrokenLeaf
    return [
        Parent(
            title="ordinary",
            leaves=[_leaf("a", nickname="aa"), _leaf("b", colour=Colour.BLUE)],
            optional_leaves=[None, _leaf("c")],
            favourite=_leaf("f", maybe_colour=Colour.BLUE),
            main=_leaf("m"),
            wrong="not a leaf",  # type: ignore[arg-type]
            mixed=(_leaf("t"), _leaf("u")),  # type: ignore[arg-type]
        ),
        Parent(
            title="null in a non-null leaf",
            leaves=[_leaf("a"), _leaf(None)],  # type: ignore[arg-type]
            optional_leaves=[_leaf(None)],  # type: ignore[arg-type]
            favourite=_leaf(None),  # type: ignore[arg-type]
            main=_leaf("m"),
            wrong=None,
            mixed=[_leaf("a"), None],  # type: ignore[list-item]
        ),
        Parent(
            title="values the serialisers refuse",
            leaves=[_leaf("a", count="many")],
            optional_leaves=[_leaf("b", colour="GREEN"), _leaf("c", ratio=float("nan"))],
            favourite=_leaf("d", flag="yes", count=2**40),
            main=_leaf(None),  # type: ignore[arg-type]
            wrong=_leaf("w"),
            mixed=[_leaf("a"), "not a leaf"],  # type: ignore[list-item]
        ),
        Parent(
            title="an attribute that raises",
            leaves=[broken],
            optional_leaves=[broken],
            favourite=broken,
            main=broken,
            wrong=None,
            mixed=iter([_leaf("g")]),  # type: ignore[arg-type]
        ),
        Parent(
            title="values the serialisers convert",
            leaves=[
                _leaf(_Shouted("s"), count=True, key=7, flag=1),  # type: ignore[arg-type]
                _leaf(_Text("t"), count=2**31 - 1, key=_Text("k"), ratio=2),
            ],
            optional_leaves=[_leaf("o", count=-(2**31), flag=0.0)],
            favourite=None,
            main=_leaf("m", count=False, key=1.0),
            wrong=None,
            mixed=[_leaf("z", key=_Shouted("id"))],
        ),
    ]


@strawberry.type
class Query:
    @strawberry.field
    def parents(self) -> list[Parent | None]:
        return _parents()


LEAF_FIELDS = "name nickname colour maybeColour count ratio flag key"
DOCUMENTS = [
    f"{{ parents {{ title leaves {{ {LEAF_FIELDS} }} }} }}",
    f"{{ parents {{ optionalLeaves {{ {LEAF_FIELDS} }} favourite {{ {LEAF_FIELDS} }} }} }}",
    "{ parents { later { name colour } shout(loud: true) quiet: shout } }",
    "{ parents { first: leaves { n: name name c: colour } again: leaves { name } } }",
    "query Q($on: Boolean!) { parents { leaves { name @include(if: $on) count @skip(if: $on)"
    " ...F } favourite { ... on Leaf { key } } } } fragment F on Leaf { flag colour }",
    "{ parents { __typename leaves { __typename name } } }",
    f"{{ parents {{ main {{ {LEAF_FIELDS} }} wrong {{ name }} favourite {{ name }} }} }}",
    "{ parents { main { ... on Named { name } } wrong { __typename } } }",
    "{ parents { title mixed { name echo } } }",
    "{ parents { leaves { echo name } optionalLeaves { echo } } }",
]


async def _run(document: str, executor: type[Any]) -> dict[str, Any]:
    schema = strawberry.Schema(query=Query, execution_context_class=executor)
    result = await schema.execute(document, variable_values={"on": True})
    errors = sorted(
        (str(e.path), e.message) for e in result.errors or []
    )  # gathered concurrently, so compare as a set
    # The JSON too: ``True == 1`` and ``1 == 1.0`` in Python, not in a response.
    return {"data": result.data, "json": json.dumps(result.data), "errors": errors}


@pytest.mark.parametrize("document", DOCUMENTS)
async def test_the_faster_executor_answers_as_graphql_core_does(document: str) -> None:
    standard = await _run(document, StrawberryGraphQLCoreExecutionContext)
    faster = await _run(document, MedregExecutionContext)
    assert faster == standard


async def test_the_cases_above_include_errors_and_null_propagation() -> None:
    """The comparison above is worth something only if the standard answers hold errors."""
    answer = await _run(DOCUMENTS[0], StrawberryGraphQLCoreExecutionContext)
    messages = " ".join(message for _path, message in answer["errors"])
    assert "Cannot return null for non-nullable field Leaf.name" in messages
    assert "cannot read" in messages
    assert "Int cannot represent non-integer value" in messages
    assert answer["data"]["parents"][0]["leaves"][1]["colour"] == "BLUE"
    assert answer["data"]["parents"][1] is None  # a null bubbled up to the nullable parent
    later = await _run(DOCUMENTS[2], StrawberryGraphQLCoreExecutionContext)
    assert later["data"]["parents"][0]["later"]["name"] == "a"  # an async resolver ran
    objects = await _run(DOCUMENTS[6], StrawberryGraphQLCoreExecutionContext)
    messages = " ".join(message for _path, message in objects["errors"])
    assert "Expected value of type 'Leaf'" in messages
    assert objects["data"]["parents"][0]["main"]["name"] == "m"
    assert objects["data"]["parents"][1]["favourite"] is None  # a null inside, caught here
    lists = await _run(DOCUMENTS[8], StrawberryGraphQLCoreExecutionContext)
    assert lists["data"]["parents"][0]["mixed"] == [
        {"name": "t", "echo": "t"},
        {"name": "u", "echo": "u"},
    ]  # a tuple
    assert lists["data"]["parents"][1] is None  # a null item in a list of non-null items
    assert lists["data"]["parents"][2] is None  # an item of another type
    assert lists["data"]["parents"][3]["mixed"] == [{"name": "g", "echo": "g"}]  # a generator
    converted = answer["data"]["parents"][4]["leaves"]
    assert converted[0] == {**converted[0], "name": "S", "count": 1, "key": "7", "flag": True}
    assert converted[1] == {**converted[1], "name": "t", "count": 2**31 - 1, "ratio": 2.0}
    awaited = await _run(DOCUMENTS[9], StrawberryGraphQLCoreExecutionContext)
    assert awaited["data"]["parents"][0]["leaves"][0]["echo"] == "a"  # awaited in an item
    assert awaited["errors"]


async def test_basic_leaves_skip_graphql_cores_field_machinery(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What makes it faster: a plain scalar or enum attribute never goes through
    ``execute_field`` unless its value needs graphql-core's own error handling."""
    executed: list[str] = []
    original = StrawberryGraphQLCoreExecutionContext.execute_field

    def counting(self: Any, parent_type: Any, source: Any, details: Any, *rest: Any) -> Any:
        executed.append(f"{parent_type.name}.{details[0].node.name.value}")
        return original(self, parent_type, source, details, *rest)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_field", counting)
    await _run(
        "{ parents { title leaves { name colour count } main { name } } }", MedregExecutionContext
    )
    assert "Parent.title" not in executed
    assert "Parent.main" not in executed
    assert "Parent.leaves" not in executed  # so do lists of objects
    ordinary_leaves = [name for name in executed if name.startswith("Leaf.")]
    # Only the values that need graphql-core's errors went the standard way: the null name
    # (parent 2), the refused count (parent 3) and the raising name (parent 4); the last two
    # null their parent, whose ``main`` is then never read.
    assert sorted(ordinary_leaves) == ["Leaf.count", "Leaf.name", "Leaf.name"]


async def test_objects_of_basic_fields_are_answered_in_one_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An item whose whole sub-selection is basic never reaches ``execute_fields``; only the
    items holding a value that needs graphql-core's errors are answered field by field."""
    answered: list[str] = []
    original = MedregExecutionContext.execute_fields

    def counting(self: Any, parent_type: Any, *rest: Any) -> Any:
        answered.append(parent_type.name)
        return original(self, parent_type, *rest)

    monkeypatch.setattr(MedregExecutionContext, "execute_fields", counting)
    document = "{ parents { leaves { __typename name colour } main { key } } }"
    faster = await _run(document, MedregExecutionContext)
    assert faster == await _run(document, StrawberryGraphQLCoreExecutionContext)
    assert faster["data"]["parents"][0]["leaves"][1] == {
        "__typename": "Leaf",
        "name": "b",
        "colour": "BLUE",
    }
    # Parents 1 and 3, which a resolver returned, are answered in one go, leaves and main
    # included; in parents 2 and 4 only the leaf holding a null name and the one whose name
    # raises are answered field by field.
    assert answered.count("Parent") == 2
    assert answered.count("Leaf") == 2


def test_enum_values_are_named_as_strawberry_names_them() -> None:
    """Every enum of the served schema: each member gets strawberry's name for it, and
    what is not a member goes to strawberry's serialiser, which refuses it the same way."""
    from graphql import GraphQLEnumType, GraphQLError

    from schema.plans import enum_serializer
    from schema.root import build_schema

    enums = [
        t
        for t in build_schema()._schema.type_map.values()
        if isinstance(t, GraphQLEnumType) and hasattr(t, "wrapped_cls")
    ]
    assert len(enums) > 20
    for enum_type in enums:
        named = enum_serializer(enum_type)
        for member in enum_type.wrapped_cls:
            assert named(member) == enum_type.serialize(member)
        first = next(iter(enum_type.values))
        assert named(first) == enum_type.serialize(first)  # a name given as a string
        for serialize in (enum_type.serialize, named):
            with pytest.raises(GraphQLError, match="cannot represent value: 'NOT A VALUE'"):
                serialize("NOT A VALUE")


async def test_what_no_variable_can_change_is_worked_out_once_per_operation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A document parsed once (strawberry's parser cache here, prepared operations in the
    app) has its sub-selections collected in its first request only, unless a variable can
    change them; either way every answer is graphql-core's own."""
    from strawberry.extensions import ParserCache

    collected: list[str] = []
    original = StrawberryGraphQLCoreExecutionContext.collect_subfields

    def counting(self: Any, return_type: Any, details: Any) -> Any:
        collected.append(return_type.name)
        return original(self, return_type, details)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "collect_subfields", counting)
    faster = strawberry.Schema(
        query=Query, execution_context_class=MedregExecutionContext, extensions=[ParserCache]
    )
    standard = strawberry.Schema(
        query=Query, execution_context_class=StrawberryGraphQLCoreExecutionContext
    )
    fixed = (  # a variable in an argument changes values, not selections
        "query F($on: Boolean!) { parents { shout(loud: $on) leaves { name @include(if: true) } } }"
    )
    varying = "query V($on: Boolean!) { parents { leaves { name @include(if: $on) count } } }"
    for document, kept in ((fixed, True), (varying, False)):
        counts = []
        for on in (True, False, True):
            collected.clear()
            answer = await faster.execute(document, variable_values={"on": on})
            counts.append(len(collected))
            expected = await standard.execute(document, variable_values={"on": on})
            assert expected.data is not None  # the document ran (the data hold errors)
            assert answer.data == expected.data
            assert sorted(map(str, answer.errors or [])) == sorted(map(str, expected.errors))
        assert counts[0] > 0
        if kept:
            assert counts[1:] == [0, 0]
        else:
            assert all(counts[1:]), counts  # collected again in every request


def test_an_operation_varies_with_variable_conditions_deferral_and_unknown_directives() -> None:
    from graphql import parse

    from schema.operation_plans import _varies

    def varies(document: str) -> bool:
        parsed = parse(document)
        operation = parsed.definitions[0]
        fragments = {d.name.value: d for d in parsed.definitions[1:]}  # type: ignore[attr-defined]
        return _varies(operation, fragments)  # type: ignore[arg-type]

    assert not varies("{ a { b @skip(if: false) ... on T @include(if: true) { c } } }")
    assert not varies("{ a { ...F } } fragment F on T { b c { d } }")
    assert varies("query Q($v: Boolean!) { a { b @skip(if: $v) } }")
    assert varies("query Q($v: Boolean!) { a { ...F } } fragment F on T { b @include(if: $v) }")
    assert varies("{ a { ... @defer { b } } }")
    assert varies("{ a { b @custom } }")


async def test_answers_are_written_once_even_where_plans_are_worked_out_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An operation whose selections a variable can change works out its plans in every
    request; the functions answering its sub-selections are still written only once."""
    from schema import answers

    written: list[int] = []
    original = answers.compile_answer

    def counting(steps: Any) -> Any:
        written.append(len(steps))
        return original(steps)

    monkeypatch.setattr(answers, "compile_answer", counting)
    monkeypatch.setattr(answers, "_ANSWERS", {})
    varying = "query V($on: Boolean!) { parents { leaves { name @include(if: $on) count } } }"
    faster = strawberry.Schema(query=Query, execution_context_class=MedregExecutionContext)
    standard = strawberry.Schema(query=Query)
    counts = []
    for on in (True, False, True, False):
        written.clear()
        answer = await faster.execute(varying, variable_values={"on": on})
        expected = await standard.execute(varying, variable_values={"on": on})
        assert json.dumps(answer.data) == json.dumps(expected.data)
        counts.append(len(written))
    assert counts[0] > 0  # each selection of leaves, the first time it is met
    assert counts[1] > 0
    assert counts[2:] == [0, 0]
