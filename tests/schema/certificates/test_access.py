"""Who may download, list, read and suspend a licence: the holder, the holder's institution
and the officers whose scope covers it; everyone else finds nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from registry.licences import issuance as licensing
from tests.factories.clients import ACTOR_HEADER, gql_as
from tests.factories.licences import Issued, issue_nurse_licence
from tests.factories.workflow import City
from tests.schema.certificates.documents import LIST, MINE, NODE, ONE, SUSPEND, change_status


@pytest.fixture
async def zhang(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
) -> Issued:
    return await issue_nurse_licence(session, sessions, app, city, actors, "zhang", "张晓华")


@pytest.fixture
async def li(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
) -> Issued:
    return await issue_nurse_licence(session, sessions, app, city, actors, "li", "李明")


async def _download(client: httpx.AsyncClient, actor: str | None, path: str) -> httpx.Response:
    headers = {ACTOR_HEADER: actor} if actor else {}
    return await client.get(path, headers=headers)


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("zhang", 200),
        ("op_pudong", 200),
        ("officer_pudong", 200),
        ("officer_city", 200),
        ("li", 404),
        ("op_pudong_b", 404),
        ("op_xuhui", 404),
        ("officer_xuhui", 404),
        (None, 401),
    ],
)
async def test_the_pdf_downloads_only_in_scope(
    client: httpx.AsyncClient, zhang: Issued, li: Issued, actor: str | None, status: int
) -> None:
    response = await _download(client, actor, f"/licences/{zhang.number}.pdf")
    assert response.status_code == status, response.text
    if status == 200:
        assert response.headers["content-type"] == "application/pdf"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith(f'attachment; filename="{zhang.number}-v1.pdf"')
        assert response.content == zhang.licence.pdf
    else:
        assert b"%PDF" not in response.content


async def test_download_versions_and_unknown_numbers(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    ok = await _download(client, "zhang", f"/licences/{zhang.number}.pdf?version=1")
    assert ok.status_code == 200
    for path in (
        f"/licences/{zhang.number}.pdf?version=2",
        f"/licences/{zhang.number}.pdf?version=one",
        "/licences/HS310115-2026-999999.pdf",
    ):
        assert (await _download(client, "zhang", path)).status_code == 404


async def test_an_unsigned_licence_is_not_ready_yet(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    from directory.models import Profession
    from registry.catalogue.models import ItemCode

    person, applicant = await city.person("周洁")
    actors["zhou"] = applicant
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    await city.through(await city.apply(applicant, ItemCode.NURSE_FIRST_REGISTRATION, form))
    await session.commit()
    mine = (await gql_as(client, "zhou", MINE))["data"]["myLicences"]
    response = await _download(client, "zhou", f"/licences/{mine[0]['number']}.pdf")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "3"


async def test_lists_and_reads_follow_the_scope(
    client: httpx.AsyncClient, zhang: Issued, li: Issued
) -> None:
    async def listed(actor: str | None) -> object:
        body = await gql_as(client, actor, LIST, {"first": 20})
        if body.get("errors"):
            return body["errors"][0]["extensions"]["code"]
        return sorted(e["node"]["number"] for e in body["data"]["licences"]["edges"])

    both = sorted([zhang.number, li.number])
    assert await listed("officer_pudong") == both
    assert await listed("officer_city") == both
    assert await listed("op_pudong") == both
    assert await listed("officer_xuhui") == []
    assert await listed("op_pudong_b") == []
    assert await listed("zhang") == "FORBIDDEN"  # practitioners read theirs with myLicences
    assert await listed(None) == "UNAUTHENTICATED"

    filtered = await gql_as(
        client, "officer_pudong", LIST, {"first": 20, "filter": {"holderName": "晓"}}
    )
    assert [e["node"]["number"] for e in filtered["data"]["licences"]["edges"]] == [zhang.number]

    async def one(actor: str) -> object:
        body = await gql_as(client, actor, ONE, {"number": zhang.number})
        return body["data"]["licence"] and body["data"]["licence"]["number"]

    assert await one("zhang") == zhang.number
    assert await one("op_pudong") == zhang.number
    assert await one("li") is None
    assert await one("officer_xuhui") is None

    mine = (await gql_as(client, "li", MINE))["data"]["myLicences"]
    assert [m["number"] for m in mine] == [li.number]
    global_id = (await gql_as(client, "zhang", MINE))["data"]["myLicences"][0]["id"]
    seen = await gql_as(client, "zhang", NODE, {"id": global_id})
    assert seen["data"]["node"]["number"] == zhang.number
    hidden = await gql_as(client, "officer_xuhui", NODE, {"id": global_id})
    assert hidden["data"]["node"] is None


async def test_suspension_is_for_officers_in_scope(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    async def outcome(actor: str, reason: str = "核查", version: int | None = None) -> object:
        body = await gql_as(
            client,
            actor,
            SUSPEND,
            {"input": {"number": zhang.number, "reason": reason, "expectedVersion": version}},
        )
        if body.get("errors"):
            return body["errors"][0]["extensions"]["code"]
        return body["data"]["suspendLicence"]["__typename"]

    assert await outcome("zhang") == "FORBIDDEN"
    assert await outcome("op_pudong") == "FORBIDDEN"
    assert await outcome("officer_xuhui") == "NotFound"
    assert await outcome("officer_pudong", version=2) == "Conflict"
    blank = await change_status(client, "officer_pudong", SUSPEND, zhang.number, "  ")
    assert blank["__typename"] == "ValidationError"
    assert blank["fields"][0]["field"] == "reason"
    assert await outcome("officer_city", version=1) == "NotFound"  # oversees, never changes
    assert await outcome("officer_pudong", version=1) == "LicenceSuccess"
    assert await outcome("officer_pudong") == "InvalidState"  # suspended already


async def test_institution_staff_hold_their_institution_licence(
    client: httpx.AsyncClient, session: AsyncSession, city: City, zhang: Issued
) -> None:
    from registry.licences.events import licence_content
    from tests.factories.workflow import institution_registration

    reg = await institution_registration(session, city.pudong)
    content = await licence_content(session, reg)
    await licensing.apply_completion(
        session,
        {
            "registration_id": str(reg.id),
            "registration_version": reg.version,
            "number": reg.number,
            "action": "ISSUE",
            "content": content,
        },
    )
    await session.commit()
    mine = (await gql_as(client, "op_pudong", MINE))["data"]["myLicences"]
    assert [(m["number"], m["kind"], m["holderName"]) for m in mine] == [
        (reg.number, "INSTITUTION_PRACTICE", "浦东测试医院")
    ]
    assert (await gql_as(client, "op_pudong_b", MINE))["data"]["myLicences"] == []
    assert zhang.number not in str(mine)
