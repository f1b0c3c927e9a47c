"""The institution roster: who practises there (primary registration or filing), paged by
name, searchable, expiring ones flagged, exported as CSV for the institution's staff."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import ANONYMOUS
from core.clock import clock_of
from core.errors import AuthenticationRequired, NotFound, PermissionDenied, ValidationFailed
from directory.models import Institution, Profession
from registry.boards import roster
from registry.registrations.models import Filing, FilingStatus, RegistrationStatus
from tests import factories
from tests.factories.workflow import institution_registration, officer, operator, registration

TODAY = date(2026, 11, 25)


async def _filing(
    session: AsyncSession,
    registration_id: uuid.UUID,
    institution: Institution,
    status: FilingStatus,
) -> None:
    session.add(
        Filing(
            id=uuid.uuid4(),
            registration_id=registration_id,
            institution_id=institution.id,
            status=status,
            filed_at=clock_of(session).now(),
        )
    )
    await session.flush()


@pytest.fixture
async def hospital(session: AsyncSession) -> Institution:
    """Staff of 浦东测试医院: four on the roster, three who are not."""
    here = await factories.institution(session, name="浦东测试医院", district="310115")
    there = await factories.institution(session, name="徐汇测试医院", district="310104")
    await institution_registration(session, here)
    people = {
        n: await factories.person(session, name=n)
        for n in ("安琪", "白雪", "陈晨", "丁一", "方圆", "高山")
    }
    await registration(
        session, people["安琪"], here, valid_until=date(2027, 1, 20), number="HS310115-2022-000001"
    )
    await registration(
        session, people["白雪"], here, valid_until=date(2029, 3, 1), number="HS310115-2022-000002"
    )
    await registration(
        session,
        people["丁一"],
        here,
        status=RegistrationStatus.EXPIRED,
        valid_until=date(2026, 8, 1),
        number="HS310115-2021-000003",
    )
    await registration(
        session, people["方圆"], here, status=RegistrationStatus.CANCELLED, number="HS-GONE-1"
    )
    visiting = await registration(
        session, people["陈晨"], there, Profession.DOCTOR, number="YS310104-2020-000009"
    )
    await _filing(session, visiting.id, here, FilingStatus.ACTIVE)
    left = await registration(session, people["高山"], there, Profession.DOCTOR, number="YS-LEFT")
    await _filing(session, left.id, here, FilingStatus.CANCELLED)
    return here


async def _all(session: AsyncSession, hospital: Institution, flt: roster.RosterFilter) -> list[str]:
    page = await roster.roster_page(
        session, operator(hospital), hospital.id, flt, today=TODAY, first=100, after=None
    )
    return [e.name for e in page.items]


async def test_roster_pages_by_name(session: AsyncSession, hospital: Institution) -> None:
    staff = operator(hospital)
    seen, after, pages = [], None, 0
    while True:
        page = await roster.roster_page(
            session, staff, hospital.id, roster.RosterFilter(), today=TODAY, first=2, after=after
        )
        seen.extend(page.items)
        pages += 1
        if not page.has_next:
            break
        after = page.end_cursor
    # code-point order of the names, the same on both engines
    assert [(e.name, e.relation, e.status.value, e.expiring_soon) for e in seen] == [
        ("丁一", "PRIMARY", "EXPIRED", False),
        ("安琪", "PRIMARY", "ACTIVE", True),
        ("白雪", "PRIMARY", "ACTIVE", False),
        ("陈晨", "FILING", "ACTIVE", False),
    ]
    assert pages == 2


async def test_search_and_expiring_filter(session: AsyncSession, hospital: Institution) -> None:
    assert await _all(session, hospital, roster.RosterFilter(search="白")) == ["白雪"]
    assert await _all(session, hospital, roster.RosterFilter(search="hs310115-2021")) == ["丁一"]
    assert await _all(session, hospital, roster.RosterFilter(search="%")) == []
    assert await _all(session, hospital, roster.RosterFilter(expiring_only=True)) == ["安琪"]


async def test_who_may_read_the_roster(session: AsyncSession, hospital: Institution) -> None:
    flt = roster.RosterFilter()
    for allowed in (officer("310115"), officer("310000")):
        page = await roster.roster_page(
            session, allowed, hospital.id, flt, today=TODAY, first=10, after=None
        )
        assert len(page.items) == 4
    other = await factories.institution(session, name="别家医院", district="310115")
    for refused in (officer("310104"), operator(other)):
        with pytest.raises(PermissionDenied):
            await roster.roster_page(
                session, refused, hospital.id, flt, today=TODAY, first=10, after=None
            )
    with pytest.raises(AuthenticationRequired):
        await roster.roster_page(
            session, ANONYMOUS, hospital.id, flt, today=TODAY, first=10, after=None
        )
    with pytest.raises(NotFound):
        await roster.roster_page(
            session, operator(hospital), uuid.uuid4(), flt, today=TODAY, first=10, after=None
        )
    with pytest.raises(ValidationFailed):
        await roster.roster_page(
            session, operator(hospital), hospital.id, flt, today=TODAY, first=10, after="junk"
        )


async def test_csv_export_is_for_the_institution_staff(
    session: AsyncSession, hospital: Institution
) -> None:
    text = await roster.roster_csv(
        session, operator(hospital), hospital.id, roster.RosterFilter(), TODAY
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["姓名 name", "职业 profession", "注册编号 number"]
    assert [(r[0], r[2], r[4], r[9]) for r in rows[1:]] == [
        ("丁一", "HS310115-2021-000003", "PRIMARY", ""),
        ("安琪", "HS310115-2022-000001", "PRIMARY", "Y"),
        ("白雪", "HS310115-2022-000002", "PRIMARY", ""),
        ("陈晨", "YS310104-2020-000009", "FILING", ""),
    ]
    with pytest.raises(PermissionDenied):
        await roster.roster_csv(
            session, officer("310115"), hospital.id, roster.RosterFilter(), TODAY
        )


async def test_csv_cells_are_not_formulas(session: AsyncSession) -> None:
    here = await factories.institution(session, name="公式医院")
    person = await factories.person(session, name="公式")
    reg = await registration(session, person, here, Profession.DOCTOR, number="YS-F1")
    reg.scope = '=HYPERLINK("http://x.invalid","点我")'
    await session.flush()
    text = await roster.roster_csv(session, operator(here), here.id, roster.RosterFilter(), TODAY)
    scope = list(csv.reader(io.StringIO(text)))[1][6]
    assert scope.startswith("'=")
