"""The demo's licences: one row (with its QR token) per active registration, in bulk, once."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from certificates.bulk import pending_count
from certificates.models import Licence
from certificates.pki import Pki
from certificates.tokens import keyset, verify_token
from demo.licences import reserve_demo_licences
from directory.models import Profession
from registry.registrations.models import RegistrationStatus
from tests import factories
from tests.factories.workflow import institution_registration, registration


async def test_every_active_registration_gets_one_licence(
    session: AsyncSession, licence_pki: Pki
) -> None:
    hospital = await factories.institution(session, name="演示医院", district="310115")
    await institution_registration(session, hospital)
    nurse = await factories.person(session, name="钱红")
    doctor = await factories.person(session, name="孙伟")
    gone = await factories.person(session, name="吴刚")
    await registration(session, nurse, hospital)
    await registration(session, doctor, hospital, Profession.DOCTOR)
    await registration(session, gone, hospital, status=RegistrationStatus.CANCELLED)
    before = await pending_count(session)

    assert await reserve_demo_licences(session, licence_pki) == 3
    assert await reserve_demo_licences(session, licence_pki) == 0  # once
    assert await pending_count(session) == before + 3
    rows = (
        await session.scalars(
            select(Licence).where(Licence.holder_name.in_(["演示医院", "钱红", "孙伟", "吴刚"]))
        )
    ).all()
    by_holder = {row.holder_name: row for row in rows}
    assert set(by_holder) == {"演示医院", "钱红", "孙伟"}
    assert by_holder["演示医院"].kind.value == "INSTITUTION_PRACTICE"
    assert by_holder["演示医院"].content.subjects == ("内科", "外科")
    assert by_holder["孙伟"].kind.value == "PHYSICIAN_PRACTICE"
    assert by_holder["孙伟"].content.category == "CLINICAL"
    assert by_holder["孙伟"].content.holder_name_en == "SUN Wei"
    assert by_holder["孙伟"].content.qualification_number
    assert by_holder["钱红"].content.practice_place == "上海市浦东新区"
    masked = str(by_holder["钱红"].content.id_number_masked)
    assert re.fullmatch(r"\d{4}\*{10}[\dX]{4}", masked), masked  # the one masking rule
    assert by_holder["钱红"].content.birth_year is not None
    assert by_holder["钱红"].content.qualification_number is None
    for row in by_holder.values():
        # Signed when first opened, and nobody is texted about it.
        assert (row.signing_priority, row.announce_when_signed) == (None, False)
        assert row.token is not None
        claims = verify_token(row.token, keyset(licence_pki))
        assert (claims.number, claims.version, claims.issuer) == (
            row.number,
            1,
            row.authority_code,
        )
