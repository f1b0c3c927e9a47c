"""Share links: the holder hands out a link that shows the licence's live status until it
expires (the clock moved past it) or is revoked; a tampered link shows nothing; the code of
the licence shown full screen is a share of three minutes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from core.audit import AuditEntry
from core.clock import FixedClock
from registry.licences.sharing import MAX_OPEN_LINKS, MAX_OPEN_LIVE_CODES
from tests.factories.clients import gql_as
from tests.factories.licences import Issued, issue_nurse_licence
from tests.factories.workflow import City
from tests.schema.certificates.documents import MEMBERS, SUSPEND

LINK = (
    "__typename ... on LicenceShareSuccess { share { id number url createdAt expiresAt revoked } }"
)
SHARE = f"""
mutation Share($number: String!, $hours: Int!) {{
  shareLicence(number: $number, hours: $hours) {{ {LINK} {MEMBERS} }}
}}
"""
REVOKE = f"""
mutation Revoke($id: UUID!) {{ revokeLicenceShare(id: $id) {{ {LINK} {MEMBERS} }} }}
"""
LIVE = f"""
mutation Live($number: String!) {{ licenceLiveCode(number: $number) {{ {LINK} {MEMBERS} }} }}
"""
LINKS = """
query Links($number: String!) { licenceShareLinks(number: $number) { id url expiresAt } }
"""


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


async def _share(client: httpx.AsyncClient, actor: str, number: str, hours: int) -> Any:
    return (await gql_as(client, actor, SHARE, {"number": number, "hours": hours}))["data"][
        "shareLicence"
    ]


def _path(url: str) -> str:
    return url[url.index("/s/") :]


async def test_a_link_shows_the_live_status_until_the_clock_passes_its_expiry(
    client: httpx.AsyncClient, zhang: Issued, clock: FixedClock
) -> None:
    shared = await _share(client, "zhang", zhang.number, 24)
    assert shared["__typename"] == "LicenceShareSuccess", shared
    path = _path(shared["share"]["url"])

    page = await client.get(path)
    assert page.status_code == 200
    assert 'data-status="VALID"' in page.text
    assert zhang.number in page.text
    assert "分享链接有效至" in page.text
    assert page.headers["cache-control"] == "no-store"

    clock.advance(timedelta(hours=23, minutes=59))
    assert 'data-status="VALID"' in (await client.get(path)).text

    clock.advance(timedelta(minutes=1))
    closed = await client.get(path)
    assert closed.status_code == 410
    assert 'data-status="SHARE_EXPIRED"' in closed.text
    assert "已过期" in closed.text
    assert zhang.number not in closed.text
    assert "张晓华" not in closed.text


async def test_the_link_follows_the_licence_status(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    path = _path((await _share(client, "zhang", zhang.number, 1))["share"]["url"])
    suspended = await gql_as(
        client,
        "officer_pudong",
        SUSPEND,
        {"input": {"number": zhang.number, "reason": "调查中"}},
    )
    assert suspended["data"]["suspendLicence"]["__typename"] == "LicenceSuccess"
    assert 'data-status="SUSPENDED"' in (await client.get(path)).text


async def test_a_revoked_link_shows_nothing_and_both_steps_are_audited(
    client: httpx.AsyncClient, zhang: Issued, li: Issued, session: AsyncSession
) -> None:
    share = (await _share(client, "zhang", zhang.number, 72))["share"]
    listed = (await gql_as(client, "zhang", LINKS, {"number": zhang.number}))["data"]
    assert [s["id"] for s in listed["licenceShareLinks"]] == [share["id"]]

    # Only the holder revokes: to anyone else the share does not exist.
    other = (await gql_as(client, "li", REVOKE, {"id": share["id"]}))["data"]["revokeLicenceShare"]
    assert other["__typename"] == "NotFound"
    assert other["reason"] == "SHARE_NOT_FOUND"

    revoked = (await gql_as(client, "zhang", REVOKE, {"id": share["id"]}))["data"]
    assert revoked["revokeLicenceShare"]["share"]["revoked"] is True
    assert revoked["revokeLicenceShare"]["share"]["url"] is None
    closed = await client.get(_path(share["url"]))
    assert closed.status_code == 410
    assert 'data-status="SHARE_REVOKED"' in closed.text
    listed = (await gql_as(client, "zhang", LINKS, {"number": zhang.number}))["data"]
    assert listed["licenceShareLinks"] == []

    actions = (
        await session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.startswith("licence.share"))
        )
    ).all()
    assert sorted(actions) == ["licence.share", "licence.share.revoke"]


async def test_a_tampered_or_unknown_link_is_not_genuine(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    path = _path((await _share(client, "zhang", zhang.number, 1))["share"]["url"])
    kid, share, expiry, signature = path.removeprefix("/s/").split(".")
    longer = f"/s/{kid}.{share}.{int(expiry) + 86400}.{signature}"
    other_share = f"/s/{kid}.{'0' * 32}.{expiry}.{signature}"
    for bad in (longer, other_share, f"/s/{zhang.token}", "/s/nonsense"):
        page = await client.get(bad)
        assert page.status_code == 404, bad
        assert 'data-status="FORGED"' in page.text
        assert zhang.number not in page.text


async def test_only_the_holder_shares_and_within_a_week(
    client: httpx.AsyncClient, zhang: Issued, li: Issued
) -> None:
    for actor in ("li", "op_pudong_b"):
        refused = await _share(client, actor, zhang.number, 1)
        assert refused["__typename"] == "NotFound", actor
        assert refused["reason"] == "LICENCE_NOT_FOUND"
    for hours in (0, 169):
        invalid = await _share(client, "zhang", zhang.number, hours)
        assert invalid["__typename"] == "ValidationError"
        assert invalid["fields"][0]["code"] == "OUT_OF_RANGE"
    anonymous = await gql_as(client, None, SHARE, {"number": zhang.number, "hours": 1})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_live_code_lasts_three_minutes_and_is_not_listed(
    client: httpx.AsyncClient, zhang: Issued, clock: FixedClock
) -> None:
    live = (await gql_as(client, "zhang", LIVE, {"number": zhang.number}))["data"]
    path = _path(live["licenceLiveCode"]["share"]["url"])
    assert 'data-status="VALID"' in (await client.get(path)).text
    listed = (await gql_as(client, "zhang", LINKS, {"number": zhang.number}))["data"]
    assert listed["licenceShareLinks"] == []
    clock.advance(timedelta(minutes=3))
    assert (await client.get(path)).status_code == 410


VERIFY_SHARE = f"""
query VerifyShare($token: String!) {{
  verifyLicenceShare(token: $token) {{
    __typename ... on LicenceVerification {{ status number holderName }} {MEMBERS}
  }}
}}
"""


async def test_the_verify_page_reads_a_share_until_it_closes(
    client: httpx.AsyncClient, zhang: Issued, clock: FixedClock
) -> None:
    url = (await _share(client, "zhang", zhang.number, 1))["share"]["url"]
    token = _path(url).removeprefix("/s/")

    async def verified(token: str) -> Any:
        return (await gql_as(client, None, VERIFY_SHARE, {"token": token}))["data"][
            "verifyLicenceShare"
        ]

    open_ = await verified(token)
    assert open_["__typename"] == "LicenceVerification"
    assert (open_["status"], open_["number"]) == ("VALID", zhang.number)
    assert (await verified(zhang.token))["status"] == "FORGED"
    clock.advance(timedelta(hours=1))
    closed = await verified(token)
    assert closed["__typename"] == "InvalidState"
    assert closed["reason"] == "SHARE_EXPIRED"


async def test_a_holder_has_a_bounded_number_of_shares_open(
    client: httpx.AsyncClient, zhang: Issued, clock: FixedClock
) -> None:
    """Every share is a row: links and live codes are each capped per licence while open;
    revoking or expiring one makes room again."""
    links = [await _share(client, "zhang", zhang.number, 1) for _ in range(MAX_OPEN_LINKS)]
    assert {link["__typename"] for link in links} == {"LicenceShareSuccess"}
    refused = await _share(client, "zhang", zhang.number, 1)
    assert refused["__typename"] == "Conflict"
    assert refused["reason"] == "SHARES_AT_LIMIT"
    assert refused["params"] == [{"name": "maximum", "value": str(MAX_OPEN_LINKS)}]
    first = links[0]["share"]["id"]
    revoked = (await gql_as(client, "zhang", REVOKE, {"id": first}))["data"]["revokeLicenceShare"]
    assert revoked["__typename"] == "LicenceShareSuccess"
    assert (await _share(client, "zhang", zhang.number, 1))["__typename"] == "LicenceShareSuccess"

    async def live() -> Any:
        answer = await gql_as(client, "zhang", LIVE, {"number": zhang.number})
        return answer["data"]["licenceLiveCode"]

    codes = [await live() for _ in range(MAX_OPEN_LIVE_CODES)]
    assert {code["__typename"] for code in codes} == {"LicenceShareSuccess"}
    assert (await live())["reason"] == "SHARES_AT_LIMIT"
    clock.advance(timedelta(minutes=4))  # the live codes have expired, the links have not
    assert (await live())["__typename"] == "LicenceShareSuccess"
    assert (await _share(client, "zhang", zhang.number, 1))["reason"] == "SHARES_AT_LIMIT"
