"""Rows: the portal's checks on every identifier, and a row is whole or rejected."""

from __future__ import annotations

from datetime import date

import pytest

from directory.models import InstitutionLevel, InstitutionType, PracticeCategory, Profession, Sex
from registry.imports.cleaning import clean_institution, clean_practitioner
from registry.imports.reasons import ImportReason
from tests.factories.directory import resident_id, social_credit_code

R = ImportReason


def doctor(**overrides: str) -> dict[str, str]:
    row = {
        "name": "张三",
        "sex": "男",
        "id_number": resident_id(female=False, seq=11),
        "mobile": "13812345678",
        "licence_number": "YS310115-2017-000001",
        "institution_uscc": social_credit_code(7),
        "registered_on": "2017-01-05",
        "category": "临床",
        "scope": "内科专业",
        "qualification_number": "201511310100000001",
    }
    return row | overrides


def problems(row: dict[str, str], profession: Profession = Profession.DOCTOR) -> set[tuple[str, R]]:
    cleaned, cleaner = clean_practitioner(row, profession)
    assert (cleaned is None) == bool(cleaner.problems)
    return {(p.field, p.reason) for p in cleaner.problems}


def test_a_clean_doctor_row() -> None:
    cleaned, cleaner = clean_practitioner(doctor(), Profession.DOCTOR)
    assert cleaned is not None
    assert cleaned.sex is Sex.MALE
    assert cleaned.category is PracticeCategory.CLINICAL
    assert cleaned.registered_on == date(2017, 1, 5)
    assert cleaner.normalised == []


def test_an_id_number_with_a_wrong_check_digit_rejects_the_row() -> None:
    good = resident_id(seq=12)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert problems(doctor(id_number=bad)) == {("id_number", R.ID_CHECKSUM)}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31011519900101", R.ID_FORMAT),
        ("990115199001011234", R.ID_AREA_UNKNOWN),
    ],
)
def test_id_number_format_and_area(value: str, reason: R) -> None:
    if reason is R.ID_AREA_UNKNOWN:
        from stdnum.cn import ric

        value = value[:17] + ric.calc_check_digit(value[:17] + "0")
    assert problems(doctor(id_number=value)) == {("id_number", reason)}


def test_a_historical_area_code_is_accepted() -> None:
    # 310225 (南汇县) stopped being issued in 1992; its holders keep their numbers.
    cleaned, _ = clean_practitioner(
        doctor(id_number=resident_id(region="310225", female=False)), Profession.DOCTOR
    )
    assert cleaned is not None


def test_sex_must_agree_with_the_id_number() -> None:
    assert problems(doctor(sex="女")) == {("sex", R.SEX_MISMATCH)}
    assert problems(doctor(sex="unknown")) == {("sex", R.SEX_UNKNOWN)}
    cleaned, _ = clean_practitioner(doctor(sex=""), Profession.DOCTOR)
    assert cleaned is not None
    assert cleaned.sex is Sex.MALE


def test_mobile_uscc_category_and_dates_are_checked() -> None:
    assert problems(doctor(mobile="12345")) == {("mobile", R.MOBILE_FORMAT)}
    assert problems(doctor(mobile="+1 650 253 0000")) == {("mobile", R.MOBILE_NOT_MAINLAND)}
    uscc = social_credit_code(8)
    bad_uscc = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    assert problems(doctor(institution_uscc=bad_uscc)) == {("institution_uscc", R.USCC_CHECKSUM)}
    assert problems(doctor(institution_uscc="123")) == {("institution_uscc", R.USCC_FORMAT)}
    assert problems(doctor(category="兽医")) == {("category", R.CATEGORY_UNKNOWN)}
    assert problems(doctor(registered_on="2017-13-01")) == {("registered_on", R.DATE_INVALID)}


