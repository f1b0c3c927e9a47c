"""Text with U+0000 or an unpaired surrogate, in a variable or a literal, is refused as a
VALIDATION error naming the argument, on either engine. Before, a lookup by such a licence
number was an "Unexpected error": NUL on PostgreSQL (text cannot hold it), a surrogate on both
(no UTF-8 driver can encode it)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.factories.clients import gql

LICENCE = 'query { licence(number: "HS\\u0000") { number } }'
LOOKUP = """
query L($number: String!, $name: String!) {
  lookupLicence(number: $number, holderName: $name) { __typename }
}
"""
START = """
mutation S($input: StartActivationInput!) {
  startActivation(input: $input) { __typename }
}
"""


def refused_field(body: dict[str, Any]) -> str:
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "VALIDATION", error
    assert error["extensions"]["reason"] == "INVALID"
    (field,) = error["extensions"]["fields"]
    return str(field["field"])


@pytest.mark.parametrize(
    ("document", "variables", "field"),
    [
        (LICENCE, {}, "number"),
        (LOOKUP, {"number": "HS310115-2026-000001", "name": "张\x00华"}, "name"),
        (START, {"input": {"name": "张华", "idNumber": "\x00", "mobile": "1"}}, "input.idNumber"),
    ],
)
async def test_nul_in_text_input_is_a_validation_error(
    client: httpx.AsyncClient, document: str, variables: dict[str, Any], field: str
) -> None:
    body = await gql(client, document, variables)
    assert body["data"] is None
    assert refused_field(body) == field


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"query": %s, "variables": {"number": "HS\\ud800", "name": "x"}}', "number"),
        ('{"query": %s, "variables": {"number": "HS", "name": "\\udc00\\u0000"}}', "name"),
    ],
)
async def test_an_unpaired_surrogate_is_a_validation_error(  # (in a literal: a syntax error)
    client: httpx.AsyncClient, raw: str, field: str
) -> None:
    content = raw % json.dumps(LOOKUP) if "%s" in raw else raw
    response = await client.post(
        "/graphql", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert refused_field(response.json()) == field


async def test_text_without_nul_goes_through(client: httpx.AsyncClient) -> None:
    body = await gql(client, LOOKUP, {"number": "HS310115-2026-000001", "name": "张华"})
    assert "errors" not in body, body
