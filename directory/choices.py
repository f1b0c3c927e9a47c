"""The closed lists application forms are filled from: education (学历), for doctors the
practice scope (执业范围) within each practice category, and the reason a registration is
cancelled (注销原因), for practitioners and for institutions, and an institution's diagnosis and
treatment subjects (诊疗科目). The value kept is the official
Chinese term, as the registries and the licence print it."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import PracticeCategory


@dataclass(frozen=True)
class Choice:
    value: str
    label_en: str
    category: PracticeCategory | None = None


EDUCATION: tuple[Choice, ...] = (
    Choice("中专", "Secondary vocational"),
    Choice("大专", "Junior college"),
    Choice("本科", "Bachelor's degree"),
    Choice("硕士研究生", "Master's degree"),
    Choice("博士研究生", "Doctorate"),
)

_C, _T, _D, _P = (
    PracticeCategory.CLINICAL,
    PracticeCategory.TCM,
    PracticeCategory.DENTAL,
    PracticeCategory.PUBLIC_HEALTH,
)
# 《关于医师执业注册中执业范围的暂行规定》: the scopes a doctor may register, per category.
PRACTICE_SCOPES: tuple[Choice, ...] = (
    Choice("内科专业", "Internal medicine", _C),
    Choice("外科专业", "Surgery", _C),
    Choice("妇产科专业", "Obstetrics and gynaecology", _C),
    Choice("儿科专业", "Paediatrics", _C),
    Choice("眼耳鼻咽喉科专业", "Ophthalmology and otorhinolaryngology", _C),
    Choice("皮肤病与性病专业", "Dermatology and venereology", _C),
    Choice("精神卫生专业", "Mental health", _C),
    Choice("职业病专业", "Occupational diseases", _C),
    Choice("医学影像和放射治疗专业", "Medical imaging and radiotherapy", _C),
    Choice("医学检验、病理专业", "Laboratory medicine and pathology", _C),
    Choice("全科医学专业", "General practice", _C),
    Choice("急救医学专业", "Emergency medicine", _C),
    Choice("康复医学专业", "Rehabilitation medicine", _C),
    Choice("预防保健专业", "Preventive care", _C),
    Choice("重症医学专业", "Critical care medicine", _C),
    Choice("肿瘤专业", "Oncology", _C),
    Choice("麻醉专业", "Anaesthesiology", _C),
    Choice("中医专业", "Traditional Chinese medicine", _T),
    Choice("中西医结合专业", "Integrated Chinese and Western medicine", _T),
    Choice("全科医学专业", "General practice", _T),
    Choice("口腔专业", "Dentistry", _D),
    Choice("公共卫生类别专业", "Public health", _P),
)


# 《护士执业注册管理办法》第十八条, 《医师执业注册管理办法》第十八条, and the reasons holders
# themselves give when they apply.
PRACTITIONER_CANCELLATION_REASONS: tuple[Choice, ...] = (
    Choice("离职不再执业", "Left practice"),
    Choice("退休", "Retired"),
    Choice("出国定居", "Emigrated"),
    Choice("注册有效期届满未延续注册", "Registration expired without renewal"),
    Choice("中止执业活动满二年", "Practice interrupted for two years"),
    Choice("身体健康状况不适宜继续执业", "Health no longer permits practice"),
    Choice("定期考核不合格", "Failed the periodic assessment"),
    Choice("受吊销执业证书处罚", "Practice certificate revoked"),
    Choice("受刑事处罚", "Criminal penalty"),
    Choice("死亡或者丧失民事行为能力", "Death or loss of civil capacity"),
)

# 《医疗机构管理条例》及其实施细则: why an institution's registration is cancelled.
INSTITUTION_CANCELLATION_REASONS: tuple[Choice, ...] = (
    Choice("停业", "Closed down"),
    Choice("合并或者分立", "Merger or division"),
    Choice("停业期满未恢复执业", "Suspension ended without resuming practice"),
    Choice("执业许可证被吊销或注销", "Practice licence revoked or withdrawn"),
)


# 《医疗机构诊疗科目名录》: the first-level subjects an institution registers.
DIAGNOSIS_SUBJECTS: tuple[Choice, ...] = (
    Choice("预防保健科", "Preventive care"),
    Choice("全科医疗科", "General practice"),
    Choice("内科", "Internal medicine"),
    Choice("外科", "Surgery"),
    Choice("妇产科", "Obstetrics and gynaecology"),
    Choice("妇女保健科", "Women's health care"),
    Choice("儿科", "Paediatrics"),
    Choice("小儿外科", "Paediatric surgery"),
    Choice("儿童保健科", "Child health care"),
    Choice("眼科", "Ophthalmology"),
    Choice("耳鼻咽喉科", "Otorhinolaryngology"),
    Choice("口腔科", "Stomatology"),
    Choice("皮肤科", "Dermatology"),
    Choice("医疗美容科", "Medical cosmetology"),
    Choice("精神科", "Psychiatry"),
    Choice("传染科", "Infectious diseases"),
    Choice("结核病科", "Tuberculosis"),
    Choice("地方病科", "Endemic diseases"),
    Choice("肿瘤科", "Oncology"),
    Choice("急诊医学科", "Emergency medicine"),
    Choice("康复医学科", "Rehabilitation medicine"),
    Choice("运动医学科", "Sports medicine"),
    Choice("职业病科", "Occupational diseases"),
    Choice("临终关怀科", "Hospice care"),
    Choice("特种医学与军事医学科", "Special and military medicine"),
    Choice("麻醉科", "Anaesthesiology"),
    Choice("疼痛科", "Pain medicine"),
    Choice("重症医学科", "Critical care medicine"),
    Choice("医学检验科", "Laboratory medicine"),
    Choice("病理科", "Pathology"),
    Choice("医学影像科", "Medical imaging"),
    Choice("中医科", "Traditional Chinese medicine"),
    Choice("民族医学科", "Ethnic minority medicine"),
    Choice("中西医结合科", "Integrated Chinese and Western medicine"),
)


def listed(value: str, listing: tuple[Choice, ...]) -> bool:
    return any(c.value == value for c in listing)


def education(value: str) -> Choice | None:
    return next((c for c in EDUCATION if c.value == value), None)


def is_practice_scope(value: str, category: str | None = None) -> bool:
    """A listed scope; of ``category`` when one is given (全科医学专业 is in two)."""
    return any(
        c.value == value and (category is None or c.category == category) for c in PRACTICE_SCOPES
    )
