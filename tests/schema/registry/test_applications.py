"""An application's life over HTTP, as the web client lives it: upload, apply, the
institution's queue, the officer's workbench, decisions, the timeline, the notice board."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from core.outbox import OutboxEvent
from registry.registrations.models import Registration
from schema.node import to_global_id
from tests.factories.applications import (
    APPLICATION_FIELDS,
    NOTICES,
    STEP,
    UPDATE,
    apply_first_registration,
    member,
    nurse,
    step,
)
from tests.factories.clients import gql_as
from tests.factories.database import StatementCounter
from tests.factories.workflow import City

MINE = f"""
query Mine($first: Int!) {{
  myApplications(first: $first) {{ edges {{ node {{ {APPLICATION_FIELDS} }} }} }}
}}
"""
QUEUE = """
query Q { institutionQueue { edges { node { id number status subjectName } } } }
"""
WORKBENCH = """
query W($filter: WorkbenchFilter, $first: Int!) {
  workbench(filter: $filter, first: $first) {
    edges { node { id number status deadline overdue item { code } institution { name }
                   timeline { action } attachments { kind } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_first_registration_over_http(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhang", "张晓华")
    app = await apply_first_registration(client, city, "zhang")
    assert app["status"] == "AWAITING_INSTITUTION"
    assert app["number"].startswith("SQ310115-2026-")
    assert app["waitingOn"] == {"party": "INSTITUTION", "name": "浦东测试医院"}
    assert app["availableActions"] == ["WITHDRAW"]
    assert {a["kind"] for a in app["attachments"]} == {
        "QUALIFICATION_CERTIFICATE",
        "HEALTH_CERTIFICATE",
    }

    queue = await gql_as(client, "op_pudong", QUEUE)
    assert [n["node"]["number"] for n in queue["data"]["institutionQueue"]["edges"]] == [
        app["number"]
    ]
    other_queue = await gql_as(client, "op_pudong_b", QUEUE)
    assert other_queue["data"]["institutionQueue"]["edges"] == []

    app = await step(client, "op_pudong", "forwardApplication", app, "身份与材料已核对")
    bench = await gql_as(client, "officer_pudong", WORKBENCH, {"first": 10})
    assert [e["node"]["number"] for e in bench["data"]["workbench"]["edges"]] == [app["number"]]
    assert (await gql_as(client, "officer_xuhui", WORKBENCH, {"first": 10}))["data"]["workbench"][
        "edges"
    ] == []

    app = await step(client, "officer_pudong", "acceptApplication", app)
    assert app["deadline"] == "2026-12-23"  # 20 working days after Wed 25 Nov 2026
    app = await step(client, "officer_pudong", "approveApplication", app, "符合注册条件")
    assert app["status"] == "AWAITING_PAPER"
    app = await step(client, "officer_pudong", "confirmPaperMaterials", app)
    assert app["status"] == "COMPLETED"
    assert app["waitingOn"] is None

    mine = await gql_as(client, "zhang", MINE, {"first": 5})
    node = mine["data"]["myApplications"]["edges"][0]["node"]
    assert [(e["action"], e["toStatus"]) for e in node["timeline"]] == [
        ("CREATE", "DRAFT"),
        ("SUBMIT", "AWAITING_INSTITUTION"),
        ("FORWARD", "AWAITING_ACCEPTANCE"),
        ("ACCEPT", "UNDER_REVIEW"),
        ("APPROVE", "AWAITING_PAPER"),
        ("CONFIRM_PAPER", "COMPLETED"),
    ]
    assert node["timeline"][2] == {
        "seq": 3,
        "action": "FORWARD",
        "fromStatus": "AWAITING_INSTITUTION",
        "toStatus": "AWAITING_ACCEPTANCE",
        "actorRole": "INSTITUTION_OPERATOR",
        "opinion": "身份与材料已核对",
    }

    notices = await gql_as(client, None, NOTICES, {"authority": "310115"})
    rows = [e["node"] for e in notices["data"]["noticeBoard"]["edges"]]
    assert rows == [
        {
            "number": app["number"],
            "name": "张*华",
            "subject": "NURSE",
            "itemCode": "NURSE_FIRST_REGISTRATION",
            "item": {"nameZh": "护士首次注册"},
            "institution": {"name": "浦东测试医院"},
        }
    ]
    assert "张晓华" not in str(notices)
    registrations = await session.scalar(select(func.count()).select_from(Registration))
    assert registrations == 1
    completed = await session.scalar(
        select(func.count())
        .select_from(OutboxEvent)
        .where(OutboxEvent.topic == "registration.completed")
    )
    assert completed == 1


async def test_returned_draft_is_edited_and_resubmitted(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "li", "李明")
    app = await apply_first_registration(client, city, "li")
    body = await gql_as(
        client,
        "op_pudong",
        STEP["returnApplication"],
        {"input": {"id": app["id"], "expectedVersion": app["version"]}},
    )
    result = member(body, "returnApplication")
    assert result["__typename"] == "ValidationError"
    assert result["fields"] == [
        {
            "field": "opinion",
            "message": "say why: the applicant reads this",
            "code": "REQUIRED",
            "params": [],
        }
    ]

    app = await step(client, "op_pudong", "returnApplication", app, "学历填写有误")
    assert app["status"] == "RETURNED"
    assert app["waitingOn"]["party"] == "APPLICANT"
    assert set(app["availableActions"]) == set()  # the operator sees it but may not act
    body = await gql_as(
        client,
        "li",
        UPDATE,
        {
            "input": {
                "id": app["id"],
                "expectedVersion": app["version"],
                "form": {
                    "institutionId": to_global_id("Institution", city.pudong.id),
                    "qualificationNumber": "HS-Q-2026-001",
                    "education": "硕士研究生",
                },
            }
        },
    )
    app = member(body, "updateApplication")["application"]
    assert app["form"]["education"] == "硕士研究生"
    app = await step(client, "li", "resubmitApplication", app)
    assert app["status"] == "AWAITING_INSTITUTION"


async def test_stale_version_is_a_conflict_member(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "wang", "王芳")
    app = await apply_first_registration(client, city, "wang")
    await step(client, "op_pudong", "forwardApplication", app)
    body = await gql_as(
        client,
        "op_pudong",
        STEP["forwardApplication"],
        {"input": {"id": app["id"], "expectedVersion": app["version"]}},
    )
    result = member(body, "forwardApplication")
    assert result["__typename"] == "Conflict"
    assert (result["code"], result["reason"]) == ("CONFLICT", "STALE_VERSION")
    assert result["params"] == [
        {"name": "actual", "value": str(app["version"] + 1)},
        {"name": "expected", "value": str(app["version"])},
    ]


async def test_not_signed_in_and_not_allowed_are_top_level(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await nurse(session, city, actors, "zhao", "赵敏")
    app = await apply_first_registration(client, city, "zhao")
    variables = {"input": {"id": app["id"], "expectedVersion": app["version"]}}
    anonymous = await gql_as(client, None, STEP["forwardApplication"], variables)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    applicant = await gql_as(client, "zhao", STEP["forwardApplication"], variables)
    assert applicant["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bench = await gql_as(client, "zhao", WORKBENCH, {"first": 5})
    assert bench["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_workbench_statements_do_not_grow_with_page_size(
    client: httpx.AsyncClient,
    session: AsyncSession,
    city: City,
    actors: dict[str, Actor],
    statements: StatementCounter,
) -> None:
    for i in range(6):
        await nurse(session, city, actors, f"nurse{i}", f"护士{i}号")
        app = await apply_first_registration(client, city, f"nurse{i}")
        await step(client, "op_pudong", "forwardApplication", app)
    counts = []
    for first in (2, 6):
        statements.count = 0
        body = await gql_as(client, "officer_pudong", WORKBENCH, {"first": first})
        assert len(body["data"]["workbench"]["edges"]) == first
        counts.append(statements.count)
    assert counts[0] == counts[1]
