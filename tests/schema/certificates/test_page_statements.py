"""The licence pages of the load mix cost a fixed number of SQL statements, whoever asks and
however many licences a list holds: a verification, a lookup, a holder's own licences and an
officer's list (``tests/schema/registry/test_page_statements.py`` has the registry's pages).
The counts include the test harness's SAVEPOINT and ROLLBACK TO of the request's session."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from tests.factories.clients import gql_as
from tests.factories.database import StatementCounter
from tests.factories.licences import Issued, issue_nurse_licence
from tests.factories.workflow import City
from tests.schema.certificates.documents import LIST, LOOKUP, MINE, VERIFY

HARNESS = 2
"""SAVEPOINT when the request's session begins, ROLLBACK TO SAVEPOINT when it closes."""


@pytest.fixture
async def nurses(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
) -> list[Issued]:
    names = (("zhang", "张晓华"), ("li", "李明"), ("wang", "王芳"))
    return [
        await issue_nurse_licence(session, sessions, app, city, actors, key, name)
        for key, name in names
    ]


async def _count(
    client: httpx.AsyncClient,
    statements: StatementCounter,
    actor: str | None,
    document: str,
    variables: dict[str, Any],
) -> int:
    statements.count = 0
    body = await gql_as(client, actor, document, variables)
    assert "errors" not in body, body
    return statements.count


async def _warm(client: httpx.AsyncClient, nurses: list[Issued]) -> None:
    """The authorities, read once per app."""
    await gql_as(client, None, VERIFY, {"token": nurses[0].token})


async def test_verifying_a_licence_is_a_fixed_number_of_statements(
    client: httpx.AsyncClient, nurses: list[Issued], statements: StatementCounter
) -> None:
    await _warm(client, nurses)
    counts = [await _count(client, statements, None, VERIFY, {"token": n.token}) for n in nurses]
    assert counts == [HARNESS + 1] * 3  # the status of the version the token names


async def test_looking_a_licence_up_is_a_fixed_number_of_statements(
    client: httpx.AsyncClient, nurses: list[Issued], statements: StatementCounter
) -> None:
    await _warm(client, nurses)
    counts = []
    for nurse in nurses:
        variables = {"number": nurse.number, "holderName": nurse.person.name}
        counts.append(await _count(client, statements, None, LOOKUP, variables))
    assert counts == [HARNESS + 1] * 3  # the newest version of the number


async def test_a_holders_own_licences_are_a_fixed_number_of_statements(
    client: httpx.AsyncClient, nurses: list[Issued], statements: StatementCounter
) -> None:
    await _warm(client, nurses)
    counts = [await _count(client, statements, key, MINE, {}) for key in ("zhang", "li")]
    assert counts == [HARNESS + 1] * 2


async def test_an_officers_licence_list_does_not_grow_with_its_page(
    client: httpx.AsyncClient, nurses: list[Issued], statements: StatementCounter
) -> None:
    await _warm(client, nurses)
    counts = []
    for first in (1, 3):
        counts.append(await _count(client, statements, "officer_pudong", LIST, {"first": first}))
        body = await gql_as(client, "officer_pudong", LIST, {"first": first})
        assert len(body["data"]["licences"]["edges"]) == first
    assert counts == [HARNESS + 1] * 2  # the page; the issuers are the app's authorities
