"""Prepared operations: only documents that parse and validate under every hardening rule are
prepared; they skip the extensions' hooks and answer exactly as the extensions' way does, data,
coded refusals and masked errors alike."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from strawberry.types.graphql import OperationType

from api.graphql import MedregGraphQL
from directory import reads as directory
from schema.root import MedregSchema, SchemaLimits, build_schema
from schema.text_input import RejectUnstorableText

GOOD = "{ authorities { code nameZh } }"
ALLOWED = {OperationType.QUERY, OperationType.MUTATION}
TEXT_FILTER = (
    "query Q($n: String) { institutions(filter: { nameContains: $n }) { edges { cursor } } }"
)


def _schema_of(app: Starlette) -> MedregSchema:
    [route] = [r for r in app.routes if getattr(r, "path", None) == "/graphql"]
    schema: MedregSchema = route.app.view.schema  # type: ignore[attr-defined]
    return schema


@pytest.mark.parametrize(
    "document",
    [
        "{ authorities { code }",  # does not parse
        "{ authorities { " + " ".join(["code"] * 10_000) + " } }",  # too many tokens
        "{ " + "institutions { edges { node { " * 8 + "name" + " } } }" * 8 + " }",  # too deep
        "{ " + " ".join(f"a{i}: authorities {{ code }}" for i in range(200)) + " }",  # aliases
        "{ authorities { secret } }",  # no such field
        '{ institutions(filter: { nameContains: "a\\u0000" }) { pageInfo { hasNextPage } } }',
    ],
)
def test_documents_refused_before_execution_are_never_prepared(document: str) -> None:
    prepared = build_schema().prepared
    assert prepared is not None
    assert prepared.find(GOOD, None) is not None
    assert prepared.find(document, None) is None


def test_introspection_is_prepared_only_where_it_is_allowed() -> None:
    query = "{ __schema { queryType { name } } }"
    allowed = build_schema(SchemaLimits(introspection=True)).prepared
    refused = build_schema(SchemaLimits(introspection=False)).prepared
    assert allowed is not None
    assert refused is not None
    assert allowed.find(query, None) is not None
    assert refused.find(query, None) is None


def test_unstorable_variables_and_other_operation_types_are_not_run_directly() -> None:
    prepared = build_schema().prepared
    assert prepared is not None
    query = (
        "query Q($n: String) { institutions(filter: { nameContains: $n }) { edges { cursor } } }"
    )
    assert prepared.runnable(query, None, {"n": "ok"}, ALLOWED) is not None
    assert prepared.runnable(query, None, {"n": "a\x00"}, ALLOWED) is None
    assert prepared.runnable(query, None, {"n": "ok"}, {OperationType.MUTATION}) is None
    assert prepared.runnable(query, 7, None, ALLOWED) is None  # a name that is not text
    assert prepared.runnable(None, None, None, ALLOWED) is None


REQUESTS: list[dict[str, Any]] = [
    {"query": GOOD},
    {"query": "query Q($id: ID!) { institution(id: $id) { name } }", "variables": {"id": [1]}},
    {"query": "query Q($id: ID!) { institution(id: $id) { name } }"},  # a missing variable
    {"query": "{ institutions(first: 1000) { pageInfo { hasNextPage } } }"},  # a coded refusal
    {"query": "mutation { signOut }"},
    {"query": "{ authorities { code } }", "operationName": "Missing"},
    {"query": "query A { authorities { code } } query B { authorities { code } }"},  # A runs
]
ANSWERED = (REQUESTS[0], REQUESTS[-1])


def _comparable(body: dict[str, Any]) -> dict[str, Any]:
    """The answer without what differs per request (the request id of a masked error)."""
    masked = re.sub(r"[0-9a-f]{32}", "<id>", json.dumps(body, sort_keys=True))
    result: dict[str, Any] = json.loads(masked)
    return result


@pytest.mark.parametrize("request_body", REQUESTS)
async def test_prepared_operations_answer_as_the_extensions_way(
    app: Starlette, client: httpx.AsyncClient, request_body: dict[str, Any]
) -> None:
    schema = _schema_of(app)
    direct = await client.post("/graphql", json=request_body)
    prepared, schema.prepared = schema.prepared, None
    try:
        standard = await client.post("/graphql", json=request_body)
    finally:
        schema.prepared = prepared
    assert direct.status_code == standard.status_code
    if standard.headers["content-type"] != "application/json":
        assert direct.text == standard.text
        return
    assert _comparable(direct.json()) == _comparable(standard.json())
    if request_body not in ANSWERED:
        assert "errors" in standard.json()  # the cases really hold errors


async def test_a_masked_error_of_a_prepared_operation_is_masked(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object) -> object:
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(directory, "authorities", broken)
    assert _schema_of(app).prepared is not None
    response = await client.post("/graphql", json={"query": GOOD})
    assert "SELECT" not in response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "INTERNAL"
    assert response.headers["x-request-id"] in error["message"]


async def test_prepared_operations_skip_the_extensions(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    on_execute = RejectUnstorableText.on_execute

    def counting(self: RejectUnstorableText) -> Any:
        checks.append(self.execution_context.query or "")
        yield from on_execute(self)

    monkeypatch.setattr(RejectUnstorableText, "on_execute", counting)
    for _ in range(2):
        assert "errors" not in (await client.post("/graphql", json={"query": GOOD})).json()
    assert checks == []
    query = (
        "query Q($n: String) { institutions(filter: { nameContains: $n }) { edges { cursor } } }"
    )
    refused = await client.post("/graphql", json={"query": query, "variables": {"n": "a\x00"}})
    assert refused.json()["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert checks == [query]


async def test_the_endpoint_answers_prepared_operations_without_the_views_handling(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    handled: list[str] = []
    run = MedregGraphQL.run

    async def counting(self: MedregGraphQL, request: Any, *args: Any, **kwargs: Any) -> Any:
        handled.append(request.headers.get("accept", ""))
        return await run(self, request, *args, **kwargs)

    monkeypatch.setattr(MedregGraphQL, "run", counting)
    for _ in range(2):
        answer = await client.post("/graphql", json={"query": GOOD})
        assert answer.json()["data"]["authorities"]
        assert answer.headers["content-type"] == "application/json"
    assert handled == []
    refused = await client.post("/graphql", json={"query": "{ authorities { secret } }"})
    assert refused.json()["errors"]
    assert handled == ["*/*"]  # the refused document: the view's
