"""The licence routes with real accounts: the session cookie names the actor, the PDF goes
to the holder and the officers in scope; the holder is told by SMS through identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Role
from api.settings import Settings
from certificates.bulk import reserve_many
from certificates.values import LicenceRequest
from core.jobs import Priority
from registry.licences import issuance as licensing
from registry.licences.events import licence_content
from registry.licences.issuance import content_of
from tests import factories
from tests.factories import accounts
from tests.factories.licences import licence_rows, licence_settings, sign_all
from tests.factories.workflow import registration


@pytest.fixture
def settings(licence_home: Path) -> Settings:
    return licence_settings(licence_home)


async def test_the_cookie_decides_who_downloads(
    app: Starlette, session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    hospital = await factories.institution(session, name="浦东路由医院", district="310115")
    holder_account, holder = await accounts.practitioner(session, name="陈静")
    other_account, _ = await accounts.practitioner(session, name="孙悦")
    officer, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310115")
    stranger, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310104")
    reg = await registration(session, holder, hospital)
    event = {
        "registration_id": str(reg.id),
        "registration_version": reg.version,
        "number": reg.number,
        "action": "ISSUE",
        "content": await licence_content(session, reg),
    }
    await licensing.apply_completion(session, event)
    tokens = {
        name: await accounts.session_token(session, account)
        for name, account in (
            ("holder", holder_account),
            ("other", other_account),
            ("officer", officer),
            ("stranger", stranger),
        )
    }
    await session.commit()
    assert await sign_all(sessions, app) == 1
    (licence,) = await licence_rows(session, reg.number)

    expected = {"holder": 200, "officer": 200, "other": 404, "stranger": 404}
    for name, status in expected.items():
        async with accounts.browser(app, tokens[name]) as browser:
            response = await browser.get(f"/licences/{reg.number}.pdf")
        assert response.status_code == status, name
        if status == 200:
            assert response.content == licence.pdf
            assert response.headers["cache-control"] == "private, no-store"
    async with accounts.browser(app) as anonymous:
        assert (await anonymous.get(f"/licences/{reg.number}.pdf")).status_code == 401

    texts = await accounts.texts_to(session, accounts.account_mobile_of(session, holder_account))
    assert texts == []  # queued, not delivered yet: the worker delivers
    from notifications.delivery import deliver_once

    await deliver_once(sessions, app.state.services.identity.channel)
    texts = await accounts.texts_to(session, accounts.account_mobile_of(session, holder_account))
    assert len(texts) == 1
    assert reg.number in texts[0]
    assert "护士执业证书" in texts[0]
    assert "Nurse Practice Licence" in texts[0]


async def test_a_bulk_licence_is_signed_when_its_holder_first_asks_for_it(
    app: Starlette, session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Demo and imported licences wait unqueued; the first download queues the signing at
    once (503 with Retry-After meanwhile), and nobody is texted about an old licence."""
    hospital = await factories.institution(session, name="浦东批量医院", district="310115")
    holder_account, holder = await accounts.practitioner(session, name="周敏")
    reg = await registration(session, holder, hospital)
    content = content_of(await licence_content(session, reg))
    await reserve_many(session, [LicenceRequest(str(reg.id), reg.version, content)])
    token = await accounts.session_token(session, holder_account)
    await session.commit()
    assert await sign_all(sessions, app) == 0  # nobody asked for it yet
    (waiting,) = await licence_rows(session, reg.number)
    assert waiting.signing_priority is None

    async with accounts.browser(app, token) as browser:
        response = await browser.get(f"/licences/{reg.number}.pdf")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "3"
    (queued,) = await licence_rows(session, reg.number)
    assert queued.signing_priority == Priority.FRESH

    assert await sign_all(sessions, app) == 1
    async with accounts.browser(app, token) as browser:
        response = await browser.get(f"/licences/{reg.number}.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    from notifications.delivery import deliver_once

    await deliver_once(sessions, app.state.services.identity.channel)
    assert (
        await accounts.texts_to(session, accounts.account_mobile_of(session, holder_account)) == []
    )
