"""Words the demo data is made of: institution name parts, diagnosis subjects (诊疗科目),
doctors' practice scopes, titles and education. All fictional where a name could be mistaken
for a real institution."""

from __future__ import annotations

from dataclasses import dataclass

from demo.draw import Weighted
from directory.models import PracticeCategory


def words(text: str) -> tuple[str, ...]:
    """Long word lists read best as one string."""
    return tuple(text.split())


# Brand names of hospitals and clinics: a first and a second syllable, with pinyin for the
# English name. 30 × 20 combinations keep thousands of clinic names apart.
BRAND_FIRST = tuple(
    tuple(pair.split(":"))
    for pair in words(
        "仁:Ren 康:Kang 瑞:Rui 华:Hua 安:An 博:Bo 德:De 永:Yong 怡:Yi 惠:Hui 健:Jian 益:Yi "
        "明:Ming 和:He 嘉:Jia 恒:Heng 泰:Tai 宏:Hong 盛:Sheng 福:Fu 佳:Jia 鑫:Xin 汇:Hui "
        "元:Yuan 君:Jun 正:Zheng 雅:Ya 卓:Zhuo 优:You 睿:Rui"
    )
)
BRAND_SECOND = tuple(
    tuple(pair.split(":"))
    for pair in words(
        "和:he 宁:ning 慈:ci 康:kang 爱:ai 济:ji 民:min 德:de 泰:tai 安:an 仁:ren 美:mei "
        "信:xin 源:yuan 心:xin 禾:he 恩:en 诚:cheng 悦:yue 舒:shu"
    )
)

# Fictional universities for the "affiliated hospital" pattern of tertiary hospitals.
UNIVERSITIES = (
    ("申江大学", "Shenjiang University"),
    ("浦江医科大学", "Pujiang Medical University"),
    ("东海大学", "Donghai University"),
    ("沪滨交通大学", "Hubin Jiaotong University"),
)
TCM_UNIVERSITY = ("春申中医药大学", "Chunshen University of Traditional Chinese Medicine")

# 诊疗科目, in the order of the national catalogue.
ALL_SUBJECTS = words(
    "预防保健科 全科医疗科 内科 外科 妇产科 妇女保健科 儿科 小儿外科 儿童保健科 眼科 耳鼻咽喉科 "
    "口腔科 皮肤科 医疗美容科 精神科 传染科 结核病科 肿瘤科 急诊医学科 康复医学科 职业病科 "
    "临终关怀科 麻醉科 疼痛科 重症医学科 医学检验科 病理科 医学影像科 中医科 中西医结合科"
)
_SUBJECT_ORDER = {s: i for i, s in enumerate(ALL_SUBJECTS)}


def ordered(subjects: set[str] | list[str]) -> list[str]:
    """Subjects in catalogue order, so the same set always reads (and serialises) the same."""
    return sorted(set(subjects), key=_SUBJECT_ORDER.__getitem__)


HOSPITAL_CORE = ("内科", "外科", "急诊医学科", "医学检验科", "医学影像科")
HOSPITAL_OPTIONAL = tuple(s for s in ALL_SUBJECTS if s not in HOSPITAL_CORE)
COMMUNITY_SUBJECTS = ("预防保健科", "全科医疗科", "内科", "中医科", "医学检验科", "医学影像科")
COMMUNITY_OPTIONAL = ("口腔科", "康复医学科", "临终关怀科", "妇女保健科", "儿童保健科")
MCH_SUBJECTS = ("妇产科", "妇女保健科", "儿科", "儿童保健科", "医学检验科", "医学影像科")
CDC_SUBJECTS = ("预防保健科", "传染科", "职业病科", "医学检验科")
NURSING_HOME_SUBJECTS = ("内科", "康复医学科", "临终关怀科", "中医科", "医学检验科")


@dataclass(frozen=True)
class Specialty:
    """A specialist hospital's or clinic's field: name part, English, subjects, doctor scope."""

    zh: str
    en: str
    subjects: tuple[str, ...]
    category: PracticeCategory = PracticeCategory.CLINICAL


