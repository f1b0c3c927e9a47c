"""``node(id:)`` resolves every type that implements Node, within the reader's scope, and an
application records when it was accepted."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from directory.models import Profession
from schema.node import to_global_id
from tests import factories
from tests.factories.applications import apply_first_registration, nurse, step
from tests.factories.clients import gql_as
from tests.factories.workflow import City, registration

NODE = """
query N($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Attachment { kind filename }
    ... on RosterEntry { number name relation }
  }
}
"""
ATTACHMENTS = "query A($id: ID!) { application(id: $id) { attachments { id } } }"
ACCEPTED = "query A($id: ID!) { application(id: $id) { status acceptedAt } }"


async def test_attachments_resolve_for_those_who_see_their_application(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    await nurse(session, city, actors, "li", "李明")
    app = await apply_first_registration(client, city, "zhang")
    mine = await gql_as(client, "zhang", ATTACHMENTS, {"id": app["id"]})
    attachment_id = mine["data"]["application"]["attachments"][0]["id"]
    for reader in ("zhang", "op_pudong", "officer_city"):
        node = (await gql_as(client, reader, NODE, {"id": attachment_id}))["data"]["node"]
        assert node["__typename"] == "Attachment"
        assert node["id"] == attachment_id
    for outsider in ("li", "op_pudong_b", "officer_xuhui", None):
        assert (await gql_as(client, outsider, NODE, {"id": attachment_id}))["data"]["node"] is None


async def test_registrations_resolve_for_roster_readers(
    client: httpx.AsyncClient, session: AsyncSession, city: City
) -> None:
    person = await factories.person(session, name="王芳")
    reg = await registration(
        session,
        person,
        city.pudong,
        Profession.NURSE,
        valid_until=date(2029, 1, 1),
        number="HS310115-2020-000777",
    )
    await session.commit()
    global_id = to_global_id("Registration", reg.id)
    for reader in ("op_pudong", "officer_pudong", "officer_city"):
        node = (await gql_as(client, reader, NODE, {"id": global_id}))["data"]["node"]
        assert node == {
            "__typename": "RosterEntry",
            "id": global_id,
            "number": "HS310115-2020-000777",
            "name": "王芳",
            "relation": "PRIMARY",
        }
    for outsider in ("op_pudong_b", "officer_xuhui", None):
        assert (await gql_as(client, outsider, NODE, {"id": global_id}))["data"]["node"] is None


async def test_acceptance_is_recorded(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    app = await apply_first_registration(client, city, "zhang")
    forwarded = await step(client, "op_pudong", "forwardApplication", app)
    before = (await gql_as(client, "zhang", ACCEPTED, {"id": app["id"]}))["data"]["application"]
    assert before["acceptedAt"] is None
    await step(client, "officer_pudong", "acceptApplication", forwarded)
    after = (await gql_as(client, "zhang", ACCEPTED, {"id": app["id"]}))["data"]["application"]
    assert after["status"] == "UNDER_REVIEW"
    assert after["acceptedAt"] is not None
