"""The demo sign-ins: created on top of the registry demo, deterministic, and usable."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from access.actor import Role
from api.app import create_app
from api.migrate import upgrade_connection
from core.clock import Clock
from core.db import create_engine, session_factory
from core.uow import unit_of_work
from demo import Scale, load_demo
from demo.identity import PRACTITIONER_PASSWORD, STAFF_PASSWORD, load_identity_demo
from identity import totp
from tests.factories import accounts
from tests.factories.clients import gql
from tests.factories.database import TEST_KEYRING

ME = "{ me { account { username grants { role } } certifications { status profession } } }"
QUEUE = "{ staffCertifications(first: 50) { nodes { status person { idNumberMasked } } } }"
SIGN_IN = """mutation S($i: SignInInput!) { signIn(input: $i) { __typename } }"""


@pytest.fixture
async def demo_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/demo.db")
    async with engine.begin() as conn:
        await conn.run_sync(upgrade_connection)
    await load_demo(engine, TEST_KEYRING, seed=7, scale=Scale.TINY, today=date(2026, 11, 25))
    yield engine
    await engine.dispose()


async def test_demo_sign_ins(demo_engine: AsyncEngine, tmp_path: Path) -> None:
    sessions = session_factory(demo_engine, keyring=TEST_KEYRING)
    async with unit_of_work(sessions) as session:
        first = await load_identity_demo(session, seed=7, passwords=accounts.CHEAP)
    async with unit_of_work(sessions) as session:
        again = await load_identity_demo(session, seed=7, passwords=accounts.CHEAP)
    assert first == again
    roles = [s.role for s in first]
    assert roles[:4] == [
        Role.AUTHORITY_OFFICER,
        Role.AUTHORITY_OFFICER,
        Role.INSTITUTION_ADMIN,
        Role.INSTITUTION_OPERATOR,
    ]
    practitioners = [s for s in first if s.role is Role.PRACTITIONER]
    assert len(practitioners) >= 2
    assert all(s.totp_secret for s in first[:4])
    assert all(s.password == STAFF_PASSWORD for s in first[:4])
    assert all(s.password == PRACTITIONER_PASSWORD for s in practitioners)

    settings = accounts.cheap_settings(tmp_path)
    app = create_app(settings, sessions=sessions)
    operator = first[3]
    assert operator.totp_secret
    async with accounts.browser(app) as desk:
        body = await gql(
            desk,
            SIGN_IN,
            {
                "i": {
                    "identifier": operator.identifier,
                    "password": operator.password,
                    "totpCode": totp.current_code(operator.totp_secret, Clock().now()),
                }
            },
        )
        assert body["data"]["signIn"]["__typename"] == "SignedIn"
        staff = (await gql(desk, QUEUE))["data"]["staffCertifications"]["nodes"]
        assert len(staff) == len(practitioners)
        assert all(n["status"] == "CERTIFIED" for n in staff)
    nurse = practitioners[0]
    async with accounts.browser(app) as phone:
        body = await gql(
            phone, SIGN_IN, {"i": {"identifier": nurse.identifier, "password": nurse.password}}
        )
        assert body["data"]["signIn"]["__typename"] == "SignedIn"
        me = (await gql(phone, ME))["data"]["me"]
        assert me["certifications"][0]["status"] == "CERTIFIED"
