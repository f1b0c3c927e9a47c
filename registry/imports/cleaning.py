"""One row of an export, cleaned: every value normalised and checked with the portal's rules,
or the list of what is wrong with it (a row is imported whole or not at all)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from core.errors import ValidationFailed
from directory import choices, validation
from directory.models import (
    InstitutionLevel,
    InstitutionType,
    PracticeCategory,
    Profession,
    Sex,
)
from directory.regions import DISTRICTS
from registry.imports import normalise, vocabulary
from registry.imports.normalise import Unrecognised
from registry.imports.reasons import ImportReason

R = ImportReason
MUNICIPAL = "310000"
_PROBLEM_REASONS = {r.value: r for r in ImportReason} | {"INVALID": R.INVALID_TEXT}
V = TypeVar("V")


@dataclass(frozen=True)
class Note:
    """One thing said about one cell: a rejection, a quarantine or a normalisation."""

    field: str
    reason: ImportReason


@dataclass
class Cleaner:
    """Collects what each field's cleaning said; ``value`` runs one field's cleaning."""

    raw: dict[str, str]
    problems: list[Note] = field(default_factory=list)
    normalised: list[Note] = field(default_factory=list)

    def value(
        self, name: str, clean: Callable[[str, list[ImportReason]], V], *, required: bool = False
    ) -> V | None:
        raw = self.raw.get(name, "")
        if not raw.strip():
            if required:
                self.problems.append(Note(name, R.REQUIRED))
            return None
        changes: list[ImportReason] = []
        try:
            result = clean(raw, changes)
        except Unrecognised as exc:
            self.problems.append(Note(name, exc.reason))
            return None
        except ValidationFailed as exc:
            for problem in exc.problems:
                reason = _PROBLEM_REASONS.get(str(problem.code), R.INVALID_TEXT)
                self.problems.append(Note(name, reason))
            return None
        self.normalised.extend(Note(name, c) for c in dict.fromkeys(changes))
        return result


def _checked(check: Callable[[str], Any], cleanup: Callable[[str, list[ImportReason]], str]) -> Any:
    def run(raw: str, changes: list[ImportReason]) -> Any:
        return check(cleanup(raw, changes))

    return run


def _text(max_length: int) -> Callable[[str, list[ImportReason]], str]:
    return _checked(
        lambda v: validation.text(v, field="value", max_length=max_length), normalise.text
    )


def _code(max_length: int) -> Callable[[str, list[ImportReason]], str]:
    return _checked(
        lambda v: validation.text(v.upper(), field="value", max_length=max_length),
        normalise.compact,
    )


def _word(table: dict[str, V], enum: type[V], reason: ImportReason) -> Callable[..., V]:
    def run(raw: str, changes: list[ImportReason]) -> V:
        found = vocabulary.lookup(table, enum, normalise.text(raw, changes))
        if found is None:
            raise Unrecognised(reason)
        return found

    return run


def _scope(category: PracticeCategory | None) -> Callable[[str, list[ImportReason]], str]:
    """The portal's closed list of scopes for the category; an old system's short form
    (``内科`` for ``内科专业``) is completed and the change recorded."""

    as_text = _text(64)

    def run(raw: str, changes: list[ImportReason]) -> str:
        scope: str = as_text(raw, changes)
        if not scope.endswith("专业") and choices.is_practice_scope(scope + "专业", category):
            changes.append(R.SCOPE_NAME)
            scope += "专业"
        if not choices.is_practice_scope(scope, category):
            raise Unrecognised(R.SCOPE_UNKNOWN)
        return scope

    return run


def _authority(raw: str, changes: list[ImportReason]) -> str:
    cleaned = normalise.compact(raw, changes)
    if cleaned in (MUNICIPAL, "上海市", "市卫生健康委", "市卫健委", "市级"):
        return MUNICIPAL
    try:
        return normalise.district(cleaned, changes)
    except Unrecognised:
        raise Unrecognised(R.AUTHORITY_UNKNOWN) from None


def _remembered(check: Callable[[str], str]) -> Callable[[str], str]:
    """``check`` with its verdicts kept: a city's files name a few thousand institutions
    200,000 times, and mobile numbers share their operator prefixes."""

    @lru_cache(maxsize=16_384)
    def verdict(value: str) -> str | ValidationFailed:
        try:
            return check(value)
        except ValidationFailed as exc:
            return exc

    def run(value: str) -> str:
        result = verdict(value)
        if isinstance(result, ValidationFailed):
            raise ValidationFailed(list(result.problems))
        return result

    return run


_uscc_verdict = _remembered(validation.social_credit_code)
_mobile_prefix_verdict = _remembered(validation.mobile)


def _uscc(raw: str, changes: list[ImportReason]) -> str:
    return _uscc_verdict(normalise.compact(raw, changes).upper())


def _mobile(raw: str, changes: list[ImportReason]) -> str:
    """Whether a mainland mobile is valid depends on its length and first five digits only
    (phonenumbers' CN pattern: ``1(?:610\\d|740[0-5])\\d{6}|1(?:[38]\\d|…)\\d{8}``), so
    the verdict on ``1xxxx000000`` stands for every number of that prefix."""
    number = normalise.mobile(raw, changes)
    if len(number) == 11 and number.isascii() and number.isdigit():
        _mobile_prefix_verdict(number[:5] + "000000")
        return number
    return validation.mobile(number)


_name = _checked(lambda v: validation.name(v, max_length=64), normalise.person_name)


@dataclass(frozen=True)
class InstitutionRow:
    uscc: str
    licence_number: str
    name: str
    type: InstitutionType
    level: InstitutionLevel
    district_code: str
    authority_code: str
    beds: int
    legal_representative: str
    address: str
    valid_until: date | None
    contact_name: str | None
    contact_mobile: str | None


def clean_institution(raw: dict[str, str]) -> tuple[InstitutionRow | None, Cleaner]:
    c = Cleaner(raw)
    name = c.value(
        "name",
        _checked(lambda v: validation.name(v, max_length=120), normalise.text),
        required=True,
    )
    uscc = c.value("uscc", _uscc, required=True)
    licence = c.value("licence_number", _code(40), required=True)
    kind = c.value(
        "type",
        _word(vocabulary.INSTITUTION_TYPES, InstitutionType, R.TYPE_UNKNOWN),
        required=True,
    )
    district = c.value("district", normalise.district, required=True)
    beds = c.value("beds", normalise.whole_number)
    legal = c.value("legal_representative", _text(64))
    address = c.value("address", _text(200))
    valid_until = c.value("valid_until", normalise.day)
    level = c.value("level", _word(vocabulary.LEVELS, InstitutionLevel, R.LEVEL_UNKNOWN))
    authority = c.value("authority", _authority)
    contact_name = c.value("contact_name", _text(64))
    contact_mobile = c.value("contact_mobile", _mobile)
    if c.problems or not (name and uscc and licence and kind and district):
        return None, c
    level = level or InstitutionLevel.UNGRADED
    if authority is None:
        authority = MUNICIPAL if level is InstitutionLevel.TERTIARY else district
    return InstitutionRow(
        uscc=uscc,
        licence_number=licence,
        name=name,
        type=kind,
        level=level,
        district_code=district,
        authority_code=authority,
        beds=beds or 0,
        legal_representative=legal or "",
        address=address or "",
        valid_until=valid_until,
        contact_name=contact_name,
        contact_mobile=contact_mobile,
    ), c


@dataclass(frozen=True)
class PractitionerRow:
    profession: Profession
    name: str
    id_number: str
    sex: Sex
    birth_date: date
    mobile: str | None
    licence_number: str
    institution_uscc: str
    registered_on: date | None
    valid_until: date | None
    category: PracticeCategory | None
    scope: str | None
    qualification_number: str | None
    filing_usccs: tuple[str, ...]


def _filing_usccs(raw: str, changes: list[ImportReason]) -> tuple[str, ...]:
    parts = normalise.width(raw, changes).replace("；", ";").replace("、", ";").replace(",", ";")
    return tuple(_uscc(p, changes) for p in parts.split(";") if p.strip())


def clean_practitioner(
    raw: dict[str, str], profession: Profession
) -> tuple[PractitionerRow | None, Cleaner]:
    c = Cleaner(raw)
    name = c.value("name", _name, required=True)
    rid = c.value(
        "id_number",
        _checked(validation.resident_id, normalise.id_number),
        required=True,
    )
    sex = c.value("sex", _word(vocabulary.SEXES, Sex, R.SEX_UNKNOWN))
    mobile = c.value("mobile", _mobile)
    licence = c.value("licence_number", _code(40), required=True)
    institution = c.value("institution_uscc", _uscc, required=True)
    registered_on = c.value("registered_on", normalise.day)
    doctor = profession is Profession.DOCTOR
    valid_until = c.value("valid_until", normalise.day, required=not doctor)
    category = scope = None
    filings: tuple[str, ...] = ()
    if doctor:
        category = c.value(
            "category",
            _word(vocabulary.CATEGORIES, PracticeCategory, R.CATEGORY_UNKNOWN),
            required=True,
        )
        scope = c.value("scope", _scope(category))
        filings = c.value("filing_usccs", _filing_usccs) or ()
    qualification = c.value("qualification_number", _code(40))
    if rid is not None and sex is not None and sex is not rid.sex:
        c.problems.append(Note("sex", R.SEX_MISMATCH))
    if c.problems or rid is None or name is None or licence is None or institution is None:
        return None, c
    return PractitionerRow(
        profession=profession,
        name=name,
        id_number=rid.number,
        sex=rid.sex,
        birth_date=rid.birth_date,
        mobile=mobile,
        licence_number=licence,
        institution_uscc=institution,
        registered_on=registered_on,
        valid_until=valid_until,
        category=category,
        scope=scope,
        qualification_number=qualification,
        filing_usccs=filings,
    ), c


@dataclass(frozen=True)
class FilingRow:
    licence_number: str
    institution_uscc: str


def clean_filing(raw: dict[str, str]) -> tuple[FilingRow | None, Cleaner]:
    c = Cleaner(raw)
    licence = c.value("licence_number", _code(40), required=True)
    institution = c.value("institution_uscc", _uscc, required=True)
    if c.problems or licence is None or institution is None:
        return None, c
    return FilingRow(licence_number=licence, institution_uscc=institution), c


def is_district(code: str) -> bool:
    return code in DISTRICTS
