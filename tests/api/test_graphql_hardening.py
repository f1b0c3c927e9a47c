"""Documents that must be refused before any resolver or SQL runs."""

import httpx
import pytest

from directory import reads as directory
from tests.factories.database import StatementCounter

MUTATION = '{"query": "mutation { __typename }"}'


async def test_get_query_refused(client: httpx.AsyncClient, statements: StatementCounter) -> None:
    response = await client.get("/graphql", params={"query": "{ authorities { code } }"})
    assert response.status_code == 405
    assert statements.count == 0


async def test_get_mutation_refused(
    client: httpx.AsyncClient, statements: StatementCounter
) -> None:
    response = await client.get("/graphql", params={"query": "mutation { __typename }"})
    assert response.status_code == 405
    assert statements.count == 0


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "query=mutation+%7B+__typename+%7D"),
        (
            "multipart/form-data; boundary=x",
            '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--',
        ),
        ("text/plain", MUTATION),
        ("", MUTATION),
    ],
)
async def test_simple_cross_site_requests_refused(
    client: httpx.AsyncClient, statements: StatementCounter, content_type: str, body: str
) -> None:
    response = await client.post("/graphql", content=body, headers={"content-type": content_type})
    assert response.status_code == 415
    assert statements.count == 0


async def _post(client: httpx.AsyncClient, query: str) -> dict[str, object]:
    response = await client.post("/graphql", json={"query": query})
    body: dict[str, object] = response.json()
    return body


async def test_depth_bomb_refused(client: httpx.AsyncClient, statements: StatementCounter) -> None:
    query = "{ " + "institutions { edges { node { " * 8 + "name" + " } } }" * 8 + " }"
    body = await _post(client, query)
    assert body.get("data") is None
    assert "depth" in str(body["errors"]).lower()
    assert statements.count == 0


async def test_alias_flood_refused(client: httpx.AsyncClient, statements: StatementCounter) -> None:
    query = "{ " + " ".join(f"a{i}: authorities {{ code }}" for i in range(200)) + " }"
    body = await _post(client, query)
    assert body.get("data") is None
    assert "alias" in str(body["errors"]).lower()
    assert statements.count == 0


async def test_ten_thousand_token_document_refused(
    client: httpx.AsyncClient, statements: StatementCounter
) -> None:
    query = "{ authorities { " + " ".join(["code"] * 10_000) + " } }"
    body = await _post(client, query)
    assert body.get("data") is None
    assert "token" in str(body["errors"]).lower()
    assert statements.count == 0


async def test_unexpected_error_is_masked_with_request_id(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:

    async def broken(*_: object) -> object:
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(directory, "authorities", broken)
    response = await client.post("/graphql", json={"query": "{ authorities { code } }"})
    body = response.json()
    message = body["errors"][0]["message"]
    assert "SELECT" not in response.text
    assert response.headers["x-request-id"] in message
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"


async def test_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert len(response.headers["x-request-id"]) == 16
