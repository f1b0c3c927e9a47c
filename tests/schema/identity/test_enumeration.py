"""Starting an activation or a password reset answers identically whether the person,
the ID number or the mobile is known, claimed, or not."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from directory.service import reveal_id_number
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import START_ACTIVATION

START_RESET = """
mutation Reset($mobile: String!) {
  startPasswordReset(input: {mobile: $mobile}) {
    __typename
    ... on CodeSent { codeId mobileMasked expiresAt resendAvailableAt }
    ... on Error { code message }
  }
}
"""


def _shape(result: dict[str, Any], mobile: str) -> dict[str, Any]:
    """The answer with its per-request id removed and its echo of the mobile checked."""
    assert result["__typename"] == "CodeSent", result
    assert result["mobileMasked"] == mobile[:3] + "****" + mobile[-4:]
    return {k: v for k, v in result.items() if k not in {"codeId", "mobileMasked"}}


async def _start(
    client: httpx.AsyncClient, name: str, id_number: str, mobile: str
) -> tuple[dict[str, Any], dict[str, str]]:
    response = await client.post(
        "/graphql",
        json={
            "query": START_ACTIVATION,
            "variables": {"input": {"name": name, "idNumber": id_number, "mobile": mobile}},
        },
    )
    body = response.json()
    headers = {k: v for k, v in response.headers.items() if k not in {"x-request-id"}}
    return _shape(body["data"]["startActivation"], mobile), headers


async def test_activation_answers_alike_for_known_and_unknown(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account_mobile = factories.mobile()
    _, claimed = await accounts.practitioner(session, name="吴刚", mobile=account_mobile)
    loaded = await factories.person(session, name="郑丽")  # on file, never activated
    await session.commit()
    cases = [
        ("吴刚", reveal_id_number(session, claimed), factories.mobile()),  # claimed number
        ("吴刚", reveal_id_number(session, claimed), account_mobile),  # and its own mobile
        ("郑丽", reveal_id_number(session, loaded), factories.mobile()),  # loaded, unclaimed
        ("钱多", factories.resident_id(), factories.mobile()),  # unknown
    ]
    answers = []
    for name, id_number, mobile in cases:
        answer, headers = await _start(client, name, id_number, mobile)
        answers.append((answer, sorted(headers.items())))
        assert await accounts.texts_to(session, mobile), "each case sends its SMS: none skipped"
    assert all(a == answers[0] for a in answers), answers


async def test_password_reset_answers_alike_for_known_and_unknown_mobiles(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    known_mobile = factories.mobile()
    await accounts.practitioner(session, mobile=known_mobile)
    await session.commit()
    unknown_mobile = factories.mobile()
    known = await gql(client, START_RESET, {"mobile": known_mobile})
    unknown = await gql(client, START_RESET, {"mobile": unknown_mobile})
    assert _shape(known["data"]["startPasswordReset"], known_mobile) == _shape(
        unknown["data"]["startPasswordReset"], unknown_mobile
    )
    # Only the real account's mobile gets a text.
    assert len(await accounts.texts_to(session, known_mobile)) == 1
    assert await accounts.texts_to(session, unknown_mobile) == []
