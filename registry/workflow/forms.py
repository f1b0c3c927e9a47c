"""The form of an application: the item's fields, checked and normalised, with field paths."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from core.errors import FieldProblem, Problem, ValidationFailed
from directory import choices, validation
from directory.models import PracticeCategory
from registry.catalogue.models import ApprovalItem, FieldKind
from registry.errors import RegistryProblem

MAX_TEXT = 200
MAX_SUBJECTS = 60
MAX_INTEGER = 20_000


class _Invalid(ValueError):
    """A value a parser refuses: the English sentence, the code and its parameters."""

    def __init__(self, message: str, code: StrEnum, **params: str | int) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("must be text", RegistryProblem.NOT_TEXT)
    cleaned = " ".join(value.split())
    if len(cleaned) > MAX_TEXT:
        raise _Invalid(f"must be at most {MAX_TEXT} characters", Problem.TOO_LONG, maximum=MAX_TEXT)
    return cleaned


def _institution(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError as exc:
        raise _Invalid("not an institution id", Problem.NOT_AN_ID) from exc


def _category(value: Any) -> str:
    try:
        return PracticeCategory(str(value)).value
    except ValueError as exc:
        choices = ", ".join(c.value for c in PracticeCategory)
        raise _Invalid(f"must be one of {choices}", RegistryProblem.NOT_A_CHOICE) from exc


def _education(value: Any) -> str:
    if not isinstance(value, str) or choices.education(value) is None:
        raise _Invalid(
            "must be one of the listed levels of education", RegistryProblem.NOT_A_CHOICE
        )
    return value


def _scope(value: Any) -> str:
    if not isinstance(value, str) or not choices.is_practice_scope(value):
        raise _Invalid("must be one of the listed practice scopes", RegistryProblem.NOT_A_CHOICE)
    return value


def _listed(listing: tuple[choices.Choice, ...], what: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or not choices.listed(value, listing):
            raise _Invalid(f"must be one of the listed {what}", RegistryProblem.NOT_A_CHOICE)
        return value

    return parse


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid("must be a whole number", RegistryProblem.NOT_A_NUMBER)
    if not 0 <= value <= MAX_INTEGER:
        raise _Invalid(
            f"must be between 0 and {MAX_INTEGER}",
            Problem.OUT_OF_RANGE,
            minimum=0,
            maximum=MAX_INTEGER,
        )
    return value


def _subjects(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid("must be a list of subject names", RegistryProblem.NOT_A_LIST)
    cleaned = list(dict.fromkeys(s.strip() for s in value if s.strip()))
    if not cleaned:
        raise _Invalid("must name at least one subject", Problem.REQUIRED)
    if not all(choices.listed(subject, choices.DIAGNOSIS_SUBJECTS) for subject in cleaned):
        raise _Invalid("must name listed diagnosis subjects", RegistryProblem.NOT_A_CHOICE)
    if len(cleaned) > MAX_SUBJECTS:
        raise _Invalid(
            f"must name at most {MAX_SUBJECTS} subjects", Problem.TOO_MANY, maximum=MAX_SUBJECTS
        )
    return cleaned


PARSERS: dict[FieldKind, Callable[[Any], Any]] = {
    FieldKind.TEXT: _text,
    FieldKind.INSTITUTION: _institution,
    FieldKind.CATEGORY: _category,
    FieldKind.INTEGER: _integer,
    FieldKind.SUBJECTS: _subjects,
    FieldKind.EDUCATION: _education,
    FieldKind.SCOPE: _scope,
    FieldKind.CANCELLATION_REASON: _listed(
        choices.PRACTITIONER_CANCELLATION_REASONS, "reasons for cancellation"
    ),
    FieldKind.INSTITUTION_CANCELLATION_REASON: _listed(
        choices.INSTITUTION_CANCELLATION_REASONS, "reasons for cancellation"
    ),
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list) and not value)


def clean(item: ApprovalItem, payload: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    """Check the fields of ``payload`` against the item; ``complete`` also demands the
    required ones (a draft may be saved half-filled). Unknown fields are refused."""
    problems: list[FieldProblem] = []
    known = set(item.field_names())
    for name in sorted(set(payload) - known):
        problems.append(
            FieldProblem(f"payload.{name}", "is not a field of this item", Problem.UNKNOWN_FIELD)
        )
    cleaned: dict[str, Any] = {}
    for spec in item.fields:
        name = str(spec["name"])
        raw = payload.get(name)
        if isinstance(raw, str):
            raw = raw.strip()
        if _blank(raw):
            if complete and spec["required"]:
                problems.append(FieldProblem(f"payload.{name}", "is required", Problem.REQUIRED))
            continue
        try:
            cleaned[name] = PARSERS[FieldKind(spec["kind"])](raw)
        except _Invalid as exc:
            problems.append(FieldProblem(f"payload.{name}", str(exc), exc.code, exc.params))
    if (
        "scope" in cleaned
        and "category" in cleaned
        and not choices.is_practice_scope(cleaned["scope"], cleaned["category"])
    ):
        problems.append(
            FieldProblem(
                "payload.scope",
                "is not a scope of the chosen practice category",
                RegistryProblem.SCOPE_OUTSIDE_CATEGORY,
            )
        )
    if "legalRepresentative" in cleaned:
        try:
            cleaned["legalRepresentative"] = validation.name(
                cleaned["legalRepresentative"], field="payload.legalRepresentative"
            )
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationFailed(problems)
    return cleaned
