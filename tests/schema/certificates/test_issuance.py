"""From a completed application to a verifiable licence: the row exists at the commit that
completes the application, the worker signs it once, the QR page and ``verifyLicence`` follow
its live status through suspension, reinstatement, re-issue and revocation."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from certificates.models import Licence
from core.audit import AuditEntry
from core.outbox import OutboxEvent
from directory.models import Person, Profession
from directory.service import reveal_id_number, reveal_mobile
from registry.catalogue.models import ItemCode
from registry.licences import issuance as licensing
from registry.registrations.models import Registration
from tests.factories.applications import apply_first_registration, nurse, step
from tests.factories.clients import gql_as
from tests.factories.licences import background, licence_rows, sign_all
from tests.factories.workflow import City, RecordingNotifier
from tests.schema.certificates.documents import (
    MINE,
    REINSTATE,
    SUSPEND,
    change_status,
    scan,
    verify,
)


async def _number_of(session: AsyncSession, person: Person) -> str:
    from directory.models import Practitioner

    number = await session.scalar(
        select(Registration.number)
        .join(Practitioner, Registration.practitioner_id == Practitioner.id)
        .where(Practitioner.person_id == person.id)
    )
    assert number is not None
    return number


async def _register_over_graphql(
    client: httpx.AsyncClient, session: AsyncSession, city: City, actors: dict[str, Actor]
) -> tuple[Person, str]:
    await nurse(session, city, actors, "zhang", "张晓华")
    app = await apply_first_registration(client, city, "zhang")
    app = await step(client, "op_pudong", "forwardApplication", app, "材料齐全")
    app = await step(client, "officer_pudong", "acceptApplication", app)
    app = await step(client, "officer_pudong", "approveApplication", app, "同意")
    app = await step(client, "officer_pudong", "confirmPaperMaterials", app)
    assert app["status"] == "COMPLETED"
    person = await session.scalar(select(Person).where(Person.name == "张晓华"))
    assert person is not None
    return person, await _number_of(session, person)


def _texts(notifier: RecordingNotifier, person: Person) -> list[str]:
    return [t for p, t, _ in notifier.sent if p == person.id and t.startswith("licence_")]


async def test_a_completed_first_registration_has_its_licence_signed_and_verifiable(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
    notifier: RecordingNotifier,
    responses: list[httpx.Response],
) -> None:
    person, number = await _register_over_graphql(client, session, city, actors)

    # At the commit that completed the application: one licence row, not signed yet.
    (row,) = await licence_rows(session, number)
    assert (row.version, row.status.value, row.kind.value) == (1, "VALID", "NURSE_PRACTICE")
    assert (row.holder_name, row.authority_code, row.signed_at) == ("张晓华", "310115", None)
    mine = (await gql_as(client, "zhang", MINE))["data"]["myLicences"]
    assert [(m["number"], m["downloadUrl"], m["verifyUrl"]) for m in mine] == [(number, None, None)]
    assert _texts(notifier, person) == []  # "issued" means downloadable: not before signing

    assert await sign_all(sessions, app) == 1
    assert _texts(notifier, person) == ["licence_issued"]  # told in the storing transaction
    assert await sign_all(sessions, app) == 0  # signed once
    assert await background(sessions, app).sign_licence(str(row.id)) is False
    assert _texts(notifier, person) == ["licence_issued"]  # and told once
    (row,) = await licence_rows(session, number)
    assert row.pdf is not None
    assert row.token is not None
    assert row.pdf.startswith(b"%PDF-")
    token = row.token

    mine = (await gql_as(client, "zhang", MINE))["data"]["myLicences"]
    assert mine[0]["downloadUrl"] == f"/licences/{number}.pdf?version=1"
    assert mine[0]["verifyUrl"] == f"https://testserver/v/{token}"
    assert mine[0]["pdfSha256"] == row.pdf_sha256
    assert mine[0]["institutionName"] == "浦东测试医院"

    assert await scan(client, token) == "VALID"
    verified = await verify(client, token)
    assert verified["status"] == "VALID"
    assert (verified["number"], verified["version"], verified["holderName"]) == (
        number,
        1,
        "张晓华",
    )
    assert verified["issuer"]["code"] == "310115"
    assert verified["validUntil"] == "2031-11-25"
    assert verified["statusAsOf"].startswith("2026-11-25T02:00:00")

    suspended = await change_status(
        client, "officer_pudong", SUSPEND, number, "投诉调查中", expected_version=1
    )
    assert suspended["__typename"] == "LicenceSuccess", suspended
    assert suspended["licence"]["status"] == "SUSPENDED"
    assert await scan(client, token) == "SUSPENDED"
    assert (await verify(client, token))["status"] == "SUSPENDED"

    reinstated = await change_status(client, "officer_pudong", REINSTATE, number, "调查结束")
    assert reinstated["licence"]["status"] == "VALID"
    assert await scan(client, token) == "VALID"
    assert (await verify(client, token))["status"] == "VALID"

    assert _texts(notifier, person) == [
        "licence_issued",
        "licence_suspended",
        "licence_reinstated",
    ]
    audited = (
        await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.startswith("licence."))
            .order_by(AuditEntry.seq)
        )
    ).all()
    assert audited == ["licence.issue", "licence.suspend", "licence.reinstate"]

    # Nothing the client saw carries the holder's ID number or mobile.
    secrets = [reveal_id_number(session, person), reveal_mobile(session, person)]
    assert all(secrets)
    for response in responses:
        for secret in secrets:
            assert str(secret) not in response.text, response.request.url


async def test_a_change_reissues_version_2_and_a_cancellation_revokes_it(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    notifier: RecordingNotifier,
) -> None:
    person, applicant = await city.person("李明")
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    await city.through(await city.apply(applicant, ItemCode.NURSE_FIRST_REGISTRATION, form))
    await session.commit()
    number = await _number_of(session, person)
    await sign_all(sessions, app)
    (first,) = await licence_rows(session, number)
    assert first.token is not None

    city.certify(person, city.pudong_b, Profession.NURSE)
    change = {"institutionId": str(city.pudong_b.id)}
    await city.through(await city.apply(applicant, ItemCode.NURSE_CHANGE_REGISTRATION, change))
    await session.commit()
    v1, v2 = await licence_rows(session, number)
    assert (v1.status.value, v2.status.value, v2.version) == ("SUPERSEDED", "VALID", 2)
    assert v2.content.institution_name == "浦东第二医院"
    assert await sign_all(sessions, app) == 1
    v1, v2 = await licence_rows(session, number)
    assert v2.token is not None
    assert await scan(client, first.token) == "SUPERSEDED"
    assert (await verify(client, first.token))["status"] == "SUPERSEDED"
    assert await scan(client, v2.token) == "VALID"

    cancel = {"reason": "出国定居"}
    await city.through(await city.apply(applicant, ItemCode.NURSE_CANCELLATION, cancel))
    await session.commit()
    v1, v2 = await licence_rows(session, number)
    assert (v1.status.value, v2.status.value) == ("SUPERSEDED", "REVOKED")
    assert await scan(client, v2.token) == "REVOKED"
    assert (await verify(client, v2.token))["status"] == "REVOKED"
    assert await scan(client, first.token) == "SUPERSEDED"
    assert _texts(notifier, person) == ["licence_issued", "licence_issued", "licence_revoked"]


async def test_the_completion_event_consumed_twice_issues_and_revokes_once(
    session: AsyncSession, city: City, notifier: RecordingNotifier
) -> None:
    person, applicant = await city.person("王芳")
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    await city.through(await city.apply(applicant, ItemCode.NURSE_FIRST_REGISTRATION, form))
    await city.through(await city.apply(applicant, ItemCode.NURSE_CANCELLATION, {"reason": "退休"}))
    events = (
        await session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.topic == "registration.completed")
            .order_by(OutboxEvent.created_at, OutboxEvent.payload["action"].as_string())
        )
    ).all()
    by_action = {e.payload["action"]: e.payload for e in events}
    assert set(by_action) == {"ISSUE", "REVOKE"}
    number = by_action["ISSUE"]["number"]

    for _ in range(2):  # a redelivery of both events
        await licensing.apply_completion(session, by_action["ISSUE"])
        await licensing.apply_completion(session, by_action["REVOKE"])
    rows = await licence_rows(session, number)
    assert [(r.version, r.status.value) for r in rows] == [(1, "REVOKED")]
    count = await session.scalar(
        select(func.count()).select_from(Licence).where(Licence.number == number)
    )
    assert count == 1
    actions = (
        await session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.action.in_(["licence.issue", "licence.revoke"])
            )
        )
    ).all()
    assert sorted(actions) == ["licence.issue", "licence.revoke"]
    # Nothing was signed, so nobody was told of an issue; the revocation is told once.
    assert _texts(notifier, person) == ["licence_revoked"]


async def test_a_reissue_keeps_a_suspension(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], app: Starlette, city: City
) -> None:
    person, applicant = await city.person("赵敏")
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    await city.through(await city.apply(applicant, ItemCode.NURSE_FIRST_REGISTRATION, form))
    number = await _number_of(session, person)
    from certificates import service as licences

    await licences.suspend(session, city.officer_pudong.audit(), number, "调查中")
    city.certify(person, city.pudong_b, Profession.NURSE)
    change = {"institutionId": str(city.pudong_b.id)}
    await city.through(await city.apply(applicant, ItemCode.NURSE_CHANGE_REGISTRATION, change))
    v1, v2 = await licence_rows(session, number)
    assert (v1.status.value, v2.status.value) == ("SUPERSEDED", "SUSPENDED")
    assert v2.status_reason == "suspension of version 1 continues: 调查中"
