"""Every query and mutation of the committed SDL, with documents and variables schemathesis
generates, posted as anonymous and as a signed-in authority officer: never a 5xx, never a
masked "Unexpected error" (an exception nobody expected).

``make test`` runs a few examples per operation; ``make fuzz`` sets ``MEDREG_FUZZ_EXAMPLES``
higher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Role
from api.app import create_app
from api.settings import Settings
from core.clock import FixedClock
from schema.root import SDL_PATH
from tests.factories import accounts, inputs
from tests.factories.licences import licence_settings

EXAMPLES = inputs.examples(3)
SCHEMA = schemathesis.graphql.from_path(SDL_PATH)
OPERATIONS = {
    result.ok().label: result.ok()
    for result in SCHEMA.get_all_operations()  # each field of Query and Mutation
}


@pytest.fixture
def settings_(licence_home: Path) -> Settings:
    """A development PKI (the public verifications need keys) and cheap password hashing."""
    return licence_settings(
        licence_home,
        password_hash_time_cost=accounts.CHEAP.argon2_time_cost,
        password_hash_memory_kib=accounts.CHEAP.argon2_memory_kib,
        password_hash_parallelism=accounts.CHEAP.argon2_parallelism,
    )


@pytest.fixture
def fuzz_app(
    settings_: Settings, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> Starlette:
    return create_app(settings_, sessions=sessions, clock=clock)


@pytest.fixture(params=["anonymous", "officer"])
async def browser(
    request: pytest.FixtureRequest, fuzz_app: Starlette, session: AsyncSession
) -> AsyncIterator[httpx.AsyncClient]:
    token = None
    if request.param == "officer":
        officer, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310115")
        token = await accounts.session_token(session, officer)
        await session.commit()
    async with accounts.browser(fuzz_app, token) as client:
        yield client


def unexpected(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        error
        for error in body.get("errors") or []
        if (error.get("extensions") or {}).get("code") == "INTERNAL"
        or str(error.get("message", "")).startswith("Unexpected error")
    ]


def cases(label: str) -> st.SearchStrategy[Any]:
    """Valid documents, and documents that break the schema (which must be refused politely)."""
    operation = OPERATIONS[label]
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )


@pytest.mark.parametrize("label", sorted(OPERATIONS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_no_operation_fails_unexpectedly(
    label: str, browser: httpx.AsyncClient, data: st.DataObject
) -> None:
    case = data.draw(cases(label), label="case")
    response = await browser.post("/graphql", json={"query": case.body})
    assert response.status_code < 500, (case.body, response.text)
    body = response.json()
    assert not unexpected(body), (case.body, body)
