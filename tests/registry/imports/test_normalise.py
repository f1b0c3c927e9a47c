"""Each cleaning rule of a cell, and what it records (a normalisation is never silent)."""

from __future__ import annotations

from datetime import date

import pytest

from registry.imports import normalise
from registry.imports.normalise import Unrecognised
from registry.imports.reasons import TEXT, ImportReason

R = ImportReason


def run(fn, value):  # type: ignore[no-untyped-def]
    changes: list[ImportReason] = []
    return fn(value, changes), changes


def test_full_width_digits_and_letters_become_half_width() -> None:
    assert run(normalise.id_number, "３１０１１５１９９００１０１１２３Ｘ") == (
        "31011519900101123X",
        [R.FULL_WIDTH],
    )


def test_spaces_inside_an_identifier_are_removed_and_recorded() -> None:
    assert run(normalise.compact, " 310115 19900101 123X ") == ("31011519900101123X", [R.SPACES])
    # Trimming the ends alone is not worth a line in the report.
    assert run(normalise.compact, " 310115 ") == ("310115", [])


def test_ideographic_spaces_inside_a_chinese_name_are_removed() -> None:
    assert run(normalise.person_name, "张\u3000三") == ("张三", [R.FULL_WIDTH, R.SPACES])
    assert run(normalise.person_name, "王 小 明") == ("王小明", [R.SPACES])
    assert run(normalise.person_name, "Anna  Smith") == ("Anna Smith", [R.SPACES])


def test_lower_case_x_of_an_id_number_is_made_upper_case() -> None:
    assert run(normalise.id_number, "31011519900101123x") == ("31011519900101123X", [R.LOWER_X])
    assert run(normalise.id_number, "31011519900101123X") == ("31011519900101123X", [])


@pytest.mark.parametrize(
    ("value", "code", "reasons"),
    [
        ("310115", "310115", []),
        ("浦东新区", "310115", [R.DISTRICT_NAME]),
        ("上海市浦东新区", "310115", [R.DISTRICT_NAME]),
        ("浦东", "310115", [R.DISTRICT_NAME]),
        ("Pudong New Area", "310115", [R.SPACES, R.DISTRICT_NAME]),
        ("Jing'an District", "310106", [R.SPACES, R.DISTRICT_NAME]),
        ("徐匯區", "310104", [R.TRADITIONAL, R.DISTRICT_NAME]),
        ("閔行區", "310112", [R.TRADITIONAL, R.DISTRICT_NAME]),
        ("闸北区", "310106", [R.DISTRICT_HISTORICAL]),
        ("卢湾区", "310101", [R.DISTRICT_HISTORICAL]),
        ("南匯區", "310115", [R.TRADITIONAL, R.DISTRICT_HISTORICAL]),
        ("崇明县", "310151", [R.DISTRICT_HISTORICAL]),
    ],
)
def test_district_names_become_codes(value: str, code: str, reasons: list[ImportReason]) -> None:
    assert run(normalise.district, value) == (code, reasons)


@pytest.mark.parametrize("value", ["火星区", "310100", "320115", ""])
def test_an_unknown_district_is_refused(value: str) -> None:
    with pytest.raises(Unrecognised) as caught:
        run(normalise.district, value or "  ")
    assert caught.value.reason is R.DISTRICT_UNKNOWN


@pytest.mark.parametrize(
    ("value", "reasons"),
    [
        ("2017-01-05", []),
        ("2017-1-5", [R.DATE_FORMAT]),
        ("2017/1/5", [R.DATE_FORMAT]),
        ("2017.01.05", [R.DATE_FORMAT]),
        ("2017年1月5日", [R.DATE_FORMAT]),
        ("2017年01月05", [R.DATE_FORMAT]),
        ("20170105", [R.DATE_FORMAT]),
        ("42740", [R.DATE_FORMAT]),  # Excel's serial number of 2017-01-05
        ("２０１７/１/５", [R.FULL_WIDTH, R.DATE_FORMAT]),
    ],
)
def test_dates_in_the_forms_clerks_typed(value: str, reasons: list[ImportReason]) -> None:
    assert run(normalise.day, value) == (date(2017, 1, 5), reasons)


@pytest.mark.parametrize("value", ["2017-02-30", "2017/13/1", "yesterday", "5.1.2017"])
def test_a_date_that_is_not_one_is_refused(value: str) -> None:
    with pytest.raises(Unrecognised) as caught:
        run(normalise.day, value)
    assert caught.value.reason is R.DATE_INVALID


@pytest.mark.parametrize(
    ("value", "reasons"),
    [
        ("13812345678", []),
        ("+86 138 1234 5678", [R.SPACES, R.MOBILE_PREFIX]),
        ("138-1234-5678", [R.MOBILE_PREFIX]),
        ("8613812345678", [R.MOBILE_PREFIX]),
        ("１３８１２３４５６７８", [R.FULL_WIDTH]),
    ],
)
def test_mobiles_lose_country_code_and_separators(value: str, reasons: list[ImportReason]) -> None:
    assert run(normalise.mobile, value) == ("13812345678", reasons)


def test_whole_numbers() -> None:
    assert run(normalise.whole_number, "1,200") == (1200, [])
    assert run(normalise.whole_number, "300.0") == (300, [])
    for bad, reason in (("-5", R.NEGATIVE), ("many", R.NUMBER_INVALID), ("3.5", R.NUMBER_INVALID)):
        with pytest.raises(Unrecognised) as caught:
            run(normalise.whole_number, bad)
        assert caught.value.reason is reason


def test_every_reason_has_chinese_and_english_text() -> None:
    for reason in ImportReason:
        zh, en = TEXT[reason]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), reason
        assert en.isascii(), reason
        assert en, reason
