"""The leak check every identity test ends with catches what it must, and staff views of
practitioners are masked."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from access.actor import Role
from directory.service import reveal_id_number
from tests import factories
from tests.factories import accounts
from tests.factories.clients import gql
from tests.schema.identity.documents import ME, QUEUE, REQUEST_CERTIFICATION
from tests.schema.identity.leaks import leaks_in


def _exchange(body: str, token: str | None = None) -> tuple[httpx.Request, httpx.Response]:
    headers = {"cookie": f"{accounts.POLICY.cookie_name}={token}"} if token else {}
    request = httpx.Request("POST", "https://testserver/graphql", headers=headers)
    return request, httpx.Response(200, text=body, request=request)


async def test_the_check_catches_a_planted_leak(session: AsyncSession) -> None:
    account, person = await accounts.practitioner(session)
    other, _ = await accounts.practitioner(session)
    own_token = await accounts.session_token(session, account)
    other_token = await accounts.session_token(session, other)
    number = reveal_id_number(session, person)
    assert await leaks_in(session, [_exchange(f'{{"idNumber":"{number}"}}', own_token)], "") == []
    assert await leaks_in(session, [_exchange(f'{{"x":"{number}"}}', other_token)], "")
    assert await leaks_in(session, [_exchange(f'{{"x":"{number}"}}')], "")
    assert await leaks_in(session, [], f"event=claim id={number}")


async def test_staff_see_practitioners_masked(app: Starlette, session: AsyncSession) -> None:
    hospital = await factories.institution(session)
    nurse, person = await accounts.practitioner(session, name="孙悦")
    operator, _ = await accounts.staff(
        session, Role.INSTITUTION_OPERATOR, institution_id=hospital.id
    )
    nurse_token = await accounts.session_token(session, nurse)
    op_token = await accounts.session_token(session, operator)
    await session.commit()
    number = reveal_id_number(session, person)
    async with accounts.browser(app, nurse_token) as phone:
        await gql(
            phone,
            REQUEST_CERTIFICATION,
            {"input": {"institutionCode": hospital.uscc, "profession": "NURSE"}},
        )
        assert (await gql(phone, ME))["data"]["me"]["person"]["idNumber"] == number
    async with accounts.browser(app, op_token) as desk:
        response = await desk.post("/graphql", json={"query": QUEUE})
    assert number not in response.text
    masked = response.json()["data"]["certificationQueue"]["nodes"][0]["person"]
    assert masked["idNumberMasked"] == person.id_number_masked
