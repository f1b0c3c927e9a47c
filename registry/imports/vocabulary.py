"""The words the old systems used for types, levels, categories and sexes, mapped to ours."""

from __future__ import annotations

from typing import TypeVar

from directory.models import InstitutionLevel, InstitutionType, PracticeCategory, Sex

T = InstitutionType
INSTITUTION_TYPES: dict[str, InstitutionType] = {
    "综合医院": T.GENERAL_HOSPITAL,
    "专科医院": T.SPECIALIST_HOSPITAL,
    "中医医院": T.TCM_HOSPITAL,
    "中医院": T.TCM_HOSPITAL,
    "中西医结合医院": T.TCM_HOSPITAL,
    "社区卫生服务中心": T.COMMUNITY_HEALTH_CENTRE,
    "诊所": T.CLINIC,
    "门诊部": T.CLINIC,
    "妇幼保健院": T.MATERNAL_CHILD_HEALTH,
    "妇幼保健所": T.MATERNAL_CHILD_HEALTH,
    "妇幼保健机构": T.MATERNAL_CHILD_HEALTH,
    "疾病预防控制中心": T.CDC,
    "疾控中心": T.CDC,
    "护理院": T.NURSING_HOME,
    "护理机构": T.NURSING_HOME,
}
TYPE_WORDS: dict[InstitutionType, str] = {
    T.GENERAL_HOSPITAL: "综合医院",
    T.SPECIALIST_HOSPITAL: "专科医院",
    T.TCM_HOSPITAL: "中医医院",
    T.COMMUNITY_HEALTH_CENTRE: "社区卫生服务中心",
    T.CLINIC: "诊所",
    T.MATERNAL_CHILD_HEALTH: "妇幼保健院",
    T.CDC: "疾病预防控制中心",
    T.NURSING_HOME: "护理院",
}

L = InstitutionLevel
LEVELS: dict[str, InstitutionLevel] = {
    "三级": L.TERTIARY,
    "三甲": L.TERTIARY,
    "三级甲等": L.TERTIARY,
    "三级乙等": L.TERTIARY,
    "二级": L.SECONDARY,
    "二甲": L.SECONDARY,
    "二级甲等": L.SECONDARY,
    "二级乙等": L.SECONDARY,
    "一级": L.PRIMARY,
    "一级甲等": L.PRIMARY,
    "未定级": L.UNGRADED,
    "无": L.UNGRADED,
}
LEVEL_WORDS: dict[InstitutionLevel, str] = {
    L.TERTIARY: "三级",
    L.SECONDARY: "二级",
    L.PRIMARY: "一级",
    L.UNGRADED: "未定级",
}

P = PracticeCategory
CATEGORIES: dict[str, PracticeCategory] = {
    "临床": P.CLINICAL,
    "临床类别": P.CLINICAL,
    "中医": P.TCM,
    "中医类别": P.TCM,
    "中西医结合": P.TCM,
    "口腔": P.DENTAL,
    "口腔类别": P.DENTAL,
    "公共卫生": P.PUBLIC_HEALTH,
    "公共卫生类别": P.PUBLIC_HEALTH,
}
CATEGORY_WORDS: dict[PracticeCategory, str] = {
    P.CLINICAL: "临床",
    P.TCM: "中医",
    P.DENTAL: "口腔",
    P.PUBLIC_HEALTH: "公共卫生",
}

SEXES: dict[str, Sex] = {
    "男": Sex.MALE,
    "女": Sex.FEMALE,
    "m": Sex.MALE,
    "f": Sex.FEMALE,
    "male": Sex.MALE,
    "female": Sex.FEMALE,
    "1": Sex.MALE,
    "2": Sex.FEMALE,
}
SEX_WORDS: dict[Sex, str] = {Sex.MALE: "男", Sex.FEMALE: "女"}

E = TypeVar("E")


def lookup(table: dict[str, E], enum: type[E], value: str) -> E | None:
    """A word of the table, or our own code (``CLINIC``, ``clinic``)."""
    key = value.strip()
    if key in table:
        return table[key]
    if key.casefold() in table:
        return table[key.casefold()]
    try:
        return enum(key.upper())  # type: ignore[call-arg]
    except ValueError:
        return None
