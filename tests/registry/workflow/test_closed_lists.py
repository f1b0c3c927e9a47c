"""Education, practice scope, the cancellation reason and the diagnosis subjects come from
closed lists: the form checks the value, and a scope must belong to the practice category
chosen beside it."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import ValidationFailed
from directory import choices
from registry.catalogue.items import ITEMS
from registry.catalogue.models import ApprovalItem, FieldKind, ItemCode
from registry.errors import RegistryProblem
from registry.workflow.forms import clean

# The fields that stay free text: numbers, names and addresses, never an enumeration.
FREE_TEXT = {"qualificationNumber", "address", "legalRepresentative", "name"}


def _item(code: ItemCode) -> ApprovalItem:
    definition = next(d for d in ITEMS if d.code is code)
    return ApprovalItem(fields=definition.row(1)["fields"])


def _problems(code: ItemCode, payload: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as raised:
        clean(_item(code), payload, complete=False)
    return {(p.field, str(p.code)) for p in raised.value.problems}


def test_education_and_scope_are_closed_list_fields() -> None:
    kinds = {
        spec["name"]: spec["kind"]
        for definition in ITEMS
        for spec in definition.row(1)["fields"]
        if spec["name"] in ("education", "scope")
    }
    assert kinds == {"education": FieldKind.EDUCATION, "scope": FieldKind.SCOPE}


def test_listed_values_are_kept_as_entered() -> None:
    nurse = clean(_item(ItemCode.NURSE_FIRST_REGISTRATION), {"education": "本科"}, complete=False)
    assert nurse == {"education": "本科"}
    doctor = clean(
        _item(ItemCode.DOCTOR_FIRST_REGISTRATION),
        {"category": "TCM", "scope": "全科医学专业"},
        complete=False,
    )
    assert doctor == {"category": "TCM", "scope": "全科医学专业"}


def test_free_text_is_refused_with_a_code() -> None:
    assert _problems(ItemCode.NURSE_FIRST_REGISTRATION, {"education": "大学本科毕业"}) == {
        ("payload.education", RegistryProblem.NOT_A_CHOICE)
    }
    assert _problems(ItemCode.DOCTOR_FIRST_REGISTRATION, {"scope": "心内科"}) == {
        ("payload.scope", RegistryProblem.NOT_A_CHOICE)
    }


def test_a_scope_of_another_category_is_refused() -> None:
    assert _problems(
        ItemCode.DOCTOR_FIRST_REGISTRATION, {"category": "DENTAL", "scope": "内科专业"}
    ) == {("payload.scope", RegistryProblem.SCOPE_OUTSIDE_CATEGORY)}
    assert choices.is_practice_scope("口腔专业", "DENTAL")


def test_cancellation_reasons_are_closed_lists_of_their_own_subject() -> None:
    kinds = {
        definition.code: spec["kind"]
        for definition in ITEMS
        for spec in definition.row(1)["fields"]
        if spec["name"] == "reason"
    }
    assert kinds.pop(ItemCode.INSTITUTION_CANCELLATION) == FieldKind.INSTITUTION_CANCELLATION_REASON
    assert kinds
    assert set(kinds.values()) == {FieldKind.CANCELLATION_REASON}
    assert not [
        spec
        for definition in ITEMS
        for spec in definition.row(1)["fields"]
        if spec["kind"] == FieldKind.TEXT and spec["name"] not in FREE_TEXT
    ]


def test_a_listed_reason_is_kept_and_free_text_or_the_other_list_is_refused() -> None:
    nurse = ItemCode.NURSE_CANCELLATION
    assert clean(_item(nurse), {"reason": "退休"}, complete=True) == {"reason": "退休"}
    institution = ItemCode.INSTITUTION_CANCELLATION
    assert clean(_item(institution), {"reason": "停业"}, complete=True) == {"reason": "停业"}
    assert _problems(nurse, {"reason": "不想干了"}) == {
        ("payload.reason", RegistryProblem.NOT_A_CHOICE)
    }
    assert _problems(nurse, {"reason": "停业"}) == {
        ("payload.reason", RegistryProblem.NOT_A_CHOICE)
    }
    assert _problems(institution, {"reason": "退休"}) == {
        ("payload.reason", RegistryProblem.NOT_A_CHOICE)
    }


def test_diagnosis_subjects_come_from_the_official_catalogue() -> None:
    register = ItemCode.INSTITUTION_PRACTICE_REGISTRATION
    kept = clean(_item(register), {"subjects": ["内科", " 外科", "内科"]}, complete=False)
    assert kept == {"subjects": ["内科", "外科"]}
    assert _problems(register, {"subjects": ["内科", "心血管内科门诊"]}) == {
        ("payload.subjects", RegistryProblem.NOT_A_CHOICE)
    }
    names = [c.value for c in choices.DIAGNOSIS_SUBJECTS]
    assert len(names) == len(set(names))
