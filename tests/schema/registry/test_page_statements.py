"""Each page the portal shows costs a fixed number of SQL statements, whatever its size: the
page itself, one statement per kind of related row (primed before the fields resolve), and
the authorities once per app (they change only by migration). The counts include the
test harness's SAVEPOINT and ROLLBACK TO of the request's session."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from directory.models import Profession
from identity.certification import request_certification
from schema.node import to_global_id
from tests import factories
from tests.factories.applications import apply_first_registration, nurse, step
from tests.factories.clients import gql_as
from tests.factories.database import StatementCounter
from tests.factories.workflow import City

HARNESS = 2
"""SAVEPOINT when the request's session begins, ROLLBACK TO SAVEPOINT when it closes."""

DIRECTORY = """
query D($first: Int!) {
  institutions(filter: {nameContains: "页面医院"}, first: $first) {
    edges { node { id name type district { code nameZh } authority { code } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
APPLICATION = (
    "id number status deadline submittedAt overdue currentStep waitingOn { party name }"
    " item { code nameZh } institution { id name } authority { code nameZh }"
)
WORKBENCH = f"""
query W($first: Int!) {{
  workbench(first: $first) {{ edges {{ node {{ {APPLICATION} }} }} pageInfo {{ hasNextPage }} }}
}}
"""
MINE = f"""
query M($first: Int!) {{ myApplications(first: $first) {{ nodes {{ {APPLICATION} }} }} }}
"""
INSTITUTION = """
query I($id: ID!) {
  institution(id: $id) {
    id name nameEn type level beds address status subjects
    district { code nameZh } authority { code nameZh nameEn }
  }
}
"""
CERTIFICATION_QUEUE = """
query C($first: Int!) {
  certificationQueue(first: $first) {
    nodes { id profession status requestedAt person { name idNumberMasked sex birthYear }
            institution { id name nameEn } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
QUEUE = f"""
query Q($first: Int!) {{ institutionQueue(first: $first) {{ nodes {{ {APPLICATION} }} }} }}
"""


async def _counts(
    client: httpx.AsyncClient,
    statements: StatementCounter,
    actor: str | None,
    document: str,
    root: str,
    rows: int = 3,
) -> list[int]:
    await gql_as(client, actor, document, {"first": 1})  # the authorities, once per app
    counts = []
    for first in (1, 3):
        statements.count = 0
        body = await gql_as(client, actor, document, {"first": first})
        assert "errors" not in body, body
        page = body["data"][root]
        assert len(page.get("edges", page.get("nodes"))) == min(first, rows)
        counts.append(statements.count)
    return counts


async def test_the_directory_page_is_one_statement(
    client: httpx.AsyncClient, session: AsyncSession, statements: StatementCounter
) -> None:
    for i in range(4):
        await factories.institution(
            session, name=f"页面医院{i}", district="310104" if i % 2 else "310115"
        )
    await session.commit()
    assert await _counts(client, statements, None, DIRECTORY, "institutions") == [
        HARNESS + 1,
        HARNESS + 1,
    ]


async def _three_applications(
    client: httpx.AsyncClient,
    session: AsyncSession,
    city: City,
    actors: dict[str, Actor],
    *,
    forward: bool,
) -> None:
    for i in range(3):
        await nurse(session, city, actors, f"page{i}", f"页面{i}号")
        app = await apply_first_registration(client, city, f"page{i}")
        if forward:
            await step(client, "op_pudong", "forwardApplication", app)


async def test_the_workbench_page_is_three_statements(
    client: httpx.AsyncClient,
    session: AsyncSession,
    city: City,
    actors: dict[str, Actor],
    statements: StatementCounter,
) -> None:
    await _three_applications(client, session, city, actors, forward=True)
    # the page, its approval items, its institutions
    counts = await _counts(client, statements, "officer_pudong", WORKBENCH, "workbench")
    assert counts == [HARNESS + 3, HARNESS + 3]


async def test_the_institution_queue_is_three_statements(
    client: httpx.AsyncClient,
    session: AsyncSession,
    city: City,
    actors: dict[str, Actor],
    statements: StatementCounter,
) -> None:
    await _three_applications(client, session, city, actors, forward=False)
    counts = await _counts(client, statements, "op_pudong", QUEUE, "institutionQueue")
    assert counts == [HARNESS + 3, HARNESS + 3]


async def test_my_applications_is_three_statements(
    client: httpx.AsyncClient,
    session: AsyncSession,
    city: City,
    actors: dict[str, Actor],
    statements: StatementCounter,
) -> None:
    await nurse(session, city, actors, "mine", "自己")
    await apply_first_registration(client, city, "mine")  # one open application per item
    counts = await _counts(client, statements, "mine", MINE, "myApplications", rows=1)
    assert counts == [HARNESS + 3, HARNESS + 3]


async def test_an_institution_is_one_statement(
    client: httpx.AsyncClient, session: AsyncSession, statements: StatementCounter
) -> None:
    places = [await factories.institution(session, name=f"详情医院{i}") for i in range(2)]
    await session.commit()
    ids = [to_global_id("Institution", place.id) for place in places]
    await gql_as(client, None, INSTITUTION, {"id": ids[0]})  # the authorities, once per app
    counts = []
    for place, global_id in zip(places, ids, strict=True):
        statements.count = 0
        body = await gql_as(client, None, INSTITUTION, {"id": global_id})
        assert body["data"]["institution"]["name"] == place.name
        counts.append(statements.count)
    assert counts == [HARNESS + 1] * 2


async def test_the_certification_queue_is_three_statements(
    client: httpx.AsyncClient, session: AsyncSession, city: City, statements: StatementCounter
) -> None:
    for i in range(3):
        _person, practitioner = await city.person(f"排队{i}号")
        await request_certification(
            session, practitioner, institution_code=city.pudong.uscc, profession=Profession.NURSE
        )
    await session.commit()
    counts = await _counts(
        client, statements, "op_pudong", CERTIFICATION_QUEUE, "certificationQueue"
    )
    assert counts == [HARNESS + 3, HARNESS + 3]  # the page, its persons, its institutions