HOSPITAL_SPECIALTIES = (
    Specialty("眼科", "Eye", ("眼科", "麻醉科", "医学检验科", "医学影像科")),
    Specialty(
        "口腔", "Stomatological", ("口腔科", "麻醉科", "医学影像科"), PracticeCategory.DENTAL
    ),
    Specialty("妇产科", "Obstetrics and Gynaecology", ("妇产科", "妇女保健科", "麻醉科")),
    Specialty("儿童", "Children's", ("儿科", "小儿外科", "儿童保健科", "麻醉科")),
    Specialty("精神卫生", "Mental Health", ("精神科", "内科", "医学检验科")),
    Specialty("肿瘤", "Cancer", ("肿瘤科", "内科", "外科", "病理科", "麻醉科")),
    Specialty("骨科", "Orthopaedic", ("外科", "康复医学科", "麻醉科", "医学影像科")),
    Specialty("康复", "Rehabilitation", ("康复医学科", "内科", "中医科")),
    Specialty("胸科", "Chest", ("内科", "外科", "麻醉科", "重症医学科")),
    Specialty("皮肤病", "Dermatology", ("皮肤科", "医疗美容科", "医学检验科")),
)

CLINIC_SPECIALTIES = (
    Specialty("综合", "General", ("内科", "外科", "全科医疗科", "医学检验科")),
    Specialty("口腔", "Dental", ("口腔科", "医学影像科"), PracticeCategory.DENTAL),
    Specialty("中医", "TCM", ("中医科", "康复医学科"), PracticeCategory.TCM),
    Specialty("医疗美容", "Aesthetic", ("医疗美容科", "皮肤科", "麻醉科")),
    Specialty("眼科", "Eye", ("眼科",)),
    Specialty("皮肤科", "Dermatology", ("皮肤科",)),
    Specialty("儿科", "Paediatric", ("儿科", "儿童保健科")),
    Specialty("妇科", "Gynaecology", ("妇产科", "妇女保健科")),
    Specialty("内科", "Internal Medicine", ("内科", "医学检验科")),
)
# General and dental clinics dominate, then TCM and aesthetic medicine.
CLINIC_SPECIALTY_WEIGHTS = (30, 22, 14, 8, 4, 5, 4, 4, 9)

# 执业范围 of doctors by practice category; clinical scopes roughly by headcount.
CLINICAL_SCOPES = words(
    "内科专业 外科专业 妇产科专业 儿科专业 眼耳鼻咽喉科专业 皮肤病与性病专业 精神卫生专业 "
    "医学影像和放射治疗专业 医学检验、病理专业 全科医学专业 急救医学专业 康复医学专业 "
    "重症医学专业 肿瘤专业 麻醉专业"
)
CLINICAL_SCOPE_WEIGHTS = (24, 18, 8, 6, 5, 2, 3, 6, 3, 8, 3, 2, 2, 3, 5)
CLINICAL_SCOPE_DRAW = Weighted(zip(CLINICAL_SCOPES, CLINICAL_SCOPE_WEIGHTS, strict=True))
SCOPES: dict[PracticeCategory, tuple[str, ...]] = {
    PracticeCategory.CLINICAL: CLINICAL_SCOPES,
    PracticeCategory.TCM: ("中医专业", "中西医结合专业", "全科医学专业"),
    PracticeCategory.DENTAL: ("口腔专业",),
    PracticeCategory.PUBLIC_HEALTH: ("公共卫生类别专业",),
}
# Where a scope follows from the institution's specialty.
SCOPE_FOR_SUBJECT = {
    "眼科": "眼耳鼻咽喉科专业",
    "妇产科": "妇产科专业",
    "儿科": "儿科专业",
    "精神科": "精神卫生专业",
    "肿瘤科": "肿瘤专业",
    "皮肤科": "皮肤病与性病专业",
    "康复医学科": "康复医学专业",
    "医疗美容科": "外科专业",
}

DOCTOR_EDUCATION = Weighted(
    (("博士研究生", 15), ("硕士研究生", 30), ("大学本科", 45), ("大学专科", 10))
)
NURSE_EDUCATION = Weighted((("硕士研究生", 3), ("大学本科", 47), ("大学专科", 45), ("中专", 5)))
# Doctors who do not hold their institution's main category, by category.
OTHER_CATEGORY = Weighted(zip(SCOPES, (80, 10, 6, 4), strict=True))
# (minimum age, title) from the most senior down.
DOCTOR_TITLES = ((50, "主任医师"), (40, "副主任医师"), (31, "主治医师"), (0, "住院医师"))
NURSE_TITLES = ((50, "主任护师"), (44, "副主任护师"), (33, "主管护师"), (26, "护师"), (0, "护士"))
