"""GraphQL documents of the licence tests, and small helpers to read licences as a client."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories.clients import gql_as

VERIFY = """
query Verify($token: String!) {
  verifyLicence(token: $token) {
    status statusAsOf number version holderName kind validUntil issuer { code nameZh nameEn }
  }
}
"""
MEMBERS = """
  ... on Error { code message reason params { name value } }
  ... on ValidationError { fields { field message code params { name value } } }
"""
ERRORS = MEMBERS + "  ... on RateLimited { retryAfterSeconds }\n"
STATUS_CHANGE = (
    """
  __typename
  ... on LicenceSuccess { licence { number version status statusReason } }
"""
    + MEMBERS
)
SUSPEND = f"""
mutation Suspend($input: LicenceStatusInput!) {{
  suspendLicence(input: $input) {{ {STATUS_CHANGE} }}
}}
"""
REINSTATE = f"""
mutation Reinstate($input: LicenceStatusInput!) {{
  reinstateLicence(input: $input) {{ {STATUS_CHANGE} }}
}}
"""
MINE = """
query Mine {
  myLicences { id number version status kind holderName downloadUrl verifyUrl signedAt
               pdfSha256 issuer { code } institutionName }
}
"""
LIST = """
query List($filter: LicenceFilter, $first: Int!) {
  licences(filter: $filter, first: $first) {
    edges { node { number version status holderName issuer { code } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ONE = """
query One($number: String!, $version: Int) {
  licence(number: $number, version: $version) { id number version status }
}
"""
NODE = "query N($id: ID!) { node(id: $id) { id ... on Licence { number version } } }"
LOOKUP = f"""
query Lookup($number: String!, $holderName: String!) {{
  lookupLicence(number: $number, holderName: $holderName) {{
    __typename
    ... on LicenceVerification {{ status number version holderName kind issuer {{ code }} }}
    {ERRORS}
  }}
}}
"""
PDF_CHECK = f"""
query PdfCheck($pdf: String!) {{
  verifyLicencePdf(pdfBase64: $pdf) {{
    __typename
    ... on PdfVerification {{
      genuine signed problems signer signedAt archivedUntil
      licence {{ status number version holderName issuer {{ code }} }}
    }}
    {ERRORS}
  }}
}}
"""


async def verify(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    body = await gql_as(client, None, VERIFY, {"token": token})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["verifyLicence"]
    return result


async def scan(client: httpx.AsyncClient, token: str) -> str:
    """What a phone shows after scanning: the status the page states."""
    response = await client.get(f"/v/{token}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    marker = 'data-status="'
    start = response.text.index(marker) + len(marker)
    return response.text[start : response.text.index('"', start)]


async def change_status(
    client: httpx.AsyncClient,
    actor: str,
    document: str,
    number: str,
    reason: str,
    expected_version: int | None = None,
) -> dict[str, Any]:
    body = await gql_as(
        client,
        actor,
        document,
        {"input": {"number": number, "reason": reason, "expectedVersion": expected_version}},
    )
    assert "errors" not in body, body
    field = "suspendLicence" if "suspendLicence" in document else "reinstateLicence"
    result: dict[str, Any] = body["data"][field]
    return result
