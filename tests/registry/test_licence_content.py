"""What a registration's licence prints about its holder: checkable, yet never the ID number."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import mask_id_number
from directory.models import Practitioner, Profession
from registry.licences.events import licence_content
from registry.licences.issuance import content_of
from tests import factories
from tests.factories.directory import id_numbers_fitting, resident_id
from tests.factories.workflow import institution_registration, registration


async def test_a_doctor_licence_names_the_holder_checkably_and_where_they_practise(
    session: AsyncSession,
) -> None:
    hospital = await factories.institution(session, name="浦东测试医院", district="310115")
    number = resident_id(born=date(1986, 2, 5), female=False)
    doctor = await factories.person(session, name="单田芳", id_number=number)
    reg = await registration(session, doctor, hospital, Profession.DOCTOR)
    practitioner = await session.get(Practitioner, reg.practitioner_id)
    assert practitioner is not None

    content = await licence_content(session, reg)

    assert content["holder_name"] == "单田芳"
    assert content["holder_name_en"] == "SHAN Tianfang"
    assert (content["sex"], content["birth_year"]) == ("MALE", 1986)
    assert content["id_number_masked"] == mask_id_number(number)
    assert content["qualification_number"] == practitioner.qualification_number
    assert (content["practice_place"], content["practice_place_en"]) == (
        "上海市浦东新区",
        "Pudong New Area, Shanghai",
    )
    assert content["institution_name"] == "浦东测试医院"
    assert (content["category"], content["scope"]) == ("CLINICAL", "内科专业")
    printed = content_of(content)
    assert printed.birth_year == 1986
    # The one masking rule: what the licence prints is what staff see of a person anywhere
    # else (the masked number and the birth year), and it never determines the number.
    candidates = id_numbers_fitting(printed.id_number_masked or "", 1986, male=True)
    assert number in candidates
    assert len(candidates) >= 100
    assert number not in str(content)


async def test_a_nurse_licence_has_a_place_of_practice_and_no_qualification_number(
    session: AsyncSession,
) -> None:
    clinic = await factories.institution(session, district="310151")
    nurse = await factories.person(session, name="曾丽")
    reg = await registration(session, nurse, clinic)

    content = await licence_content(session, reg)

    assert content["holder_name_en"] == "ZENG Li"
    assert content["sex"] == "FEMALE"
    assert content["practice_place"] == "上海市崇明区"
    assert "qualification_number" not in content
    assert content_of(content).id_number_masked == content["id_number_masked"]


async def test_an_institution_licence_prints_no_person(session: AsyncSession) -> None:
    hospital = await factories.institution(session, name="演示医院")
    content = await licence_content(session, await institution_registration(session, hospital))
    printed = content_of(content)
    assert printed.holder_name == "演示医院"
    assert (printed.sex, printed.birth_year, printed.id_number_masked) == (None, None, None)
    assert printed.practice_place is None