def test_the_scope_is_one_the_portal_lists_for_the_category() -> None:
    assert problems(doctor(scope="兽医专业")) == {("scope", R.SCOPE_UNKNOWN)}
    # 口腔专业 is a dental scope, not a clinical one.
    assert problems(doctor(scope="口腔专业")) == {("scope", R.SCOPE_UNKNOWN)}
    assert problems(doctor(category="口腔", scope="口腔专业")) == set()
    cleaned, cleaner = clean_practitioner(doctor(scope="外科"), Profession.DOCTOR)
    assert cleaned is not None
    assert cleaned.scope == "外科专业"
    assert [(n.field, n.reason) for n in cleaner.normalised] == [("scope", R.SCOPE_NAME)]


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    found = problems(doctor(name=" ", mobile="1", category="", licence_number="X" * 41))
    assert found == {
        ("name", R.REQUIRED),
        ("mobile", R.MOBILE_FORMAT),
        ("category", R.REQUIRED),
        ("licence_number", R.TOO_LONG),
    }


def test_control_characters_are_refused() -> None:
    assert problems(doctor(scope="内科\x00专业")) == {("scope", R.INVALID_TEXT)}


def test_nurses_need_a_validity_and_ignore_doctor_columns() -> None:
    nurse = doctor(sex="男")
    assert problems(nurse, Profession.NURSE) == {("valid_until", R.REQUIRED)}
    cleaned, _ = clean_practitioner(nurse | {"valid_until": "2030/1/4"}, Profession.NURSE)
    assert cleaned is not None
    assert cleaned.category is None
    assert cleaned.valid_until == date(2030, 1, 4)


def test_normalisations_are_listed_per_field() -> None:
    number = resident_id(female=False, seq=13)
    row = doctor(id_number=" " + number[:6] + " " + number[6:], registered_on="2017年1月5日")
    cleaned, cleaner = clean_practitioner(row, Profession.DOCTOR)
    assert cleaned is not None
    assert cleaned.id_number == number
    assert {(n.field, n.reason) for n in cleaner.normalised} == {
        ("id_number", R.SPACES),
        ("registered_on", R.DATE_FORMAT),
    }


def institution(**overrides: str) -> dict[str, str]:
    row = {
        "name": "上海市测试医院",
        "uscc": social_credit_code(21),
        "licence_number": "PDY00001",
        "type": "综合医院",
        "district": "浦东新区",
        "beds": "300",
        "valid_until": "2027-12-31",
        "level": "三级甲等",
    }
    return row | overrides


def test_a_clean_institution_row() -> None:
    cleaned, cleaner = clean_institution(institution())
    assert cleaned is not None
    assert cleaned.type is InstitutionType.GENERAL_HOSPITAL
    assert cleaned.level is InstitutionLevel.TERTIARY
    assert cleaned.district_code == "310115"
    assert cleaned.authority_code == "310000"  # a tertiary hospital: the municipal commission
    assert [n.reason for n in cleaner.normalised] == [R.DISTRICT_NAME]


def test_institution_rows_are_checked() -> None:
    uscc = social_credit_code(22)
    bad = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    cleaned, cleaner = clean_institution(
        institution(uscc=bad, type="马戏团", district="火星", beds="-3", level="五星")
    )
    assert cleaned is None
    assert {(p.field, p.reason) for p in cleaner.problems} == {
        ("uscc", R.USCC_CHECKSUM),
        ("type", R.TYPE_UNKNOWN),
        ("district", R.DISTRICT_UNKNOWN),
        ("beds", R.NEGATIVE),
        ("level", R.LEVEL_UNKNOWN),
    }


def test_an_ungraded_clinic_is_registered_by_its_district() -> None:
    cleaned, _ = clean_institution(institution(type="CLINIC", level="", district="徐匯區"))
    assert cleaned is not None
    assert cleaned.authority_code == "310104"
    assert cleaned.level is InstitutionLevel.UNGRADED


def test_the_check_digit_is_stdnums() -> None:
    import random

    from stdnum.cn import ric

    from directory.validation import _check_digit

    rng = random.Random(12)
    for _ in range(3_000):
        body = "".join(rng.choice("0123456789") for _ in range(17))
        assert _check_digit(body) == ric.calc_check_digit(body + "0")
