"""The form of an application: the item's fields, checked and normalised, with field paths."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from core.errors import FieldProblem, ValidationFailed
from directory import validation
from directory.models import PracticeCategory
from registry.catalogue.models import ApprovalItem, FieldKind

MAX_TEXT = 200
MAX_SUBJECTS = 60


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    cleaned = " ".join(value.split())
    if len(cleaned) > MAX_TEXT:
        raise ValueError(f"must be at most {MAX_TEXT} characters")
    return cleaned


def _institution(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError as exc:
        raise ValueError("not an institution id") from exc


def _category(value: Any) -> str:
    try:
        return PracticeCategory(str(value)).value
    except ValueError as exc:
        choices = ", ".join(c.value for c in PracticeCategory)
        raise ValueError(f"must be one of {choices}") from exc


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    if not 0 <= value <= 20_000:
        raise ValueError("must be between 0 and 20000")
    return value


def _subjects(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of subject names")
    cleaned = list(dict.fromkeys(s.strip() for s in value if s.strip()))
    if not cleaned:
        raise ValueError("must name at least one subject")
    if len(cleaned) > MAX_SUBJECTS:
        raise ValueError(f"must name at most {MAX_SUBJECTS} subjects")
    return cleaned


PARSERS: dict[FieldKind, Callable[[Any], Any]] = {
    FieldKind.TEXT: _text,
    FieldKind.INSTITUTION: _institution,
    FieldKind.CATEGORY: _category,
    FieldKind.INTEGER: _integer,
    FieldKind.SUBJECTS: _subjects,
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list) and not value)


def clean(item: ApprovalItem, payload: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    """Check the fields of ``payload`` against the item; ``complete`` also demands the
    required ones (a draft may be saved half-filled). Unknown fields are refused."""
    problems: list[FieldProblem] = []
    known = set(item.field_names())
    for name in sorted(set(payload) - known):
        problems.append(FieldProblem(f"payload.{name}", "is not a field of this item"))
    cleaned: dict[str, Any] = {}
    for spec in item.fields:
        name = str(spec["name"])
        raw = payload.get(name)
        if isinstance(raw, str):
            raw = raw.strip()
        if _blank(raw):
            if complete and spec["required"]:
                problems.append(FieldProblem(f"payload.{name}", "is required"))
            continue
        try:
            cleaned[name] = PARSERS[FieldKind(spec["kind"])](raw)
        except ValueError as exc:
            problems.append(FieldProblem(f"payload.{name}", str(exc)))
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
