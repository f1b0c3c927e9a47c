"""Lean resolvers answer exactly as strawberry's own chain: every way a resolver may ask for
``self``, ``info``, ``root`` and ``parent``, sync and async, values, nulls and errors at the
same paths; fields that need strawberry's chain (arguments, permissions) keep it."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from strawberry.permission import BasePermission

from schema import lean
from schema.root import build_schema


class Refuse(BasePermission):
    message = "refused"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return bool(info.context.get("allowed"))


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def with_self(self) -> str:
        return f"self:{self.name}"

    @strawberry.field
    def with_info(self, info: strawberry.Info) -> str:
        return f"{self.name}@{info.context['where']}:{info.path.key}:{info.field_name}"

    @strawberry.field
    def with_root(self, root: Any) -> str:
        return f"root:{root.name}"

    @strawberry.field
    def with_parent(self, parent: strawberry.Parent[Any], info: strawberry.Info) -> str:
        return f"parent:{parent.name}:{info.context['where']}"

    @strawberry.field
    @staticmethod
    def only_info(info: strawberry.Info) -> str:
        return f"info:{info.context['where']}"

    @strawberry.field
    async def later(self, info: strawberry.Info) -> str:
        return f"later:{self.name}:{info.context['where']}"

    @strawberry.field
    def broken(self) -> str:
        raise ValueError(f"broken {self.name}")

    @strawberry.field
    def nothing(self) -> str:
        return None  # type: ignore[return-value]  # a null in a non-null field

    @strawberry.field
    def maybe(self) -> str | None:
        return None

    @strawberry.field
    def shout(self, loud: bool = False) -> str:
        return self.name.upper() if loud else self.name

    @strawberry.field(permission_classes=[Refuse])
    def secret(self) -> str | None:
        return "secret"


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(name="a"), Item(name="b")]


DOCUMENT = """{ items { name withSelf withInfo withRoot withParent onlyInfo later maybe
    shout(loud: true) secret } }"""
BROKEN = "{ items { name broken } }"
NULL_IN_NON_NULL = "{ items { name nothing } }"


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema, int]:
    standard, leaner = strawberry.Schema(query=Query), strawberry.Schema(query=Query)
    replaced = lean.install(leaner._schema, leaner.config.info_class, leaner.schema_converter)
    return standard, leaner, replaced


def _lean_fields(schema: strawberry.Schema) -> set[str]:
    item = schema._schema.type_map["Item"]
    return {
        name
        for name, field in item.fields.items()  # type: ignore[attr-defined]
        if getattr(field.resolve, "__module__", "") == lean.__name__
    }


def test_eligible_fields_get_lean_resolvers_and_the_others_keep_strawberrys() -> None:
    _standard, leaner, replaced = _schemas()
    fields = _lean_fields(leaner)
    assert fields == {
        "withSelf",
        "withInfo",
        "withRoot",
        "withParent",
        "onlyInfo",
        "later",
        "broken",
        "nothing",
        "maybe",
    }
    assert replaced == len(fields) + 1  # and Query.items


@pytest.mark.parametrize("allowed", [True, False])
@pytest.mark.parametrize("document", [DOCUMENT, BROKEN, NULL_IN_NON_NULL])
async def test_lean_resolvers_answer_as_strawberrys(document: str, allowed: bool) -> None:
    standard, leaner, _replaced = _schemas()
    context = {"where": "here", "allowed": allowed}
    expected = await standard.execute(document, context_value=context)
    answered = await leaner.execute(document, context_value=context)
    assert answered.data == expected.data
    assert [(e.message, e.path) for e in answered.errors or []] == [
        (e.message, e.path) for e in expected.errors or []
    ]
    if document == DOCUMENT:
        assert expected.data is not None
        first = expected.data["items"][0]
        assert first["withInfo"] == "a@here:withInfo:withInfo"
        assert first["withParent"] == "parent:a:here"
        assert (first["secret"] == "secret") is allowed
    else:
        assert expected.errors  # the cases really contain errors


def test_the_served_schema_resolves_most_argument_free_fields_leanly() -> None:
    schema = build_schema()
    application = schema._schema.type_map["Application"]
    item = application.fields["item"]  # type: ignore[attr-defined]
    assert item.resolve.__module__ == lean.__name__
