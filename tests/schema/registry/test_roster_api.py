"""Roster, CSV export, notice board and catalogue over HTTP."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core.clock import FixedClock
from directory.models import Profession
from schema.node import to_global_id
from tests import factories
from tests.factories.applications import NOTICES, apply_first_registration, nurse, step
from tests.factories.clients import gql_as
from tests.factories.database import StatementCounter
from tests.factories.workflow import City, registration

ROSTER = """
query R($id: ID!, $first: Int!, $after: String, $search: String) {
  institutionRoster(institutionId: $id, first: $first, after: $after, search: $search) {
    edges { node { name number status profession relation expiringSoon validUntil } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CSV = "query C($id: ID!) { institutionRosterCsv(institutionId: $id) }"
ITEMS = """
{ approvalItems { code subject nameZh onlineOnly paperRequired timeLimitDays noticeDays
                  fields { name kind required } attachments version } }
"""
UPDATE_ITEM = """
mutation U($input: UpdateApprovalItemInput!) {
  updateApprovalItem(input: $input) {
    __typename
    ... on ApprovalItemSuccess { item { code paperRequired version } }
    ... on ValidationError { fields { field message } }
  }
}
"""


async def _staff(session: AsyncSession, city: City, count: int) -> None:
    for i in range(count):
        person = await factories.person(session, name=f"员工{i:03d}")
        await registration(
            session,
            person,
            city.pudong,
            Profession.NURSE if i % 3 else Profession.DOCTOR,
            valid_until=date(2026, 12, 20) if i % 10 == 0 else date(2029, 1, 1),
            number=f"HS310115-2020-{i:06d}",
        )
    await session.commit()


async def test_roster_pages_and_statement_count_does_not_grow(
    client: httpx.AsyncClient, session: AsyncSession, city: City, statements: StatementCounter
) -> None:
    await _staff(session, city, 30)
    variables = {"id": to_global_id("Institution", city.pudong.id)}
    counts = {}
    for first in (5, 25):
        statements.count = 0
        body = await gql_as(client, "op_pudong", ROSTER, {**variables, "first": first})
        assert len(body["data"]["institutionRoster"]["edges"]) == first
        counts[first] = statements.count
    assert counts[5] == counts[25]
    names: list[str] = []
    after = None
    while True:
        body = await gql_as(client, "op_pudong", ROSTER, {**variables, "first": 8, "after": after})
        conn = body["data"]["institutionRoster"]
        names.extend(e["node"]["name"] for e in conn["edges"])
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert names == [f"员工{i:03d}" for i in range(30)]
    search = {**variables, "first": 5, "search": "员工01"}
    found = (await gql_as(client, "officer_pudong", ROSTER, search))["data"]["institutionRoster"]
    nodes = [e["node"] for e in found["edges"]]
    assert [n["name"] for n in nodes] == [f"员工{i:03d}" for i in range(10, 15)]
    assert [n["expiringSoon"] for n in nodes] == [True, False, False, False, False]


async def test_csv_export(client: httpx.AsyncClient, session: AsyncSession, city: City) -> None:
    await _staff(session, city, 3)
    variables = {"id": to_global_id("Institution", city.pudong.id)}
    body = await gql_as(client, "op_pudong", CSV, variables)
    rows = list(csv.reader(io.StringIO(body["data"]["institutionRosterCsv"])))
    assert [r[0] for r in rows[1:]] == ["员工000", "员工001", "员工002"]
    refused = await gql_as(client, "officer_pudong", CSV, variables)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_notice_period_ends(
    client: httpx.AsyncClient,
    session: AsyncSession,
    city: City,
    actors: dict[str, Actor],
    clock: FixedClock,
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    app = await apply_first_registration(client, city, "zhang")
    app = await step(client, "op_pudong", "forwardApplication", app)
    for name in ("acceptApplication", "approveApplication", "confirmPaperMaterials"):
        app = await step(client, "officer_pudong", name, app)

    async def board(authority: str) -> list[object]:
        body = await gql_as(client, None, NOTICES, {"authority": authority})
        edges: list[object] = body["data"]["noticeBoard"]["edges"]
        return edges

    assert len(await board("310115")) == 1
    assert await board("310104") == []
    clock.advance(timedelta(days=7))  # the last day of the 7-day notice period
    assert len(await board("310115")) == 1
    clock.advance(timedelta(days=1))
    assert await board("310115") == []
    unknown = await gql_as(client, None, NOTICES, {"authority": "999999"})
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_catalogue_over_http(client: httpx.AsyncClient, city: City) -> None:
    items = (await gql_as(client, None, ITEMS))["data"]["approvalItems"]
    assert len(items) == 15
    filing = next(i for i in items if i["code"] == "DOCTOR_MULTI_SITE_FILING")
    assert (filing["onlineOnly"], filing["paperRequired"]) == (True, False)
    assert filing["fields"] == [{"name": "institutionId", "kind": "INSTITUTION", "required": True}]
    variables = {"input": {"code": "NURSE_RENEWAL", "expectedVersion": 1, "paperRequired": True}}
    refused = await gql_as(client, "officer_pudong", UPDATE_ITEM, variables)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    done = (await gql_as(client, "officer_city", UPDATE_ITEM, variables))["data"]
    assert done["updateApprovalItem"]["item"] == {
        "code": "NURSE_RENEWAL",
        "paperRequired": True,
        "version": 2,
    }
    online = {
        "input": {"code": "DOCTOR_CANCELLATION_FILING", "expectedVersion": 1, "paperRequired": True}
    }
    result = (await gql_as(client, "officer_city", UPDATE_ITEM, online))["data"][
        "updateApprovalItem"
    ]
    assert result["__typename"] == "ValidationError"
    assert result["fields"][0]["field"] == "paperRequired"
