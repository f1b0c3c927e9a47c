"""What a GraphQL request leaves in the log: an expected refusal is one line without a
traceback; an unexpected exception is an ERROR with its traceback, and the client sees only
the request id."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from access.actor import Actor, Grant, Role
from api.app import create_app
from api.logging import configure_logging
from api.settings import Settings
from core.clock import FixedClock

PROTECTED_QUERY = "query Mine { myLicences { number } }"
FORBIDDEN_MUTATION = """mutation Tweak {
  updateApprovalItem(input: {code: NURSE_RENEWAL, expectedVersion: 1, noticeDays: 9}) {
    __typename } }"""
ALIASES = (
    "query Crawl { "
    + " ".join(f'a{i}: licence(number: "NO-{i}") {{ number }}' for i in range(30))
    + " }"
)
ID_NUMBER = "31011519950517002X"
MOBILE = "13812345678"


def practitioner() -> Actor:
    return Actor(account_id=uuid.uuid4(), grants=(Grant(Role.PRACTITIONER),))


@pytest.fixture
async def practitioner_client(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> AsyncIterator[httpx.AsyncClient]:
    async def signed_in(_request: Request, _session: AsyncSession) -> Actor:
        return practitioner()

    app = create_app(settings, sessions=sessions, clock=clock, resolve_actor=signed_in)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


async def _post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, "variables": variables or {}})


def _server_lines(err: str) -> list[dict[str, Any]]:
    """The app's JSON lines (the test client's own "HTTP Request" lines left out)."""
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("logger") != "httpx"]


@pytest.fixture
def json_logs() -> None:
    configure_logging("INFO", json=True)


@pytest.mark.usefixtures("json_logs")
async def test_an_anonymous_query_of_a_protected_field_is_one_info_line(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    response = await _post(client, PROTECTED_QUERY)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = _server_lines(err)
    graphql = [line for line in lines if line["logger"] == "medreg.graphql"]
    assert len(graphql) == 1
    (refusal,) = graphql
    assert refusal["level"] == "info"
    assert refusal["code"] == "UNAUTHENTICATED"
    assert refusal["request_id"] == response.headers["x-request-id"]
    assert refusal["paths"] == ["myLicences"]
    # Besides it, only the request line.
    assert [line["event"] for line in lines if line["logger"] != "medreg.graphql"] == ["request"]


@pytest.mark.usefixtures("json_logs")
async def test_a_forbidden_mutation_is_one_info_line(
    practitioner_client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    response = await _post(practitioner_client, FORBIDDEN_MUTATION)
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    err = capsys.readouterr().err
    assert "Traceback" not in err
    graphql = [line for line in _server_lines(err) if line["logger"] == "medreg.graphql"]
    assert [(line["level"], line["code"]) for line in graphql] == [("info", "FORBIDDEN")]
    assert graphql[0]["request_id"] == response.headers["x-request-id"]
    assert graphql[0]["operation"] == "Tweak"


@pytest.mark.usefixtures("json_logs")
async def test_many_refusals_in_one_request_are_one_warning(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    response = await _post(client, ALIASES)
    assert len(response.json()["errors"]) == 30

    err = capsys.readouterr().err
    assert "Traceback" not in err
    graphql = [line for line in _server_lines(err) if line["logger"] == "medreg.graphql"]
    assert [(line["level"], line["code"], line["count"]) for line in graphql] == [
        ("warning", "UNAUTHENTICATED", 30)
    ]


@pytest.mark.usefixtures("json_logs")
async def test_an_invalid_document_is_one_info_line_without_personal_numbers(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    query = "query Q($first: Int) { institutions(first: $first) { edges { cursor } } }"
    response = await _post(client, query, {"first": ID_NUMBER})
    assert "errors" in response.json()

    err = capsys.readouterr().err
    assert ID_NUMBER not in err
    graphql = [line for line in _server_lines(err) if line["logger"] == "medreg.graphql"]
    assert [(line["level"], line["code"]) for line in graphql] == [("info", "BAD_REQUEST")]


@pytest.mark.usefixtures("json_logs")
async def test_an_unexpected_exception_is_an_error_with_its_traceback_and_masked(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(_session: AsyncSession) -> list[Any]:
        raise RuntimeError(f"database said no to {ID_NUMBER} / {MOBILE}")

    monkeypatch.setattr("directory.reads.authorities", broken)
    capsys.readouterr()
    response = await _post(client, "query Authorities { authorities { code } }")
    request_id = response.headers["x-request-id"]
    (error,) = response.json()["errors"]
    assert error["message"] == f"Unexpected error (request id {request_id})."
    assert error["extensions"] == {"code": "INTERNAL", "requestId": request_id}
    assert "RuntimeError" not in response.text
    assert "database said no" not in response.text

    err = capsys.readouterr().err
    assert ID_NUMBER not in err
    assert MOBILE not in err
    graphql = [line for line in _server_lines(err) if line["logger"] == "medreg.graphql"]
    assert [(line["level"], line["event"]) for line in graphql] == [("error", "unexpected error")]
    (logged,) = graphql
    assert logged["request_id"] == request_id
    assert "Traceback" in logged["exception"]
    scrubbed = "RuntimeError: database said no to 3101**********002X / 138****5678"
    assert scrubbed in logged["exception"]


@pytest.mark.usefixtures("json_logs")
async def test_a_forbidden_request_logs_two_lines_in_all(
    practitioner_client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal and the request line: nothing from strawberry, no traceback."""
    capsys.readouterr()
    await _post(practitioner_client, FORBIDDEN_MUTATION)
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if '"httpx"' not in line]) == 2
