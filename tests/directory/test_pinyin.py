"""Names in pinyin as a licence prints them: surname first in capitals, read as a surname."""

from __future__ import annotations

import pytest
from pypinyin import Style, pinyin

from directory.pinyin import COMPOUND_SURNAMES, SURNAME_READINGS, name_in_pinyin


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张伟华", "ZHANG Weihua"),
        ("欧阳明堃", "OUYANG Mingkun"),
        ("单田芳", "SHAN Tianfang"),  # not Dan
        ("曾国藩", "ZENG Guofan"),  # not Ceng
        ("解晓东", "XIE Xiaodong"),  # not Jie
        ("仇英", "QIU Ying"),  # not Chou
        ("朴树", "PIAO Shu"),
        ("查良镛", "ZHA Liangyong"),
        ("区志强", "OU Zhiqiang"),
        ("翟天临", "ZHAI Tianlin"),
        ("尉迟恭", "YUCHI Gong"),
        ("长孙无忌", "ZHANGSUN Wuji"),
        ("吕丽", "LYU Li"),  # ü as passports write it
        ("张嘉恩", "ZHANG Jia'en"),  # the apostrophe keeps jia'en apart from jian
        ("王堃喆", "WANG Kunzhe"),
        ("李", "LI"),
        ("阿依古丽·买买提", "Ayiguli Maimaiti"),
    ],
)
def test_names_are_written_surname_first_with_surname_readings(name: str, expected: str) -> None:
    assert name_in_pinyin(name) == expected


def test_a_name_without_chinese_characters_has_no_pinyin() -> None:
    assert name_in_pinyin("Anna Schmidt") is None


def test_every_surname_reading_is_one_pypinyin_knows() -> None:
    def readings(char: str) -> list[str]:
        return list(pinyin(char, style=Style.NORMAL, heteronym=True)[0])

    for char, reading in SURNAME_READINGS.items():
        assert reading in readings(char), char
    for surname, syllables in COMPOUND_SURNAMES.items():
        assert len(surname) == 2
        for char, reading in zip(surname, syllables, strict=False):
            assert reading in readings(char), surname
