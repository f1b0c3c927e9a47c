"""What a licence prints, line by line: labels and values in Chinese and English.

Which fields a kind shows and in what order; ``render`` decides where they go on the page.
Fields a stored snapshot predates are left out, so older licences still render."""

from __future__ import annotations

from dataclasses import dataclass

from certificates.values import LicenceData, LicenceKind
from certificates.wording import (
    INSTITUTION_TYPES,
    PRACTICE_CATEGORIES,
    SEXES,
    bilingual,
    date_en,
    date_zh,
    validity,
)


@dataclass(frozen=True)
class Row:
    label_zh: str
    label_en: str
    value_zh: str
    value_en: str = ""


Line = tuple[Row, ...]
"""One line of the fields table: one row across the width, or two side by side."""


def _holder_lines(data: LicenceData) -> list[Line]:
    """Who holds a practitioner's licence; fields a snapshot predates are left out."""
    lines: list[Line] = [(Row("姓名", "Name", data.holder_name, data.holder_name_en or ""),)]
    personal: list[Row] = []
    if data.sex:
        personal.append(Row("性别", "Sex", *bilingual(data.sex, SEXES)))
    if data.birth_year:
        year = data.birth_year
        personal.append(Row("出生年份", "Year of birth", f"{year}年", str(year)))
    if personal:
        lines.append(tuple(personal))
    if data.id_number_masked:
        lines.append((Row("身份证件号码", "ID number", data.id_number_masked),))
    lines.append((Row("证书编号", "Licence No.", data.number),))
    return lines


def _practice_lines(data: LicenceData) -> list[Line]:
    lines: list[Line] = []
    doctor = data.kind is LicenceKind.PHYSICIAN_PRACTICE
    if doctor:
        if data.qualification_number:
            row = Row(
                "医师资格证书编码", "Qualification certificate No.", data.qualification_number
            )
            lines.append((row,))
        category_zh, category_en = bilingual(data.category, PRACTICE_CATEGORIES)
        lines += [
            (Row("执业类别", "Practice category", category_zh, category_en),),
            (Row("执业范围", "Practice scope", data.scope or "—"),),
        ]
    if data.practice_place:
        place = Row(
            "执业地点", "Place of practice", data.practice_place, data.practice_place_en or ""
        )
        lines.append((place,))
    label = ("主要执业机构", "Primary institution") if doctor else ("执业机构", "Institution")
    institution = data.institution_name or "—"
    lines.append((Row(*label, institution, data.institution_name_en or ""),))
    return lines


def lines_of(data: LicenceData) -> list[Line]:
    lines: list[Line]
    if data.kind is LicenceKind.INSTITUTION_PRACTICE:
        type_zh, type_en = bilingual(data.institution_type, INSTITUTION_TYPES)
        lines = [
            (Row("机构名称", "Institution", data.holder_name, data.holder_name_en or ""),),
            (Row("登记号", "Licence No.", data.number),),
            (Row("机构类别", "Type", type_zh, type_en),),
        ]
        if data.address:
            lines.append((Row("地址", "Address", data.address),))
        if data.legal_representative:
            lines.append((Row("法定代表人", "Legal representative", data.legal_representative),))
        lines.append((Row("诊疗科目", "Subjects", "；".join(data.subjects) or "—"),))
    else:
        lines = _holder_lines(data) + _practice_lines(data)
    valid_zh, valid_en = validity(data.valid_from, data.valid_until)
    issued = data.issued_at.date()
    lines += [
        (Row("有效期限", "Validity", valid_zh, valid_en),),
        (Row("发证机关", "Issuing authority", data.authority_name_zh, data.authority_name_en),),
        (
            Row("发证日期", "Date of issue", date_zh(issued), date_en(issued)),
            Row("版本", "Version", f"第 {data.version} 版", f"Version {data.version}"),
        ),
    ]
    return lines
