"""A conformant provider gives the scopes' claims (name, ID number) from its userinfo endpoint,
not in the ID token: the relying party asks there, with the access token, and a practitioner
still signs in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from api.settings import Settings
from tests.factories import accounts
from tests.factories.oidc_provider import WANG, ZHANG, Provider, callback_after_sign_in
from tests.identity.oidc_fixtures import CALLBACK, oidc_settings

ME = "{ me { account { displayName } } }"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    running = Provider(
        redirect_uris=[CALLBACK], workdir=tmp_path_factory.mktemp("oidc"), conform=True
    )
    running.start()
    yield running
    running.stop()


@pytest.fixture
def settings(tmp_path: Path, provider: Provider) -> Settings:
    return oidc_settings(tmp_path, provider.issuer)


async def test_the_claims_come_from_userinfo(app: Starlette, session: AsyncSession) -> None:
    await accounts.practitioner(session, name=ZHANG.name, id_number=ZHANG.id_number)
    await session.commit()
    browser = accounts.browser(app)
    answer = await browser.get(await callback_after_sign_in(browser, ZHANG.login, CALLBACK))
    assert answer.headers["location"] == "/"
    me = (await browser.post("/graphql", json={"query": ME})).json()["data"]["me"]
    assert me == {"account": {"displayName": ZHANG.name}}


async def test_without_a_match_the_answer_is_the_same(app: Starlette) -> None:
    browser = accounts.browser(app)
    answer = await browser.get(await callback_after_sign_in(browser, WANG.login, CALLBACK))
    assert answer.headers["location"] == "/sign-in?problem=OIDC_NOT_MATCHED"
