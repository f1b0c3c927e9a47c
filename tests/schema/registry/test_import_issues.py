"""``importIssues`` and the resolve / reject mutations, over HTTP, as officers of different
authorities, a practitioner and nobody (both engines)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Grant, Role
from core.audit import SYSTEM, AuditEntry
from directory import service as directory
from registry.imports.columns import ImportKind
from registry.imports.service import import_file
from registry.registrations.models import Registration
from tests.factories.clients import gql_as
from tests.factories.imports import institution_row, practitioner_row, write_csv

ISSUES = """
query($status: ImportIssueStatus) {
  importIssues(status: $status, first: 10) {
    edges { node { id status reason kind rowNumber registryName fileName idNumberMasked
                   licenceNumber institutionUscc } }
    pageInfo { hasNextPage }
  }
}"""

DECIDE = """
mutation($id: ID!) {
  %s(id: $id) {
    __typename
    ... on ImportIssueSuccess { issue { id status decidedAt } }
    ... on Error { code reason }
  }
}"""


def officer(code: str) -> Actor:
    return Actor(
        account_id=uuid.uuid4(),
        grants=(Grant(Role.AUTHORITY_OFFICER, authority_code=code),),
    )


async def _conflicts(
    session: AsyncSession, tmp_path: Path, actors: dict[str, Actor]
) -> dict[str, str]:
    actors.update(
        {
            "pudong": officer("310115"),
            "xuhui": officer("310104"),
            "city": officer("310000"),
            "nurse": Actor(
                account_id=uuid.uuid4(), grants=(Grant(Role.PRACTITIONER),), person_id=uuid.uuid4()
            ),
        }
    )
    rows = [institution_row(41, district="浦东新区", level="二级")]
    await import_file(
        session,
        SYSTEM,
        ImportKind.INSTITUTIONS,
        write_csv(tmp_path / "i.csv", ImportKind.INSTITUTIONS, rows),
    )
    first, second = practitioner_row(401, 41), practitioner_row(402, 41)
    path = write_csv(tmp_path / "d1.csv", ImportKind.DOCTORS, [first, second])
    await import_file(session, SYSTEM, ImportKind.DOCTORS, path)
    renamed = [
        first | {"name": "新名字", "licence_number": "ZS-RENAMED"},
        second | {"name": "错名字", "licence_number": "ZS-WRONG"},
    ]
    path = write_csv(tmp_path / "d2.csv", ImportKind.DOCTORS, renamed)
    summary = await import_file(session, SYSTEM, ImportKind.DOCTORS, path)
    assert summary.quarantined == 2
    await session.commit()
    return {"first": first["id_number"], "second": second["id_number"]}


async def issues_as(client: httpx.AsyncClient, who: str | None, **variables: Any) -> Any:
    return await gql_as(client, who, ISSUES, variables)


async def test_officers_see_the_issues_of_their_authority_only(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, actors: dict[str, Actor]
) -> None:
    await _conflicts(session, tmp_path, actors)
    body = await issues_as(client, "pudong")
    nodes = [e["node"] for e in body["data"]["importIssues"]["edges"]]
    assert {n["fileName"] for n in nodes} == {"新名字", "错名字"}
    assert all(n["idNumberMasked"].count("*") == 10 for n in nodes)
    assert {n["reason"] for n in nodes} == {"NAME_CONFLICT"}
    city = await issues_as(client, "city")
    assert len(city["data"]["importIssues"]["edges"]) == 2
    xuhui = await issues_as(client, "xuhui")
    assert xuhui["data"]["importIssues"]["edges"] == []
    nurse = await issues_as(client, "nurse")
    assert nurse["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    nobody = await issues_as(client, None)
    assert nobody["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_resolve_imports_the_row_and_reject_drops_it_both_audited(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, actors: dict[str, Actor]
) -> None:
    ids = await _conflicts(session, tmp_path, actors)
    body = await issues_as(client, "pudong")
    by_name = {
        e["node"]["fileName"]: e["node"]["id"] for e in body["data"]["importIssues"]["edges"]
    }

    other = await gql_as(client, "xuhui", DECIDE % "resolveImportIssue", {"id": by_name["新名字"]})
    assert other["data"]["resolveImportIssue"]["reason"] == "ISSUE_NOT_FOUND"

    done = await gql_as(client, "pudong", DECIDE % "resolveImportIssue", {"id": by_name["新名字"]})
    result = done["data"]["resolveImportIssue"]
    assert result["__typename"] == "ImportIssueSuccess"
    assert result["issue"]["status"] == "RESOLVED"
    person = await directory.find_person_by_id_number(session, ids["first"])
    assert person is not None
    await session.refresh(person)
    assert person.name == "新名字"
    assert await session.scalar(select(Registration.id).where(Registration.number == "ZS-RENAMED"))

    again = await gql_as(client, "pudong", DECIDE % "resolveImportIssue", {"id": by_name["新名字"]})
    assert again["data"]["resolveImportIssue"]["reason"] == "ISSUE_DECIDED"

    dropped = await gql_as(client, "city", DECIDE % "rejectImportIssue", {"id": by_name["错名字"]})
    assert dropped["data"]["rejectImportIssue"]["issue"]["status"] == "REJECTED"
    kept = await directory.find_person_by_id_number(session, ids["second"])
    assert kept is not None
    await session.refresh(kept)
    assert kept.name == practitioner_row(402, 41)["name"]
    assert (
        await session.scalar(select(Registration.id).where(Registration.number == "ZS-WRONG"))
        is None
    )

    open_left = await issues_as(client, "pudong")
    assert open_left["data"]["importIssues"]["edges"] == []
    decided = await issues_as(client, "pudong", status="RESOLVED")
    assert len(decided["data"]["importIssues"]["edges"]) == 1
    actions = set(
        (
            await session.scalars(
                select(AuditEntry.action).where(AuditEntry.action.like("registry.import_issue.%"))
            )
        ).all()
    )
    assert actions == {"registry.import_issue.resolve", "registry.import_issue.reject"}

    bad = await gql_as(client, "pudong", DECIDE % "rejectImportIssue", {"id": "bm90LWFuLWlk"})
    assert bad["data"]["rejectImportIssue"]["reason"] == "ISSUE_NOT_FOUND"


BATCHES = """
query { importBatches(first: 10) {
  edges { node { id kind filename sha256 rows created rejected quarantined reportUrl } }
} }"""


async def test_municipal_officers_list_imports_and_download_their_reports(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, actors: dict[str, Actor]
) -> None:
    await _conflicts(session, tmp_path, actors)
    body = await gql_as(client, "city", BATCHES)
    nodes = [e["node"] for e in body["data"]["importBatches"]["edges"]]
    assert sorted(n["kind"] for n in nodes) == ["doctors", "doctors", "institutions"]
    conflicts = next(n for n in nodes if n["quarantined"] == 2)
    response = await client.get(conflicts["reportUrl"], headers={"x-test-actor": "city"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.startswith("行号 row")
    assert text.count("NAME_CONFLICT") == 2

    district = await gql_as(client, "pudong", BATCHES)
    assert district["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = await client.get(conflicts["reportUrl"], headers={"x-test-actor": "pudong"})
    assert denied.status_code == 404
    assert (await client.get(conflicts["reportUrl"])).status_code == 401
    assert (await client.get("/imports/not-a-uuid/report.csv")).status_code == 404
