import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import SYSTEM
from core.errors import Problem, ValidationFailed
from directory import service, validation
from directory.errors import DirectoryProblem
from directory.models import Institution, InstitutionLevel, InstitutionType, Person, Sex
from tests import factories


def test_resident_id_derives_sex_and_birth_date() -> None:
    rid = validation.resident_id(factories.resident_id(female=False))
    assert rid.sex is Sex.MALE
    assert rid.birth_date.year == 1995


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ("310115199505170021", DirectoryProblem.ID_CHECKSUM),
        ("12345", DirectoryProblem.ID_FORMAT),
        ("3101151995051700AX", DirectoryProblem.ID_FORMAT),
        ("31011519950517002Y", DirectoryProblem.ID_CHECKSUM),
        ("", DirectoryProblem.ID_FORMAT),
        ("310115199513170026", DirectoryProblem.BIRTH_DATE_INVALID),  # month 13
        ("310115199502300024", DirectoryProblem.BIRTH_DATE_INVALID),  # 30 February
        ("999999199505170021", DirectoryProblem.ID_AREA_UNKNOWN),
    ],
)
def test_bad_resident_id_names_the_field_and_what_is_wrong(
    bad: str, code: DirectoryProblem
) -> None:
    with pytest.raises(ValidationFailed) as info:
        validation.resident_id(bad)
    assert info.value.problems[0].field == "idNumber"
    assert info.value.problems[0].code is code
    assert info.value.reason is code


def test_bad_uscc_names_the_field_and_what_is_wrong() -> None:
    good = factories.social_credit_code()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as info:
        validation.social_credit_code(bad)
    assert info.value.problems[0].field == "uscc"
    assert info.value.problems[0].code is DirectoryProblem.USCC_CHECKSUM
    with pytest.raises(ValidationFailed) as info:
        validation.social_credit_code(good[:-2])
    assert info.value.problems[0].code is DirectoryProblem.USCC_FORMAT


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ("12345678901", DirectoryProblem.MOBILE_FORMAT),
        ("02161234567", DirectoryProblem.MOBILE_FORMAT),  # a Shanghai landline
        ("abc", DirectoryProblem.MOBILE_FORMAT),
        ("+12025550123", DirectoryProblem.MOBILE_NOT_MAINLAND),
        ("+85291234567", DirectoryProblem.MOBILE_NOT_MAINLAND),
    ],
)
def test_bad_mobile_names_the_field_and_what_is_wrong(bad: str, code: DirectoryProblem) -> None:
    with pytest.raises(ValidationFailed) as info:
        validation.mobile(bad)
    assert info.value.problems[0].field == "mobile"
    assert info.value.problems[0].code is code


def test_a_long_name_says_how_long_it_may_be() -> None:
    with pytest.raises(ValidationFailed) as info:
        validation.name("名" * 65)
    problem = info.value.problems[0]
    assert (problem.code, dict(problem.params)) == (Problem.TOO_LONG, {"maximum": 64})


def test_mobile_is_normalised() -> None:
    assert validation.mobile("+86 138-1234-5678") == "13812345678"


async def test_person_is_stored_encrypted_and_masked(session: AsyncSession) -> None:
    number = factories.resident_id()
    person = await factories.person(session, id_number=number, mobile_number="13912345678")
    row = (
        (
            await session.execute(
                text("SELECT * FROM person WHERE id_number_index = :i"),
                {"i": service.id_number_index(session, number)},
            )
        )
        .mappings()
        .one()
    )
    flat = " ".join(str(v) for v in row.values())
    assert number not in flat
    assert "13912345678" not in flat
    assert row["id_number_masked"] == number[:4] + "*" * 10 + number[-4:]
    assert row["mobile_masked"] == "139****5678"
    assert service.reveal_id_number(session, person) == number
    assert service.reveal_mobile(session, person) == "13912345678"
    assert await service.find_person_by_id_number(session, number) == person


async def test_invalid_person_writes_nothing(session: AsyncSession) -> None:
    with pytest.raises(ValidationFailed) as info:
        await service.create_person(
            session, SYSTEM, name=" ", id_number="310115199505170021", mobile="123"
        )
    fields = {p.field for p in info.value.problems}
    assert fields == {"name", "idNumber", "mobile"}
    assert (await session.scalars(select(Person))).all() == []


async def test_invalid_institution_names_each_field(session: AsyncSession) -> None:
    data = service.InstitutionInput(
        uscc="91310000XXXXXXXXX0",
        licence_number=" ",
        name="",
        type=InstitutionType.CLINIC,
        level=InstitutionLevel.PRIMARY,
        beds=-1,
        district_code="310115",
        authority_code="310115",
        contact_mobile="555",
    )
    with pytest.raises(ValidationFailed) as info:
        await service.create_institution(session, SYSTEM, data)
    assert {p.field: p.code for p in info.value.problems} == {
        "uscc": DirectoryProblem.USCC_CHECKSUM,
        "name": Problem.REQUIRED,
        "beds": DirectoryProblem.NEGATIVE,
        "licenceNumber": Problem.REQUIRED,
        "contactMobile": DirectoryProblem.MOBILE_FORMAT,
    }
    assert (await session.scalars(select(Institution))).all() == []


def _with_check_digit(first17: str) -> str:
    from stdnum.cn import ric

    return first17 + ric.calc_check_digit(first17 + "0")


def test_an_area_code_issued_after_the_birth_year_is_accepted() -> None:
    """310115 (Pudong New Area) exists since 1992; people born before hold such numbers."""
    rid = validation.resident_id("310115198602057442")
    assert (rid.birth_date.isoformat(), rid.sex) == ("1986-02-05", Sex.FEMALE)
    assert validation.resident_id(_with_check_digit("31011519500101123")).birth_date.year == 1950


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (_with_check_digit("99999919900101123"), DirectoryProblem.ID_AREA_UNKNOWN),
        (_with_check_digit("31011519900230123"), DirectoryProblem.BIRTH_DATE_INVALID),
        ("310115198602057443", DirectoryProblem.ID_CHECKSUM),
        ("31011519860205744", DirectoryProblem.ID_FORMAT),
        ("31011519860205744Y", DirectoryProblem.ID_CHECKSUM),
    ],
)
def test_each_resident_id_problem_has_its_code(number: str, problem: DirectoryProblem) -> None:
    with pytest.raises(ValidationFailed) as info:
        validation.resident_id(number)
    assert info.value.problems[0].code == problem
