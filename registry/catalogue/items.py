"""The definition of the 15 approval items (DESIGN.md §4), as the catalogue migration loads
them. The migration keeps its own frozen copy; ``tests/registry/workflow/test_catalogue.py``
checks that the two agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry.catalogue.models import AttachmentKind as A
from registry.catalogue.models import Effect, FieldKind, ItemCode
from registry.registrations.models import RegistrationSubject as S


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: FieldKind
    required: bool
    label_zh: str
    label_en: str

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "required": self.required,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
        }


@dataclass(frozen=True)
class ItemDefinition:
    code: ItemCode
    subject: S
    name_zh: str
    name_en: str
    institution_review: bool
    online_only: bool
    paper_required: bool
    time_limit_days: int
    notice_days: int
    effect: Effect
    fields: tuple[FieldSpec, ...]
    attachments: tuple[A, ...]

    def row(self, position: int) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "subject": self.subject.value,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "position": position,
            "institution_review": self.institution_review,
            "online_only": self.online_only,
            "paper_required": self.paper_required,
            "time_limit_days": self.time_limit_days,
            "notice_days": self.notice_days,
            "effect": self.effect.value,
            "fields": [f.as_json() for f in self.fields],
            "attachments": [a.value for a in self.attachments],
            "version": 1,
        }


def _f(name: str, kind: FieldKind, zh: str, en: str, *, required: bool = True) -> FieldSpec:
    return FieldSpec(name, kind, required, zh, en)


INSTITUTION = _f("institutionId", FieldKind.INSTITUTION, "执业机构", "Practice institution")
NEW_INSTITUTION = _f(
    "institutionId", FieldKind.INSTITUTION, "拟执业机构", "New practice institution"
)
FILING_SITE = _f("institutionId", FieldKind.INSTITUTION, "备案机构", "Additional practice site")
QUALIFICATION = _f("qualificationNumber", FieldKind.TEXT, "资格证书编号", "Qualification number")
EDUCATION = _f("education", FieldKind.EDUCATION, "学历", "Education")
CATEGORY = _f("category", FieldKind.CATEGORY, "执业类别", "Practice category")
SCOPE = _f("scope", FieldKind.SCOPE, "执业范围", "Practice scope")
REASON = _f("reason", FieldKind.CANCELLATION_REASON, "注销原因", "Reason for cancellation")
INSTITUTION_REASON = _f(
    "reason", FieldKind.INSTITUTION_CANCELLATION_REASON, "注销原因", "Reason for cancellation"
)
ADDRESS = _f("address", FieldKind.TEXT, "地址", "Address")
LEGAL_REP = _f("legalRepresentative", FieldKind.TEXT, "法定代表人", "Legal representative")
BEDS = _f("beds", FieldKind.INTEGER, "床位数", "Beds")
SUBJECTS = _f("subjects", FieldKind.SUBJECTS, "诊疗科目", "Diagnosis and treatment subjects")


def _optional(spec: FieldSpec) -> FieldSpec:
    return FieldSpec(spec.name, spec.kind, False, spec.label_zh, spec.label_en)


NAME = _f("name", FieldKind.TEXT, "机构名称", "Institution name", required=False)

ITEMS: tuple[ItemDefinition, ...] = (
    ItemDefinition(
        ItemCode.NURSE_FIRST_REGISTRATION,
        S.NURSE,
        "护士首次注册",
        "Nurse first registration",
        institution_review=True,
        online_only=False,
        paper_required=True,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.CREATE_REGISTRATION,
        fields=(INSTITUTION, QUALIFICATION, EDUCATION),
        attachments=(A.QUALIFICATION_CERTIFICATE, A.HEALTH_CERTIFICATE),
    ),
    ItemDefinition(
        ItemCode.NURSE_CHANGE_REGISTRATION,
        S.NURSE,
        "护士变更注册",
        "Nurse change of registration",
        institution_review=True,
        online_only=False,
        paper_required=False,
        time_limit_days=7,
        notice_days=7,
        effect=Effect.CHANGE_REGISTRATION,
        fields=(NEW_INSTITUTION,),
        attachments=(),
    ),
    ItemDefinition(
        ItemCode.NURSE_RENEWAL,
        S.NURSE,
        "护士延续注册",
        "Nurse renewal of registration",
        institution_review=True,
        online_only=False,
        paper_required=False,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.EXTEND_REGISTRATION,
        fields=(),
        attachments=(A.HEALTH_CERTIFICATE,),
    ),
    ItemDefinition(
        ItemCode.NURSE_REREGISTRATION,
        S.NURSE,
        "护士重新注册",
        "Nurse re-registration",
        institution_review=True,
        online_only=False,
        paper_required=True,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.REACTIVATE_REGISTRATION,
        fields=(NEW_INSTITUTION,),
        attachments=(A.HEALTH_CERTIFICATE, A.TRAINING_CERTIFICATE),
    ),
    ItemDefinition(
        ItemCode.NURSE_CANCELLATION,
        S.NURSE,
        "护士注销注册",
        "Nurse cancellation of registration",
        institution_review=True,
        online_only=False,
        paper_required=False,
        time_limit_days=7,
        notice_days=7,
        effect=Effect.CANCEL_REGISTRATION,
        fields=(REASON,),
        attachments=(),
    ),
    ItemDefinition(
        ItemCode.DOCTOR_FIRST_REGISTRATION,
        S.DOCTOR,
        "医师执业注册",
        "Physician practice registration",
        institution_review=True,
        online_only=False,
        paper_required=True,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.CREATE_REGISTRATION,
        fields=(INSTITUTION, QUALIFICATION, CATEGORY, SCOPE),
        attachments=(A.QUALIFICATION_CERTIFICATE, A.HEALTH_CERTIFICATE),
    ),
    ItemDefinition(
        ItemCode.DOCTOR_CHANGE_REGISTRATION,
        S.DOCTOR,
        "医师变更注册",
        "Physician change of registration",
        institution_review=True,
        online_only=False,
        paper_required=False,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.CHANGE_REGISTRATION,
        fields=(_optional(NEW_INSTITUTION), _optional(CATEGORY), _optional(SCOPE)),
        attachments=(),
    ),
    ItemDefinition(
        ItemCode.DOCTOR_MULTI_SITE_FILING,
        S.DOCTOR,
        "医师多机构备案",
        "Physician multi-institution filing",
        institution_review=True,
        online_only=True,
        paper_required=False,
        time_limit_days=5,
        notice_days=7,
        effect=Effect.ADD_FILING,
        fields=(FILING_SITE,),
        attachments=(A.PRACTICE_AGREEMENT,),
    ),
    ItemDefinition(
        ItemCode.DOCTOR_MULTI_SITE_CANCELLATION,
        S.DOCTOR,
        "医师多机构备案注销",
        "Cancellation of a multi-institution filing",
        institution_review=False,
        online_only=True,
        paper_required=False,
        time_limit_days=5,
        notice_days=7,
        effect=Effect.REMOVE_FILING,
        fields=(FILING_SITE,),
        attachments=(),
    ),
    ItemDefinition(
        ItemCode.DOCTOR_CANCELLATION_FILING,
        S.DOCTOR,
        "医师注销注册备案",
        "Physician cancellation filing",
        institution_review=True,
        online_only=True,
        paper_required=False,
        time_limit_days=5,
        notice_days=7,
        effect=Effect.CANCEL_REGISTRATION,
        fields=(REASON,),
        attachments=(),
    ),
    ItemDefinition(
        ItemCode.DOCTOR_REREGISTRATION,
        S.DOCTOR,
        "医师重新注册",
        "Physician re-registration",
        institution_review=True,
        online_only=False,
        paper_required=True,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.REACTIVATE_REGISTRATION,
        fields=(NEW_INSTITUTION, CATEGORY, SCOPE),
        attachments=(A.HEALTH_CERTIFICATE, A.TRAINING_CERTIFICATE),
    ),
    ItemDefinition(
        ItemCode.INSTITUTION_PRACTICE_REGISTRATION,
        S.INSTITUTION,
        "医疗机构执业登记",
        "Institution practice registration",
        institution_review=False,
        online_only=False,
        paper_required=True,
        time_limit_days=30,
        notice_days=7,
        effect=Effect.REGISTER_INSTITUTION,
        fields=(ADDRESS, LEGAL_REP, BEDS, SUBJECTS),
        attachments=(A.PREMISES_PROOF, A.EQUIPMENT_LIST, A.STAFF_LIST),
    ),
    ItemDefinition(
        ItemCode.INSTITUTION_CHANGE_REGISTRATION,
        S.INSTITUTION,
        "医疗机构变更登记",
        "Institution change of registration",
        institution_review=False,
        online_only=False,
        paper_required=False,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.CHANGE_INSTITUTION,
        fields=(
            NAME,
            _optional(ADDRESS),
            _optional(LEGAL_REP),
            _optional(BEDS),
            _optional(SUBJECTS),
        ),
        attachments=(),
    ),
    ItemDefinition(
        ItemCode.INSTITUTION_VALIDATION,
        S.INSTITUTION,
        "医疗机构校验",
        "Institution validation",
        institution_review=False,
        online_only=False,
        paper_required=False,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.VALIDATE_INSTITUTION,
        fields=(),
        attachments=(A.SELF_INSPECTION_REPORT,),
    ),
    ItemDefinition(
        ItemCode.INSTITUTION_CANCELLATION,
        S.INSTITUTION,
        "医疗机构注销登记",
        "Institution cancellation of registration",
        institution_review=False,
        online_only=False,
        paper_required=False,
        time_limit_days=20,
        notice_days=7,
        effect=Effect.CANCEL_INSTITUTION,
        fields=(INSTITUTION_REASON,),
        attachments=(),
    ),
)

BY_CODE = {item.code: item for item in ITEMS}


def catalogue_rows() -> list[dict[str, Any]]:
    return [item.row(position) for position, item in enumerate(ITEMS, start=1)]
