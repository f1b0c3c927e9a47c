"""The columns of the old systems' exports: each field's Chinese headers (as the systems
print them) and English aliases. Headers match after trimming, width folding and case folding,
so ``身份证号``, ``身份证号码``, ``ID_Number`` and ``id number`` all name one field."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class ImportKind(StrEnum):
    INSTITUTIONS = "institutions"
    DOCTORS = "doctors"
    NURSES = "nurses"
    FILINGS = "filings"
    """Doctors' multi-institution filings (多机构备案) kept apart from the doctors' file."""


REGISTRIES = (ImportKind.INSTITUTIONS, ImportKind.DOCTORS, ImportKind.NURSES)
"""The three old systems' exports, in the order they are imported."""


@dataclass(frozen=True)
class Column:
    field: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    required: bool = False

    @property
    def header(self) -> str:
        """The header the sample files and the README use."""
        return self.zh[0]


INSTITUTION_COLUMNS: tuple[Column, ...] = (
    Column("name", ("机构名称", "医疗机构名称"), ("name", "institution_name"), required=True),
    Column("uscc", ("统一社会信用代码",), ("uscc", "social_credit_code"), required=True),
    Column(
        "licence_number",
        ("执业许可证登记号", "登记号", "许可证号"),
        ("licence_number", "license_number"),
        required=True,
    ),
    Column("type", ("机构类别", "类别"), ("type", "institution_type"), required=True),
    Column("district", ("所在区", "区", "所属区"), ("district", "district_code"), required=True),
    Column("beds", ("床位数", "核定床位"), ("beds",)),
    Column("legal_representative", ("法定代表人", "法人"), ("legal_representative",)),
    Column("address", ("地址", "机构地址"), ("address",)),
    Column("valid_until", ("有效期至", "校验有效期至"), ("valid_until", "validated_until")),
    Column("level", ("医院等级", "等级"), ("level",)),
    Column("authority", ("登记机关",), ("authority", "authority_code")),
    Column("contact_name", ("指定联系人", "联系人"), ("contact_name",)),
    Column("contact_mobile", ("联系人手机", "联系电话"), ("contact_mobile",)),
)

_PERSON_COLUMNS: tuple[Column, ...] = (
    Column("name", ("姓名",), ("name",), required=True),
    Column("sex", ("性别",), ("sex", "gender")),
    Column("id_number", ("身份证号", "身份证号码", "公民身份号码"), ("id_number",), required=True),
    Column("mobile", ("手机号", "手机号码", "移动电话"), ("mobile", "phone")),
    Column(
        "licence_number",
        ("执业证书编号", "证书编号", "注册证书编号"),
        ("licence_number", "license_number", "certificate_number"),
        required=True,
    ),
    Column(
        "institution_uscc",
        ("主要执业机构统一社会信用代码", "执业机构统一社会信用代码", "机构统一社会信用代码"),
        ("institution_uscc",),
        required=True,
    ),
    Column("registered_on", ("注册日期", "首次注册日期"), ("registered_on", "registration_date")),
)

DOCTOR_COLUMNS: tuple[Column, ...] = (
    *_PERSON_COLUMNS,
    Column("category", ("执业类别",), ("category", "practice_category"), required=True),
    Column("scope", ("执业范围",), ("scope", "practice_scope")),
    Column("qualification_number", ("医师资格证书编码", "资格证书编码"), ("qualification_number",)),
    Column(
        "filing_usccs",
        ("多机构备案机构统一社会信用代码", "其他执业机构统一社会信用代码"),
        ("filing_usccs", "other_institution_usccs"),
    ),
)

NURSE_COLUMNS: tuple[Column, ...] = (
    *_PERSON_COLUMNS,
    Column("valid_until", ("有效期至", "注册有效期至"), ("valid_until",), required=True),
    Column("qualification_number", ("护士资格证书编码", "资格证书编码"), ("qualification_number",)),
)

FILING_COLUMNS: tuple[Column, ...] = (
    Column(
        "licence_number",
        ("执业证书编号", "医师执业证书编号", "证书编号"),
        ("licence_number", "license_number", "certificate_number"),
        required=True,
    ),
    Column(
        "institution_uscc",
        (
            "备案机构统一社会信用代码",
            "多机构备案机构统一社会信用代码",
            "其他执业机构统一社会信用代码",
        ),
        ("institution_uscc", "filing_uscc"),
        required=True,
    ),
)

COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.INSTITUTIONS: INSTITUTION_COLUMNS,
    ImportKind.DOCTORS: DOCTOR_COLUMNS,
    ImportKind.NURSES: NURSE_COLUMNS,
    ImportKind.FILINGS: FILING_COLUMNS,
}

SHEETS: dict[ImportKind, tuple[str, ...]] = {ImportKind.FILINGS: ("多机构备案", "备案", "filings")}
"""In a workbook, the sheet a kind reads when one has such a name (else the first): the
doctors' export may carry its filings in a second sheet."""


def header_key(header: str) -> str:
    """``ＩＤ Number `` → ``idnumber``: what two spellings of one header have in common."""
    folded = unicodedata.normalize("NFKC", header).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def match_headers(kind: ImportKind, headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Which position holds which field, and the required fields no header names.
    Unknown headers are ignored (the old systems export columns we do not keep)."""
    by_key = {header_key(a): c.field for c in COLUMNS[kind] for a in (*c.zh, *c.en)}
    positions: dict[int, str] = {}
    for i, header in enumerate(headers):
        found = by_key.get(header_key(header or ""))
        if found is not None and found not in positions.values():
            positions[i] = found
    missing = [c.field for c in COLUMNS[kind] if c.required and c.field not in positions.values()]
    return positions, missing


def header_of(kind: ImportKind, field: str) -> str:
    return next(c.header for c in COLUMNS[kind] if c.field == field)
