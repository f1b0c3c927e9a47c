"""Cross-site requests cannot ride the session cookie: a mutation sent as GET, as a form
post or as text/plain is refused before any resolver runs, and changes nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from identity.models import AccountSession, OneTimeCode
from tests import factories
from tests.factories import accounts
from tests.factories.database import StatementCounter

MUTATION = (
    'mutation { startActivation(input: {name: "张三", idNumber: "%s", mobile: "%s"}) '
    "{ __typename } logoutEverywhere { revokedSessions } }"
)


@pytest.mark.parametrize(
    "shape",
    ["get", "form", "multipart", "text/plain", "no content type"],
)
async def test_cross_site_shapes_are_refused_and_change_nothing(
    app: Starlette, session: AsyncSession, statements: StatementCounter, shape: str
) -> None:
    account, _ = await accounts.practitioner(session)
    token = await accounts.session_token(session, account)
    await session.commit()
    document = MUTATION % (factories.resident_id(), factories.mobile())
    statements.count = 0
    async with accounts.browser(app, token) as victim_browser:
        if shape == "get":
            response = await victim_browser.get("/graphql", params={"query": document})
        elif shape == "form":
            response = await victim_browser.post("/graphql", data={"query": document})
        elif shape == "multipart":
            response = await victim_browser.post("/graphql", files={"query": (None, document)})
        else:
            headers = {"content-type": "text/plain"} if shape == "text/plain" else {}
            response = await victim_browser.post(
                "/graphql",
                content=json.dumps({"query": document}).encode(),
                headers=headers or {"content-type": ""},
            )
    assert response.status_code in (405, 415)
    assert statements.count == 0
    assert await session.scalar(select(func.count()).select_from(OneTimeCode)) == 0
    revoked = await session.scalar(
        select(func.count())
        .select_from(AccountSession)
        .where(AccountSession.revoked_at.is_not(None))
    )
    assert revoked == 0
