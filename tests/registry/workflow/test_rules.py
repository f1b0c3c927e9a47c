"""Form checks and item rules: each violation is a ValidationFailed naming the field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import AuditEntry
from core.clock import FixedClock
from core.errors import InvalidState, PermissionDenied, ValidationFailed
from directory.models import Profession
from registry.catalogue.models import ItemCode
from registry.registrations.models import RegistrationStatus
from registry.workflow import service
from registry.workflow.models import Application, ApplicationStatus
from registry.workflow.states import Action
from tests.factories.workflow import City, operator, registration


def fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {p.field: p.message for p in exc.value.problems}


async def test_required_fields_attachments_and_unknown_fields(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    with pytest.raises(ValidationFailed) as exc:
        await service.create_application(
            session,
            nurse,
            item_code=ItemCode.NURSE_FIRST_REGISTRATION,
            form={"qualificationNumber": "Q", "nickname": "x"},
            submit=True,
        )
    assert fields(exc) == {"payload.nickname": "is not a field of this item"}

    partial = await service.create_application(
        session, nurse, item_code=ItemCode.NURSE_FIRST_REGISTRATION, form={"education": "本科"}
    )
    assert partial.status is ApplicationStatus.DRAFT  # a draft may be saved half-filled
    with pytest.raises(ValidationFailed) as exc:
        await service.take(
            session, nurse, Action.SUBMIT, application_id=partial.id, expected_version=1
        )
    assert fields(exc) == {
        "payload.institutionId": "is required",
        "payload.qualificationNumber": "is required",
    }

    draft = await service.create_application(
        session,
        nurse,
        item_code=ItemCode.NURSE_FIRST_REGISTRATION,
        form={
            "institutionId": str(city.pudong.id),
            "qualificationNumber": "Q",
            "education": "本科",
        },
    )
    city.certify(person, city.pudong, Profession.NURSE)
    with pytest.raises(ValidationFailed) as exc:
        await service.take(
            session, nurse, Action.SUBMIT, application_id=draft.id, expected_version=draft.version
        )
    assert exc.value.problems[0].field == "attachments"
    assert "QUALIFICATION_CERTIFICATE" in exc.value.problems[0].message


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (date(2026, 11, 14), "renewal opens on 2026-11-15, 30 days before expiry"),
        (date(2026, 12, 16), "expired on 2026-12-15: apply for re-registration"),
    ],
)
async def test_renewal_window(
    city: City, session: AsyncSession, clock: FixedClock, today: date, message: str
) -> None:
    person, nurse = await city.person()
    await registration(session, person, city.pudong, valid_until=date(2026, 12, 15))
    clock.at = clock.at.replace(year=today.year, month=today.month, day=today.day)
    with pytest.raises(ValidationFailed) as exc:
        await city.apply(nurse, ItemCode.NURSE_RENEWAL, {})
    assert fields(exc) == {"registration": message}


@pytest.mark.parametrize("today", [date(2026, 11, 15), date(2026, 12, 15)])
async def test_renewal_window_edges_are_open(
    city: City, session: AsyncSession, clock: FixedClock, today: date
) -> None:
    person, nurse = await city.person()
    await registration(session, person, city.pudong, valid_until=date(2026, 12, 15))
    clock.at = clock.at.replace(year=today.year, month=today.month, day=today.day)
    app = await city.apply(nurse, ItemCode.NURSE_RENEWAL, {})
    assert app.status is ApplicationStatus.AWAITING_INSTITUTION


async def test_change_needs_certification_by_the_new_institution(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    await registration(session, person, city.pudong)
    form = {"institutionId": str(city.xuhui.id)}
    with pytest.raises(ValidationFailed) as exc:
        await city.apply(nurse, ItemCode.NURSE_CHANGE_REGISTRATION, form)
    assert fields(exc) == {
        "payload.institutionId": "徐汇测试医院 has not certified you as its nurse"
    }
    city.certify(person, city.xuhui, Profession.DOCTOR)  # the wrong profession does not count
    with pytest.raises(ValidationFailed):
        await city.apply(nurse, ItemCode.NURSE_CHANGE_REGISTRATION, form)
    city.certify(person, city.xuhui, Profession.NURSE)
    app = await city.apply(nurse, ItemCode.NURSE_CHANGE_REGISTRATION, form)
    assert app.institution_id == city.xuhui.id


@pytest.mark.parametrize(
    ("setup", "form_of", "expected"),
    [
        ("none", "xuhui", {"registration": "needs an active registration"}),
        ("cancelled", "xuhui", {"registration": "needs an active registration"}),
        (
            "active",
            "pudong",
            {"payload.institutionId": "this is your primary institution: file a different one"},
        ),
        ("filed", "xuhui", {"payload.institutionId": "you have filed this institution"}),
    ],
)
async def test_filing_needs_an_active_registration_and_another_institution(
    city: City, session: AsyncSession, setup: str, form_of: str, expected: dict[str, str]
) -> None:
    person, doctor = await city.person()
    if setup != "none":
        status = RegistrationStatus.CANCELLED if setup == "cancelled" else RegistrationStatus.ACTIVE
        await registration(session, person, city.pudong, Profession.DOCTOR, status=status)
    target = city.xuhui if form_of == "xuhui" else city.pudong
    form = {"institutionId": str(target.id)}
    if setup == "filed":
        await city.through(await city.apply(doctor, ItemCode.DOCTOR_MULTI_SITE_FILING, form))
    with pytest.raises(ValidationFailed) as exc:
        await city.apply(doctor, ItemCode.DOCTOR_MULTI_SITE_FILING, form)
    assert fields(exc) == expected


async def test_no_second_open_application_for_the_same_item(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    await registration(session, person, city.pudong)
    first = await city.apply(nurse, ItemCode.NURSE_CANCELLATION, {"reason": "离职不再执业"})
    with pytest.raises(ValidationFailed) as exc:
        await city.apply(nurse, ItemCode.NURSE_CANCELLATION, {"reason": "离职不再执业"})
    assert fields(exc) == {"item": f"application {first.number} for this item is still open"}
    await city.step(nurse, Action.WITHDRAW, first)
    second = await city.apply(nurse, ItemCode.NURSE_CANCELLATION, {"reason": "离职不再执业"})
    assert second.status is ApplicationStatus.AWAITING_INSTITUTION


async def test_first_registration_twice_is_refused(city: City, session: AsyncSession) -> None:
    person, nurse = await city.person()
    await registration(session, person, city.pudong)
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    with pytest.raises(ValidationFailed) as exc:
        await city.apply(nurse, ItemCode.NURSE_FIRST_REGISTRATION, form)
    assert set(fields(exc)) == {"registration"}


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"beds": -1}, "payload.beds", "must be between 0 and 20000"),
        ({"beds": "many"}, "payload.beds", "must be a whole number"),
        ({"subjects": []}, "payload.subjects", "is required"),
        ({"subjects": ["  "]}, "payload.subjects", "must name at least one subject"),
        ({"address": "x" * 201}, "payload.address", "must be at most 200 characters"),
    ],
)
async def test_field_kinds_are_checked(
    city: City, session: AsyncSession, form: dict[str, Any], field: str, message: str
) -> None:
    clinic = await city.pending_institution()
    full = {"address": "张江路1号", "legalRepresentative": "陈立", "beds": 10, "subjects": ["内科"]}
    with pytest.raises(ValidationFailed) as exc:
        await city.apply(
            operator(clinic),
            ItemCode.INSTITUTION_PRACTICE_REGISTRATION,
            {**full, **form},
            institution=clinic,
        )
    assert fields(exc) == {field: message}


async def test_practitioners_apply_only_for_themselves_and_staff_for_their_institution(
    city: City, session: AsyncSession
) -> None:
    _, nurse = await city.person()
    with pytest.raises(PermissionDenied):
        await city.apply(nurse, ItemCode.INSTITUTION_VALIDATION, {}, institution=city.pudong)
    with pytest.raises(PermissionDenied):
        await city.apply(
            city.op_xuhui, ItemCode.INSTITUTION_VALIDATION, {}, institution=city.pudong
        )
    with pytest.raises(PermissionDenied):
        await city.apply(city.op_pudong, ItemCode.NURSE_RENEWAL, {})
    assert await session.scalar(select(func.count()).select_from(Application)) == 0


async def test_institution_cannot_change_after_submission(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    city.certify(person, city.pudong, Profession.NURSE)
    city.certify(person, city.pudong_b, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    app = await city.apply(nurse, ItemCode.NURSE_FIRST_REGISTRATION, form)
    app = await city.step(city.op_pudong, Action.RETURN, app, "请核对")
    app = await service.update_application(
        session,
        nurse,
        application_id=app.id,
        expected_version=app.version,
        form={**form, "institutionId": str(city.pudong_b.id)},
    )
    with pytest.raises(ValidationFailed) as exc:
        await city.step(nurse, Action.RESUBMIT, app)
    assert set(fields(exc)) == {"payload.institutionId"}


async def test_only_drafts_and_returned_applications_are_edited_and_edits_are_audited(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    await registration(session, person, city.pudong)
    app = await city.apply(nurse, ItemCode.NURSE_CANCELLATION, {"reason": "离职不再执业"})
    with pytest.raises(InvalidState):
        await service.update_application(
            session, nurse, application_id=app.id, expected_version=app.version, form={}
        )
    app = await city.step(city.op_pudong, Action.RETURN, app, "请写明原因")
    with pytest.raises(PermissionDenied):
        await service.update_application(
            session, city.op_pudong, application_id=app.id, expected_version=app.version, form={}
        )
    app = await service.update_application(
        session,
        nurse,
        application_id=app.id,
        expected_version=app.version,
        form={"reason": "出国定居"},
    )
    assert app.payload == {"reason": "出国定居"}
    entry = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "registry.application.updated")
    )
    assert entry is not None
    assert entry.summary == {"version": app.version, "fields": ["reason"], "attachments": None}
