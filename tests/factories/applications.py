"""Applying over HTTP as the web client does: the registry's application documents, uploads,
creating and stepping an application, and a nurse who may apply (for an app built by
``tests.factories.clients.app_with_named_actors``)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from directory.models import Profession
from schema.node import to_global_id
from tests.factories.clients import ACTOR_HEADER, gql_as
from tests.factories.workflow import PDF, City, practitioner_actor

APPLICATION_FIELDS = """
  id number status version subjectName currentStep overdue deadline availableActions
  item { code nameZh paperRequired }
  institution { name } authority { code }
  waitingOn { party name }
  form { qualificationNumber education institution { name } }
  timeline { seq action fromStatus toStatus actorRole opinion }
  attachments { kind filename contentType sha256 url }
"""
RESULT = f"""
  __typename
  ... on ApplicationSuccess {{ application {{ {APPLICATION_FIELDS} }} }}
  ... on Error {{ code message reason params {{ name value }} }}
  ... on ValidationError {{ fields {{ field message code params {{ name value }} }} }}
"""
CREATE = f"""
mutation Create($input: CreateApplicationInput!) {{
  createApplication(input: $input) {{ {RESULT} }}
}}
"""
STEP = {
    name: f"mutation S($input: ApplicationStepInput!) {{ {name}(input: $input) {{ {RESULT} }} }}"
    for name in (
        "forwardApplication",
        "acceptApplication",
        "approveApplication",
        "confirmPaperMaterials",
        "returnApplication",
        "resubmitApplication",
        "withdrawApplication",
        "rejectApplication",
        "refuseApplication",
        "submitApplication",
    )
}
UPDATE = f"""
mutation U($input: UpdateApplicationInput!) {{ updateApplication(input: $input) {{ {RESULT} }} }}
"""
NOTICES = """
query N($authority: String!) {
  noticeBoard(authority: $authority) {
    edges { node { number name subject itemCode item { nameZh } institution { name } } }
  }
}
"""


async def nurse(
    session: AsyncSession, city: City, actors: dict[str, Actor], key: str, name: str
) -> Actor:
    person, _ = await city.person(name)
    actor = practitioner_actor(person)
    actors[key] = actor
    city.certify(person, city.pudong, Profession.NURSE)
    await session.commit()
    return actor


async def upload(client: httpx.AsyncClient, actor: str, kind: str, data: bytes = PDF) -> str:
    response = await client.post(
        "/attachments",
        params={"kind": kind, "filename": f"{kind.lower()}.pdf"},
        content=data,
        headers={ACTOR_HEADER: actor, "x-medreg-upload": "1", "content-type": "application/pdf"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def member(body: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"][field]
    return result


async def step(
    client: httpx.AsyncClient,
    actor: str,
    name: str,
    app: dict[str, Any],
    opinion: str | None = None,
) -> dict[str, Any]:
    body = await gql_as(
        client,
        actor,
        STEP[name],
        {"input": {"id": app["id"], "expectedVersion": app["version"], "opinion": opinion}},
    )
    result = member(body, name)
    assert result["__typename"] == "ApplicationSuccess", result
    application: dict[str, Any] = result["application"]
    return application


async def apply_first_registration(
    client: httpx.AsyncClient, city: City, actor: str
) -> dict[str, Any]:
    ids = [
        await upload(client, actor, "QUALIFICATION_CERTIFICATE"),
        await upload(client, actor, "HEALTH_CERTIFICATE"),
    ]
    body = await gql_as(
        client,
        actor,
        CREATE,
        {
            "input": {
                "item": "NURSE_FIRST_REGISTRATION",
                "form": {
                    "institutionId": to_global_id("Institution", city.pudong.id),
                    "qualificationNumber": "HS-Q-2026-001",
                    "education": "本科",
                },
                "attachmentIds": ids,
                "submit": True,
            }
        },
    )
    result = member(body, "createApplication")
    assert result["__typename"] == "ApplicationSuccess", result
    application: dict[str, Any] = result["application"]
    return application
