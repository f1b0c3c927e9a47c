"""Every approval item through its path, and its effect on the registry and the licence event."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import AuditEntry, verify_chain
from core.clock import clock_of
from core.outbox import OutboxEvent
from directory.models import Institution, InstitutionStatus, Profession
from registry.catalogue.models import ItemCode
from registry.registrations.models import (
    Filing,
    FilingStatus,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
)
from registry.workflow.models import Application, ApplicationEvent, ApplicationStatus
from registry.workflow.states import Action
from tests.factories.workflow import (
    City,
    RecordingNotifier,
    institution_registration,
    operator,
    registration,
)

S = ApplicationStatus


async def licence_event(session: AsyncSession, app: Application) -> dict[str, Any]:
    rows = (
        await session.scalars(
            select(OutboxEvent).where(OutboxEvent.topic == "registration.completed")
        )
    ).all()
    mine = [r.payload for r in rows if r.payload["application_id"] == str(app.id)]
    assert len(mine) == 1
    return dict(mine[0])


async def history(session: AsyncSession, reg: Registration) -> list[str]:
    rows = await session.scalars(
        select(RegistrationEvent.action)
        .where(RegistrationEvent.registration_id == reg.id)
        .order_by(RegistrationEvent.version)
    )
    return list(rows.all())


async def test_nurse_first_registration_with_paper(
    city: City, session: AsyncSession, notifier: RecordingNotifier
) -> None:
    person, nurse = await city.person("张晓华")
    city.certify(person, city.pudong, Profession.NURSE)
    app = await city.apply(
        nurse,
        ItemCode.NURSE_FIRST_REGISTRATION,
        {"institutionId": str(city.pudong.id), "qualificationNumber": "Q-1", "education": "本科"},
    )
    assert (app.status, app.institution_id, app.authority_code) == (
        S.AWAITING_INSTITUTION,
        city.pudong.id,
        "310115",
    )
    assert app.paper_required
    app = await city.step(city.op_pudong, Action.FORWARD, app)
    app = await city.step(city.officer_pudong, Action.ACCEPT, app)
    app = await city.step(city.officer_pudong, Action.APPROVE, app, "同意")
    assert app.status is S.AWAITING_PAPER
    assert app.registration_id is None  # nothing takes effect before the paper is confirmed
    app = await city.step(city.officer_pudong, Action.CONFIRM_PAPER, app)
    assert app.status is S.COMPLETED

    reg = await session.get(Registration, app.registration_id)
    assert reg is not None
    assert (reg.status, reg.institution_id, reg.valid_from, reg.valid_until) == (
        RegistrationStatus.ACTIVE,
        city.pudong.id,
        date(2026, 11, 25),
        date(2031, 11, 25),
    )
    assert reg.number.startswith("HS310115-2026-")
    event = await licence_event(session, app)
    assert event["action"] == "ISSUE"
    assert event["kind"] == "NURSE_PRACTICE"
    assert event["registration_id"] == str(reg.id)
    assert event["registration_version"] == 1
    assert event["content"]["holder_name"] == "张晓华"
    assert event["content"]["institution_name"] == "浦东测试医院"
    assert event["content"]["valid_until"] == "2031-11-25"
    assert event["content"]["authority_name_zh"] == "浦东新区卫生健康委员会"
    assert await history(session, reg) == ["CREATE_REGISTRATION"]

    steps = (
        await session.scalars(
            select(ApplicationEvent.action)
            .where(ApplicationEvent.application_id == app.id)
            .order_by(ApplicationEvent.seq)
        )
    ).all()
    assert steps == ["CREATE", "SUBMIT", "FORWARD", "ACCEPT", "APPROVE", "CONFIRM_PAPER"]
    audited = (
        await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.target_id == str(app.id))
            .order_by(AuditEntry.seq)
        )
    ).all()
    assert audited == [
        "registry.application.created",
        "registry.application.submitted",
        "registry.application.forwarded",
        "registry.application.accepted",
        "registry.application.approved",
        "registry.application.paper_confirmed",
    ]
    assert [t for p, t, _ in notifier.sent if p == person.id] == [
        "application.submitted",
        "application.forwarded",
        "application.accepted",
        "application.approved",
        "application.paper_confirmed",  # "licence issued" follows once its PDF is signed
    ]
    assert (await verify_chain(session))[1] is None


async def test_returned_by_officer_then_resubmitted_goes_back_to_review(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "大专"}
    app = await city.apply(nurse, ItemCode.NURSE_FIRST_REGISTRATION, form)
    app = await city.step(city.op_pudong, Action.RETURN, app, "体检证明不清晰")
    assert (app.status, app.returned_from) == (S.RETURNED, S.AWAITING_INSTITUTION)
    app = await city.step(nurse, Action.RESUBMIT, app)
    assert app.status is S.AWAITING_INSTITUTION
    app = await city.step(city.op_pudong, Action.FORWARD, app)
    app = await city.step(city.officer_pudong, Action.ACCEPT, app)
    app = await city.step(city.officer_pudong, Action.RETURN, app, "请补充学历证明")
    assert (app.status, app.returned_from, app.deadline) == (S.RETURNED, S.UNDER_REVIEW, None)
    app = await city.step(nurse, Action.RESUBMIT, app)
    assert app.status is S.UNDER_REVIEW
    assert app.deadline is not None
    app = await city.step(city.officer_pudong, Action.APPROVE, app)
    app = await city.step(city.officer_pudong, Action.CONFIRM_PAPER, app)
    assert app.status is S.COMPLETED


async def test_nurse_change_goes_to_the_new_institution_and_its_authority(
    city: City, session: AsyncSession
) -> None:
    person, nurse = await city.person()
    reg = await registration(session, person, city.pudong)
    city.certify(person, city.xuhui, Profession.NURSE)
    app = await city.apply(
        nurse, ItemCode.NURSE_CHANGE_REGISTRATION, {"institutionId": str(city.xuhui.id)}
    )
    assert (app.institution_id, app.authority_code, app.paper_required) == (
        city.xuhui.id,
        "310104",
        False,
    )
    app = await city.through(app)
    await session.refresh(reg)
    assert (reg.institution_id, reg.authority_code, reg.version) == (city.xuhui.id, "310104", 2)
    event = await licence_event(session, app)
    assert (event["action"], event["registration_version"]) == ("REISSUE", 2)
    assert event["content"]["institution_name"] == "徐汇测试医院"
    assert await history(session, reg) == ["CHANGE_REGISTRATION"]


async def test_nurse_renewal_adds_five_years(city: City, session: AsyncSession) -> None:
    person, nurse = await city.person()
    reg = await registration(session, person, city.pudong, valid_until=date(2026, 12, 15))
    app = await city.through(await city.apply(nurse, ItemCode.NURSE_RENEWAL, {}))
    await session.refresh(reg)
    assert reg.valid_until == date(2031, 12, 15)
    assert (await licence_event(session, app))["action"] == "RENEW"


async def test_nurse_reregistration_after_lapse(city: City, session: AsyncSession) -> None:
    person, nurse = await city.person()
    reg = await registration(
        session,
        person,
        city.pudong,
        status=RegistrationStatus.EXPIRED,
        valid_until=date(2026, 6, 1),
    )
    city.certify(person, city.pudong_b, Profession.NURSE)
    app = await city.apply(
        nurse, ItemCode.NURSE_REREGISTRATION, {"institutionId": str(city.pudong_b.id)}
    )
    assert app.paper_required
    app = await city.through(app)
    await session.refresh(reg)
    assert (reg.status, reg.institution_id, reg.valid_from, reg.valid_until) == (
        RegistrationStatus.ACTIVE,
        city.pudong_b.id,
        date(2026, 11, 25),
        date(2031, 11, 25),
    )
    assert (await licence_event(session, app))["action"] == "ISSUE"


async def test_nurse_cancellation_revokes(city: City, session: AsyncSession) -> None:
    person, nurse = await city.person()
    reg = await registration(session, person, city.pudong)
    app = await city.through(
        await city.apply(nurse, ItemCode.NURSE_CANCELLATION, {"reason": "出国定居"})
    )
    await session.refresh(reg)
    assert reg.status is RegistrationStatus.CANCELLED
    event = await licence_event(session, app)
    assert (event["action"], event["registration_status"]) == ("REVOKE", "CANCELLED")


async def test_doctor_first_registration(city: City, session: AsyncSession) -> None:
    person, doctor = await city.person("李建国")
    city.certify(person, city.xuhui, Profession.DOCTOR)
    app = await city.apply(
        doctor,
        ItemCode.DOCTOR_FIRST_REGISTRATION,
        {
            "institutionId": str(city.xuhui.id),
            "qualificationNumber": "YS-1",
            "category": "CLINICAL",
            "scope": "内科专业",
        },
    )
    app = await city.through(app)
    reg = await session.get(Registration, app.registration_id)
    assert reg is not None
    assert (reg.category, reg.scope, reg.valid_until, reg.authority_code) == (
        "CLINICAL",
        "内科专业",
        None,
        "310104",
    )
    event = await licence_event(session, app)
    assert (event["kind"], event["content"]["category"], event["content"]["scope"]) == (
        "PHYSICIAN_PRACTICE",
        "CLINICAL",
        "内科专业",
    )


async def test_doctor_change_of_scope_stays_at_the_institution(
    city: City, session: AsyncSession
) -> None:
    person, doctor = await city.person()
    reg = await registration(session, person, city.pudong, Profession.DOCTOR)
    app = await city.apply(doctor, ItemCode.DOCTOR_CHANGE_REGISTRATION, {"scope": "外科专业"})
    assert app.institution_id == city.pudong.id
    await city.through(app)
    await session.refresh(reg)
    assert (reg.scope, reg.institution_id, reg.version) == ("外科专业", city.pudong.id, 2)


async def test_doctor_filing_and_its_cancellation(city: City, session: AsyncSession) -> None:
    person, doctor = await city.person()
    reg = await registration(session, person, city.pudong, Profession.DOCTOR)
    app = await city.apply(
        doctor, ItemCode.DOCTOR_MULTI_SITE_FILING, {"institutionId": str(city.xuhui.id)}
    )
    assert (app.institution_id, app.authority_code, app.paper_required) == (
        city.xuhui.id,
        "310104",
        False,
    )
    app = await city.through(app)
    filing = await session.scalar(select(Filing).where(Filing.registration_id == reg.id))
    assert filing is not None
    assert (filing.institution_id, filing.status) == (city.xuhui.id, FilingStatus.ACTIVE)
    assert (await licence_event(session, app))["action"] == "NONE"

    cancel = await city.apply(
        doctor, ItemCode.DOCTOR_MULTI_SITE_CANCELLATION, {"institutionId": str(city.xuhui.id)}
    )
    assert cancel.status is S.AWAITING_ACCEPTANCE  # no institution step
    await city.through(cancel)
    await session.refresh(filing)
    assert filing.status is FilingStatus.CANCELLED
    assert await history(session, reg) == ["ADD_FILING", "REMOVE_FILING"]


async def test_doctor_cancellation_filing_also_ends_filings(
    city: City, session: AsyncSession
) -> None:
    person, doctor = await city.person()
    reg = await registration(session, person, city.pudong, Profession.DOCTOR)
    await city.through(
        await city.apply(
            doctor, ItemCode.DOCTOR_MULTI_SITE_FILING, {"institutionId": str(city.xuhui.id)}
        )
    )
    app = await city.through(
        await city.apply(doctor, ItemCode.DOCTOR_CANCELLATION_FILING, {"reason": "退休"})
    )
    await session.refresh(reg)
    assert reg.status is RegistrationStatus.CANCELLED
    active = await session.scalar(
        select(func.count()).select_from(Filing).where(Filing.status == FilingStatus.ACTIVE)
    )
    assert active == 0
    assert (await licence_event(session, app))["action"] == "REVOKE"


async def test_doctor_reregistration(city: City, session: AsyncSession) -> None:
    person, doctor = await city.person()
    reg = await registration(
        session, person, city.pudong, Profession.DOCTOR, status=RegistrationStatus.CANCELLED
    )
    city.certify(person, city.city_hospital, Profession.DOCTOR)
    app = await city.apply(
        doctor,
        ItemCode.DOCTOR_REREGISTRATION,
        {"institutionId": str(city.city_hospital.id), "category": "TCM", "scope": "中医专业"},
    )
    assert app.authority_code == "310000"
    await city.through(app)
    await session.refresh(reg)
    assert (reg.status, reg.category, reg.authority_code) == (
        RegistrationStatus.ACTIVE,
        "TCM",
        "310000",
    )


async def test_institution_practice_registration(city: City, session: AsyncSession) -> None:
    clinic = await city.pending_institution()
    staff = operator(clinic)
    app = await city.apply(
        staff,
        ItemCode.INSTITUTION_PRACTICE_REGISTRATION,
        {
            "address": "浦东新区张江路1号",
            "legalRepresentative": "陈立",
            "beds": 30,
            "subjects": ["全科医疗科", "内科"],
        },
        institution=clinic,
    )
    assert (app.status, app.institution_review, app.paper_required) == (
        S.AWAITING_ACCEPTANCE,
        False,
        True,
    )
    app = await city.through(app)
    await session.refresh(clinic)
    reg = await session.get(Registration, app.registration_id)
    assert reg is not None
    assert clinic.status is InstitutionStatus.ACTIVE
    assert clinic.licence_number == reg.number
    assert reg.number.startswith("JG310115-2026-")
    assert clinic.validated_until == date(2027, 11, 25)  # below 100 beds: every year
    assert (clinic.beds, clinic.subjects) == (30, ["全科医疗科", "内科"])
    event = await licence_event(session, app)
    assert (event["kind"], event["content"]["holder_name"]) == ("INSTITUTION_PRACTICE", clinic.name)
    assert event["content"]["subjects"] == ["全科医疗科", "内科"]


async def test_institution_change_validation_and_cancellation(
    city: City, session: AsyncSession
) -> None:
    inst: Institution = city.pudong
    inst.validated_until = date(2027, 1, 31)
    reg = await institution_registration(session, inst)
    await city.through(
        await city.apply(
            city.op_pudong,
            ItemCode.INSTITUTION_CHANGE_REGISTRATION,
            {"name": "浦东测试医院东院", "beds": 320},
            institution=inst,
        )
    )
    await session.refresh(inst)
    assert (inst.name, inst.beds) == ("浦东测试医院东院", 320)

    assert reg.valid_from == date(2020, 1, 1)  # first registered long ago
    validation = await city.through(
        await city.apply(city.op_pudong, ItemCode.INSTITUTION_VALIDATION, {}, institution=inst)
    )
    await session.refresh(inst)
    await session.refresh(reg)
    assert inst.validated_until == reg.valid_until == date(2030, 1, 31)  # 100+ beds: 3 years
    # The re-issued licence runs from the validation decided, not from the first registration.
    assert reg.valid_from == clock_of(session).today()
    printed = (await licence_event(session, validation))["content"]
    assert (printed["valid_from"], printed["valid_until"]) == (
        reg.valid_from.isoformat(),
        "2030-01-31",
    )

    app = await city.through(
        await city.apply(
            city.op_pudong, ItemCode.INSTITUTION_CANCELLATION, {"reason": "停业"}, institution=inst
        )
    )
    await session.refresh(inst)
    await session.refresh(reg)
    assert (inst.status, reg.status) == (InstitutionStatus.CANCELLED, RegistrationStatus.CANCELLED)
    assert (await licence_event(session, app))["action"] == "REVOKE"
    assert await history(session, reg) == [
        "CHANGE_INSTITUTION",
        "VALIDATE_INSTITUTION",
        "CANCEL_INSTITUTION",
    ]


async def test_reject_refuse_and_withdraw_close_without_effect(
    city: City, session: AsyncSession
) -> None:
    person, doctor = await city.person()
    reg = await registration(session, person, city.pudong, Profession.DOCTOR)
    form = {"institutionId": str(city.xuhui.id)}
    app = await city.apply(doctor, ItemCode.DOCTOR_MULTI_SITE_FILING, form)
    app = await city.step(city.op_xuhui, Action.FORWARD, app)
    app = await city.step(city.officer_xuhui, Action.REFUSE, app, "不属于本机关受理范围")
    assert (app.status, app.open_guard) == (S.NOT_ACCEPTED, None)

    app = await city.apply(doctor, ItemCode.DOCTOR_MULTI_SITE_FILING, form)
    app = await city.step(city.op_xuhui, Action.FORWARD, app)
    app = await city.step(city.officer_xuhui, Action.ACCEPT, app)
    app = await city.step(city.officer_xuhui, Action.REJECT, app, "执业地点不符合要求")
    assert app.status is S.REJECTED

    app = await city.apply(doctor, ItemCode.DOCTOR_MULTI_SITE_FILING, form)
    app = await city.step(doctor, Action.WITHDRAW, app)
    assert app.status is S.WITHDRAWN
    filings = await session.scalar(
        select(func.count()).select_from(Filing).where(Filing.registration_id == reg.id)
    )
    assert filings == 0
    completed = await session.scalar(
        select(func.count())
        .select_from(OutboxEvent)
        .where(OutboxEvent.topic == "registration.completed")
    )
    assert completed == 0
