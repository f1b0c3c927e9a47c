"""Statistics over HTTP: who may read which authority's figures, the refusals' codes, the
audit entry every read leaves, and no personal data in any answer."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Grant, Role
from core.audit import AuditEntry
from core.clock import SHANGHAI
from directory.models import Person
from registry.registrations.models import RegistrationEvent
from tests.factories import statistics as generated
from tests.factories.clients import gql_as

RESOURCES = """
query R($authority: String!, $asOf: Date) {
  resourceStatistics(authority: $authority, asOf: $asOf) {
    authority asOf suppressionThreshold notes { key text }
    tables { id dimensions measures rows { keys values { value suppressed text } } }
  }
}
"""


def _actor(role: Role, *, authority: str | None = None, institution: bool = False) -> Actor:
    return Actor(
        account_id=uuid.uuid4(),
        grants=(
            Grant(
                role,
                authority_code=authority,
                institution_id=uuid.uuid4() if institution else None,
            ),
        ),
    )


@pytest.fixture
def roles(actors: dict[str, Actor]) -> dict[str, Actor]:
    actors.update(
        city_officer=_actor(Role.AUTHORITY_OFFICER, authority="310000"),
        city_admin=_actor(Role.AUTHORITY_ADMIN, authority="310000"),
        pudong_officer=_actor(Role.AUTHORITY_OFFICER, authority="310115"),
        pudong_admin=_actor(Role.AUTHORITY_ADMIN, authority="310115"),
        operator=_actor(Role.INSTITUTION_OPERATOR, institution=True),
        institution_admin=_actor(Role.INSTITUTION_ADMIN, institution=True),
        practitioner=Actor(account_id=uuid.uuid4(), grants=(Grant(Role.PRACTITIONER),)),
        system_admin=_actor(Role.SYSTEM_ADMIN),
    )
    return actors


async def _read(client: Any, actor: str | None, authority: str, as_of: str | None = None) -> Any:
    return await gql_as(client, actor, RESOURCES, {"authority": authority, "asOf": as_of})


def _code(body: dict[str, Any]) -> str:
    assert body.get("data") is None or body["data"]["resourceStatistics"] is None
    return str(body["errors"][0]["extensions"]["code"])


@pytest.mark.parametrize(
    ("actor", "authority", "districts"),
    [
        ("city_officer", "310000", 17),
        ("city_admin", "310000", 17),
        ("city_officer", "310104", 1),
        ("pudong_officer", "310115", 1),
        ("pudong_admin", "310115", 1),
    ],
)
async def test_who_reads_what(
    client: Any,
    session: AsyncSession,
    roles: dict[str, Actor],
    actor: str,
    authority: str,
    districts: int,
) -> None:
    await generated.city(session)
    await session.commit()
    body = await _read(client, actor, authority)
    assert "errors" not in body, body
    report = body["data"]["resourceStatistics"]
    table = next(t for t in report["tables"] if t["id"] == "districts")
    assert len(table["rows"]) == districts
    assert {r["keys"][0] for r in table["rows"]} <= {authority, "310000"} | (
        {"310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112"}
        | {"310113", "310114", "310115", "310116", "310117", "310118", "310120", "310151"}
        if authority == "310000"
        else set()
    )
    entries = (
        await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registry.statistics.resources")
        )
    ).all()
    assert [(e.target_id, e.actor_id) for e in entries] == [
        (authority, str(roles[actor].account_id))
    ]
    assert entries[0].summary == {"asOf": report["asOf"]}


@pytest.mark.parametrize(
    ("actor", "authority", "code"),
    [
        (None, "310000", "UNAUTHENTICATED"),
        ("practitioner", "310115", "FORBIDDEN"),
        ("operator", "310115", "FORBIDDEN"),
        ("institution_admin", "310115", "FORBIDDEN"),
        ("system_admin", "310000", "FORBIDDEN"),
        ("pudong_officer", "310000", "FORBIDDEN"),
        ("pudong_officer", "310104", "FORBIDDEN"),
        ("pudong_admin", "310104", "FORBIDDEN"),
        ("city_officer", "999999", "VALIDATION"),
    ],
)
async def test_refusals_are_coded_and_leave_no_figures(
    client: Any,
    session: AsyncSession,
    roles: dict[str, Actor],
    actor: str | None,
    authority: str,
    code: str,
) -> None:
    body = await _read(client, actor, authority)
    assert _code(body) == code
    audited = await session.scalar(
        select(AuditEntry.seq).where(AuditEntry.action == "registry.statistics.resources")
    )
    assert audited is None


async def test_a_date_in_the_future_is_refused(client: Any, roles: dict[str, Actor]) -> None:
    body = await _read(client, "city_officer", "310000", "2027-01-01")
    assert _code(body) == "VALIDATION"
    assert body["errors"][0]["extensions"]["fields"][0]["field"] == "asOf"
    assert body["errors"][0]["extensions"]["reason"] == "DATE_IN_FUTURE"


async def test_a_date_before_the_history_is_refused_with_its_first_day(
    client: Any, session: AsyncSession, roles: dict[str, Actor]
) -> None:
    city = await generated.city(session)
    first = min(r.created_at for r in city.registrations).astimezone(SHANGHAI).date()
    events = await session.scalars(select(func.min(RegistrationEvent.at)))
    first = min(first, events.one().astimezone(SHANGHAI).date())
    before = (first - timedelta(days=1)).isoformat()
    body = await _read(client, "city_officer", "310000", before)
    assert _code(body) == "VALIDATION"
    extensions = body["errors"][0]["extensions"]
    assert extensions["reason"] == "DATE_BEFORE_DATA"
    assert extensions["fields"][0]["field"] == "asOf"
    assert extensions["fields"][0]["params"]["minimum"] == first.isoformat()
    body = await _read(client, "city_officer", "310000", first.isoformat())
    assert "errors" not in body, body


async def test_no_personal_data_in_the_answer(
    client: Any, session: AsyncSession, roles: dict[str, Actor]
) -> None:
    await generated.city(session)
    await session.commit()
    text = json.dumps(await _read(client, "city_officer", "310000"), ensure_ascii=False)
    persons = (await session.scalars(select(Person))).all()
    assert persons
    for person in persons:
        assert person.name not in text
        assert str(person.birth_date) not in text
        assert str(person.id) not in text
    assert "3101**" not in text


SUPERVISION = """
query S($authority: String!, $from: Date!, $to: Date!) {
  rolloutSupervision(authority: $authority, from: $from, to: $to) {
    authority periodFrom periodTo
    tables { id measures rows { keys values { value suppressed text } } }
  }
}
"""


@pytest.mark.parametrize(
    ("actor", "authority", "code"),
    [
        ("city_officer", "310000", None),
        ("city_officer", "310115", None),
        ("pudong_officer", "310115", None),
        ("pudong_officer", "310000", "FORBIDDEN"),
        ("pudong_officer", "310104", "FORBIDDEN"),
        ("operator", "310115", "FORBIDDEN"),
        ("practitioner", "310115", "FORBIDDEN"),
        ("system_admin", "310000", "FORBIDDEN"),
        (None, "310000", "UNAUTHENTICATED"),
    ],
)
async def test_supervision_access(
    client: Any,
    session: AsyncSession,
    roles: dict[str, Actor],
    actor: str | None,
    authority: str,
    code: str | None,
) -> None:
    city = await generated.city(session)
    await generated.rollout(session, city)
    await session.commit()
    body = await gql_as(
        client,
        actor,
        SUPERVISION,
        {"authority": authority, "from": "2026-01-01", "to": "2026-11-25"},
    )
    entries = (
        await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registry.statistics.supervision")
        )
    ).all()
    if code:
        assert body["errors"][0]["extensions"]["code"] == code
        assert entries == []
        return
    assert "errors" not in body, body
    report = body["data"]["rolloutSupervision"]
    assert (report["periodFrom"], report["periodTo"]) == ("2026-01-01", "2026-11-25")
    assert {t["id"] for t in report["tables"]} == {
        "supervisionDistricts",
        "supervisionItems",
        "laggingInstitutions",
        "verificationsByDay",
    }
    assert [(e.target_id, e.summary) for e in entries] == [
        (authority, {"from": "2026-01-01", "to": "2026-11-25"})
    ]


@pytest.mark.parametrize(
    ("start", "end", "field", "reason"),
    [
        ("2026-05-01", "2026-04-01", "to", "PERIOD_REVERSED"),
        ("2022-01-01", "2026-01-01", "to", "PERIOD_TOO_LONG"),
        ("2026-01-01", "2027-01-01", "to", "DATE_IN_FUTURE"),
        ("0001-01-01", "0001-12-31", "from", "DATE_BEFORE_DATA"),
    ],
)
async def test_supervision_periods_are_checked(
    client: Any, roles: dict[str, Actor], start: str, end: str, field: str, reason: str
) -> None:
    body = await gql_as(
        client, "city_officer", SUPERVISION, {"authority": "310000", "from": start, "to": end}
    )
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert body["errors"][0]["extensions"]["fields"][0]["field"] == field
    assert body["errors"][0]["extensions"]["reason"] == reason
