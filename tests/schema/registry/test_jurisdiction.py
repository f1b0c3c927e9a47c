"""Jurisdiction: an officer of another district and the operators of another institution
neither see nor act on an application, through every query and mutation; the municipal
officer sees a district's applications (oversight) but never acts on them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from schema.node import to_global_id
from tests.factories.applications import STEP, UPDATE, apply_first_registration, nurse, step
from tests.factories.clients import gql_as
from tests.factories.workflow import City

OUTSIDERS = ("officer_xuhui", "op_pudong_b", "op_xuhui")
ALL_STATUSES = [
    "DRAFT",
    "AWAITING_INSTITUTION",
    "AWAITING_ACCEPTANCE",
    "UNDER_REVIEW",
    "AWAITING_PAPER",
    "RETURNED",
    "COMPLETED",
    "REJECTED",
    "NOT_ACCEPTED",
    "WITHDRAWN",
]
READS = """
query R($id: ID!) {
  application(id: $id) { number }
  node(id: $id) { id }
  myApplications(first: 50) { edges { node { id } } }
}
"""
QUEUE = """
query Q($statuses: [ApplicationStatus!]) {
  institutionQueue(statuses: $statuses, first: 50) { edges { node { id } } }
}
"""
BENCH = """
query B($statuses: [ApplicationStatus!]) {
  workbench(filter: {statuses: $statuses}, first: 50) { edges { node { id } } }
}
"""
ROSTER = """
query R($id: ID!) { institutionRoster(institutionId: $id) { edges { node { name } } } }
"""


def ids(body: dict[str, Any], field: str) -> list[str]:
    return [e["node"]["id"] for e in body["data"][field]["edges"]]


@pytest.fixture
async def submitted(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> dict[str, Any]:
    await nurse(session, city, actors, "zhang", "张晓华")
    app = await apply_first_registration(client, city, "zhang")
    return await step(client, "op_pudong", "forwardApplication", app)


@pytest.mark.parametrize("outsider", OUTSIDERS)
async def test_outsiders_see_nothing(
    client: httpx.AsyncClient, submitted: dict[str, Any], outsider: str
) -> None:
    body = await gql_as(client, outsider, READS, {"id": submitted["id"]})
    assert body["data"]["application"] is None
    assert body["data"]["node"] is None
    assert body["data"]["myApplications"]["edges"] == []
    queue = await gql_as(client, outsider, QUEUE, {"statuses": ALL_STATUSES})
    if outsider.startswith("op_"):
        assert ids(queue, "institutionQueue") == []
    else:
        assert queue["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bench = await gql_as(client, outsider, BENCH, {"statuses": ALL_STATUSES})
    if outsider.startswith("officer_"):
        assert ids(bench, "workbench") == []
    else:
        assert bench["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("mutation", sorted(STEP))
async def test_outsiders_cannot_act(
    client: httpx.AsyncClient, submitted: dict[str, Any], outsider: str, mutation: str
) -> None:
    variables = {
        "input": {"id": submitted["id"], "expectedVersion": submitted["version"], "opinion": "x"}
    }
    result = (await gql_as(client, outsider, STEP[mutation], variables))["data"][mutation]
    assert result["__typename"] == "NotFound"


@pytest.mark.parametrize("outsider", OUTSIDERS)
async def test_outsiders_cannot_edit(
    client: httpx.AsyncClient, submitted: dict[str, Any], outsider: str
) -> None:
    variables = {
        "input": {
            "id": submitted["id"],
            "expectedVersion": submitted["version"],
            "form": {"education": "博士"},
        }
    }
    result = (await gql_as(client, outsider, UPDATE, variables))["data"]["updateApplication"]
    assert result["__typename"] == "NotFound"


@pytest.mark.parametrize("insider", ["officer_pudong", "officer_city"])
async def test_the_district_and_the_municipal_officer_see(
    client: httpx.AsyncClient, submitted: dict[str, Any], insider: str
) -> None:
    body = await gql_as(client, insider, READS, {"id": submitted["id"]})
    assert body["data"]["application"]["number"] == submitted["number"]
    bench = await gql_as(client, insider, BENCH, {"statuses": ALL_STATUSES})
    assert ids(bench, "workbench") == [submitted["id"]]


async def test_only_the_district_acts_on_its_applications(
    client: httpx.AsyncClient, submitted: dict[str, Any]
) -> None:
    """The municipal commission oversees a district's applications; it neither accepts,
    refuses nor returns them (and so can never reach a decision on them)."""
    for name in ("acceptApplication", "refuseApplication", "returnApplication"):
        body = await gql_as(
            client,
            "officer_city",
            STEP[name],
            {"input": {"id": submitted["id"], "expectedVersion": submitted["version"]}},
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (name, body)
    accepted = await step(client, "officer_pudong", "acceptApplication", submitted)
    assert accepted["status"] == "UNDER_REVIEW"
    for name in ("approveApplication", "rejectApplication", "returnApplication"):
        body = await gql_as(
            client,
            "officer_city",
            STEP[name],
            {"input": {"id": accepted["id"], "expectedVersion": accepted["version"]}},
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (name, body)
    approved = await step(client, "officer_pudong", "approveApplication", accepted)
    assert approved["status"] == "AWAITING_PAPER"  # this item still asks for paper
    body = await gql_as(
        client,
        "officer_city",
        STEP["confirmPaperMaterials"],
        {"input": {"id": approved["id"], "expectedVersion": approved["version"]}},
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


async def test_drafts_stay_with_their_applicant(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "li", "李明")
    body = await gql_as(
        client,
        "li",
        """mutation { createApplication(input: {item: NURSE_RENEWAL, form: {}}) {
             ... on ApplicationSuccess { application { id status } } } }""",
    )
    draft = body["data"]["createApplication"]["application"]
    assert draft["status"] == "DRAFT"
    for viewer in ("officer_city", "officer_pudong", "op_pudong"):
        seen = await gql_as(client, viewer, READS, {"id": draft["id"]})
        assert seen["data"]["application"] is None
    assert (await gql_as(client, "li", READS, {"id": draft["id"]}))["data"]["application"]


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [
        ("op_pudong", True),
        ("officer_pudong", True),
        ("officer_city", True),
        ("op_pudong_b", False),
        ("officer_xuhui", False),
        (None, False),
    ],
)
async def test_roster_jurisdiction(
    client: httpx.AsyncClient, city: City, viewer: str | None, allowed: bool
) -> None:
    body = await gql_as(client, viewer, ROSTER, {"id": to_global_id("Institution", city.pudong.id)})
    if allowed:
        assert body["data"]["institutionRoster"]["edges"] == []
    else:
        code = body["errors"][0]["extensions"]["code"]
        assert code == ("UNAUTHENTICATED" if viewer is None else "FORBIDDEN")
