"""Bilingual wording printed on licences (Chinese first, English under it)."""

from __future__ import annotations

from datetime import date

from certificates.values import LicenceKind

KIND_TITLES: dict[LicenceKind, tuple[str, str]] = {
    LicenceKind.NURSE_PRACTICE: ("护士执业证书", "Nurse Practice Licence"),
    LicenceKind.PHYSICIAN_PRACTICE: ("医师执业证书", "Physician Practice Licence"),
    LicenceKind.INSTITUTION_PRACTICE: (
        "医疗机构执业许可证",
        "Medical Institution Practice Licence",
    ),
}

PRACTICE_CATEGORIES: dict[str, tuple[str, str]] = {
    "CLINICAL": ("临床", "Clinical"),
    "TCM": ("中医", "Traditional Chinese Medicine"),
    "DENTAL": ("口腔", "Dental"),
    "PUBLIC_HEALTH": ("公共卫生", "Public Health"),
}

INSTITUTION_TYPES: dict[str, tuple[str, str]] = {
    "GENERAL_HOSPITAL": ("综合医院", "General hospital"),
    "SPECIALIST_HOSPITAL": ("专科医院", "Specialist hospital"),
    "TCM_HOSPITAL": ("中医医院", "Traditional Chinese medicine hospital"),
    "COMMUNITY_HEALTH_CENTRE": ("社区卫生服务中心", "Community health centre"),
    "CLINIC": ("诊所", "Clinic"),
    "MATERNAL_CHILD_HEALTH": ("妇幼保健院", "Maternal and child health institution"),
    "CDC": ("疾病预防控制中心", "Centre for disease control and prevention"),
    "NURSING_HOME": ("护理院", "Nursing home"),
}

SEXES: dict[str, tuple[str, str]] = {
    "FEMALE": ("女", "Female"),
    "MALE": ("男", "Male"),
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bilingual(value: str | None, vocabulary: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """A code from ``vocabulary`` in both languages; free text is printed as given."""
    if not value:
        return ("—", "")
    return vocabulary.get(value, (value, ""))


def date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def date_en(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def validity(valid_from: date, valid_until: date | None) -> tuple[str, str]:
    if valid_until is None:
        return (f"自{date_zh(valid_from)}起长期有效", f"From {date_en(valid_from)}, no expiry")
    return (
        f"{date_zh(valid_from)} 至 {date_zh(valid_until)}",
        f"{date_en(valid_from)} to {date_en(valid_until)}",
    )
