"""The catalogue as the migration loads it, and the settings municipal officers change."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import ANONYMOUS
from core.audit import AuditEntry
from core.errors import AuthenticationRequired, PermissionDenied, StaleVersion, ValidationFailed
from registry.catalogue import service
from registry.catalogue.items import ITEMS, catalogue_rows
from registry.catalogue.models import ApprovalItem, ItemCode
from registry.registrations.models import RegistrationSubject
from registry.workflow.states import Action
from tests.factories.workflow import City, registration

ONLINE_ONLY = {
    ItemCode.DOCTOR_MULTI_SITE_FILING,
    ItemCode.DOCTOR_MULTI_SITE_CANCELLATION,
    ItemCode.DOCTOR_CANCELLATION_FILING,
}


async def test_migration_loads_the_fifteen_items_as_defined(session: AsyncSession) -> None:
    rows = await service.list_items(session)
    assert len(rows) == 15
    for row, expected in zip(rows, catalogue_rows(), strict=True):
        loaded = {key: getattr(row, key) for key in expected}
        assert {k: getattr(v, "value", v) for k, v in loaded.items()} == expected
    by_subject = {s: len(await service.list_items(session, s)) for s in RegistrationSubject}
    assert by_subject == {
        RegistrationSubject.NURSE: 5,
        RegistrationSubject.DOCTOR: 6,
        RegistrationSubject.INSTITUTION: 4,
    }
    assert {i.code for i in ITEMS if i.online_only} == ONLINE_ONLY
    assert not any(i.paper_required for i in ITEMS if i.online_only)


async def test_municipal_officer_switches_paper_and_it_is_audited(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    await registration(session, person, city.pudong)
    before = await city.apply(nurse, ItemCode.NURSE_CANCELLATION, {"reason": "离职不再执业"})
    assert not before.paper_required
    item = await service.update_settings(
        session,
        city.officer_city,
        code=ItemCode.NURSE_CANCELLATION,
        expected_version=1,
        change=service.ItemSettings(paper_required=True, time_limit_days=10, notice_days=14),
    )
    assert (item.paper_required, item.time_limit_days, item.notice_days, item.version) == (
        True,
        10,
        14,
        2,
    )
    entry = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "registry.catalogue.update")
    )
    assert entry is not None
    assert entry.summary["before"] == {
        "paper_required": False,
        "time_limit_days": 7,
        "notice_days": 7,
    }
    assert entry.actor_id == str(city.officer_city.account_id)
    await session.refresh(before)
    assert not before.paper_required  # submitted under the old settings, kept
    await city.step(nurse, Action.WITHDRAW, before)
    after = await city.apply(nurse, ItemCode.NURSE_CANCELLATION, {"reason": "离职不再执业"})
    assert (after.paper_required, after.time_limit_days) == (True, 10)


async def test_online_only_items_never_get_a_paper_step(city: City, session: AsyncSession) -> None:
    with pytest.raises(ValidationFailed) as exc:
        await service.update_settings(
            session,
            city.officer_city,
            code=ItemCode.DOCTOR_MULTI_SITE_FILING,
            expected_version=1,
            change=service.ItemSettings(paper_required=True),
        )
    assert exc.value.problems[0].field == "paperRequired"
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            await session.execute(
                update(ApprovalItem)
                .where(ApprovalItem.code == ItemCode.DOCTOR_CANCELLATION_FILING)
                .values(paper_required=True)
            )


async def test_only_municipal_officers_edit_the_catalogue(
    city: City, session: AsyncSession
) -> None:
    change = service.ItemSettings(time_limit_days=15)
    for actor in (city.officer_pudong, city.op_pudong):
        with pytest.raises(PermissionDenied):
            await service.update_settings(
                session, actor, code=ItemCode.NURSE_RENEWAL, expected_version=1, change=change
            )
    with pytest.raises(AuthenticationRequired):
        await service.update_settings(
            session, ANONYMOUS, code=ItemCode.NURSE_RENEWAL, expected_version=1, change=change
        )
    with pytest.raises(StaleVersion):
        await service.update_settings(
            session,
            city.officer_city,
            code=ItemCode.NURSE_RENEWAL,
            expected_version=7,
            change=change,
        )
    with pytest.raises(ValidationFailed) as exc:
        await service.update_settings(
            session,
            city.officer_city,
            code=ItemCode.NURSE_RENEWAL,
            expected_version=1,
            change=service.ItemSettings(time_limit_days=0, notice_days=365),
        )
    assert {p.field for p in exc.value.problems} == {"timeLimitDays", "noticeDays"}
