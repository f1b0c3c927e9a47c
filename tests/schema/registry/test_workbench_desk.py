"""The officer's desk over HTTP: search by number (hyphens optional), name or the visible tail
of the ID number, the order of the table, and the counts per status of a filter."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor
from directory.models import Person
from registry.workflow import queries
from registry.workflow.models import Application, ApplicationStatus
from tests.factories.applications import apply_first_registration, nurse, step
from tests.factories.clients import gql_as
from tests.factories.workflow import City

WORKBENCH = """
query W(
  $filter: WorkbenchFilter, $first: Int!, $after: String, $order: WorkbenchOrder! = DEADLINE
) {
  workbench(filter: $filter, first: $first, after: $after, order: $order) {
    nodes { number subjectName status }
    pageInfo { hasNextPage endCursor }
  }
}
"""
COUNTS = """
query C($filter: WorkbenchFilter) {
  workbenchCounts(filter: $filter) { byStatus { status count } overdue total }
}
"""
NAMES = {"zhang": "张晓华", "li": "李明", "wang": "王晓芳"}


async def _desk(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> dict[str, dict[str, Any]]:
    """Three nurses' applications forwarded to the Pudong commission; Li's accepted."""
    apps = {}
    for key, name in NAMES.items():
        await nurse(session, city, actors, key, name)
        app = await apply_first_registration(client, city, key)
        apps[key] = await step(client, "op_pudong", "forwardApplication", app)
    apps["li"] = await step(client, "officer_pudong", "acceptApplication", apps["li"])
    return apps


async def _numbers(client: httpx.AsyncClient, actor: str, **variables: Any) -> list[str]:
    body = await gql_as(client, actor, WORKBENCH, {"first": 20, **variables})
    assert "errors" not in body, body
    return [n["number"] for n in body["data"]["workbench"]["nodes"]]


async def test_search_by_number_with_or_without_hyphens_and_by_a_part(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    apps = await _desk(client, session, city, actors)
    number = apps["wang"]["number"]
    for text in (number, number.replace("-", ""), number.lower(), f" {number[-6:]} "):
        found = await _numbers(client, "officer_pudong", filter={"search": text})
        assert found == [number], text


async def test_search_by_name_part_and_id_tail(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    apps = await _desk(client, session, city, actors)
    by_name = await _numbers(client, "officer_pudong", filter={"search": "晓"})
    assert sorted(by_name) == sorted([apps["zhang"]["number"], apps["wang"]["number"]])

    masked = await session.scalar(select(Person.id_number_masked).where(Person.name == "李明"))
    assert masked is not None
    tails = await session.scalars(select(Person.id_number_masked))
    clash = [m for m in tails if m.endswith(masked[-4:])]
    by_tail = await _numbers(client, "officer_pudong", filter={"search": masked[-4:]})
    assert apps["li"]["number"] in by_tail
    assert len(by_tail) == len(clash)  # only those whose visible tail matches
    assert await _numbers(client, "officer_pudong", filter={"search": "不存在的人"}) == []
    assert await _numbers(client, "officer_pudong", filter={"search": "%"}) == []


async def test_search_stays_within_the_officers_authority(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    apps = await _desk(client, session, city, actors)
    assert await _numbers(client, "officer_xuhui", filter={"search": apps["li"]["number"]}) == []


async def test_orders_and_pages(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    apps = await _desk(client, session, city, actors)
    numbers = sorted(a["number"] for a in apps.values())
    assert await _numbers(client, "officer_pudong", order="NUMBER") == numbers
    newest = await _numbers(client, "officer_pudong", order="NEWEST_FIRST")
    oldest = await _numbers(client, "officer_pudong", order="OLDEST_FIRST")
    assert newest == list(reversed(oldest))
    assert sorted(newest) == numbers
    # The accepted one has a deadline: it comes first by deadline.
    assert (await _numbers(client, "officer_pudong"))[0] == apps["li"]["number"]

    first = await gql_as(client, "officer_pudong", WORKBENCH, {"first": 2, "order": "NUMBER"})
    page = first["data"]["workbench"]
    rest = await _numbers(
        client, "officer_pudong", order="NUMBER", after=page["pageInfo"]["endCursor"]
    )
    assert [n["number"] for n in page["nodes"]] + rest == numbers


async def test_counts_per_status_follow_the_filter(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    apps = await _desk(client, session, city, actors)
    body = await gql_as(client, "officer_pudong", COUNTS)
    counts = body["data"]["workbenchCounts"]
    assert {c["status"]: c["count"] for c in counts["byStatus"]} == {
        "AWAITING_ACCEPTANCE": 2,
        "UNDER_REVIEW": 1,
        "AWAITING_PAPER": 0,
    }
    assert (counts["total"], counts["overdue"]) == (3, 0)

    # The statuses of the filter do not narrow the counts (they are the counts' columns).
    narrowed = await gql_as(
        client,
        "officer_pudong",
        COUNTS,
        {"filter": {"search": apps["zhang"]["number"], "statuses": ["UNDER_REVIEW"]}},
    )
    by_status = {c["status"]: c["count"] for c in narrowed["data"]["workbenchCounts"]["byStatus"]}
    assert by_status == {"AWAITING_ACCEPTANCE": 1, "UNDER_REVIEW": 0, "AWAITING_PAPER": 0}

    other = await gql_as(client, "officer_xuhui", COUNTS)
    assert other["data"]["workbenchCounts"]["total"] == 0


async def test_counts_are_for_officers_only(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    await _desk(client, session, city, actors)
    anonymous = await gql_as(client, None, COUNTS)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    practitioner = await gql_as(client, "zhang", COUNTS)
    assert practitioner["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_overdue_is_counted_once_the_deadline_has_passed(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> None:
    apps = await _desk(client, session, city, actors)
    accepted = await session.scalar(
        select(Application).where(Application.number == apps["li"]["number"])
    )
    assert accepted is not None
    assert accepted.status is ApplicationStatus.UNDER_REVIEW
    assert accepted.deadline is not None
    officer = actors["officer_pudong"]
    on_time = await queries.workbench_counts(
        session, officer, queries.WorkbenchFilter(), today=accepted.deadline
    )
    late = await queries.workbench_counts(
        session,
        officer,
        queries.WorkbenchFilter(),
        today=date.fromordinal(accepted.deadline.toordinal() + 1),
    )
    assert (on_time.overdue, late.overdue) == (0, 1)
    assert late.by_status[ApplicationStatus.UNDER_REVIEW] == 1
