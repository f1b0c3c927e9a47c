"""Value objects the licence machinery works on; callers build them from their own models."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class AuthorityInfo:
    """An authority that signs licences: GB/T 2260 code and names."""

    code: str
    name_zh: str
    name_en: str


class LicenceKind(StrEnum):
    NURSE_PRACTICE = "NURSE_PRACTICE"
    PHYSICIAN_PRACTICE = "PHYSICIAN_PRACTICE"
    INSTITUTION_PRACTICE = "INSTITUTION_PRACTICE"


class LicenceStatus(StrEnum):
    VALID = "VALID"
    SUPERSEDED = "SUPERSEDED"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


class VerificationStatus(StrEnum):
    """What a verifier is told: a licence status, or FORGED when the token is not ours."""

    VALID = "VALID"
    SUPERSEDED = "SUPERSEDED"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    FORGED = "FORGED"


@dataclass(frozen=True, kw_only=True)
class LicenceContent:
    """What the caller wants printed; the licence service adds version and issue time."""

    number: str
    """Licence number, stable across re-issues (versions)."""
    kind: LicenceKind
    holder_name: str
    """Practitioner's name, or the institution's name for an institution licence."""
    valid_from: date
    valid_until: date | None
    """``None``: no expiry (a physician's practice registration does not lapse by date)."""
    authority_code: str
    authority_name_zh: str
    authority_name_en: str
    holder_name_en: str | None = None
    category: str | None = None
    """Physician practice category: a code (``CLINICAL`` …) or printed text."""
    scope: str | None = None
    """Physician practice scope (specialty), printed as given."""
    institution_name: str | None = None
    """The practitioner's (primary) institution."""
    institution_type: str | None = None
    """Institution type: a code (``GENERAL_HOSPITAL`` …) or printed text."""
    subjects: tuple[str, ...] = ()
    """Diagnosis and treatment subjects (诊疗科目) of an institution."""
    address: str | None = None
    legal_representative: str | None = None
    sex: str | None = None
    """A practitioner's sex: ``FEMALE`` or ``MALE`` (or printed text)."""
    birth_year: int | None = None
    """The year only: a full birth date beside the masked ID number would rebuild it."""
    id_number_masked: str | None = None
    """The resident ID number masked by the caller (``core.crypto.mask_id_number``: digits 1–4
    and 15–18), never by this package."""
    qualification_number: str | None = None
    """A physician's qualification certificate number (医师资格证书编码)."""
    practice_place: str | None = None
    """Place of practice (执业地点): the district of the practitioner's institution."""
    practice_place_en: str | None = None
    institution_name_en: str | None = None


@dataclass(frozen=True, kw_only=True)
class LicenceData(LicenceContent):
    """Everything printed on one version of a licence; stored as the licence's snapshot."""

    version: int
    issued_at: datetime

    @classmethod
    def of(cls, content: LicenceContent, *, version: int, issued_at: datetime) -> LicenceData:
        values = {f.name: getattr(content, f.name) for f in fields(LicenceContent)}
        return cls(**values, version=version, issued_at=issued_at)

    def to_json(self) -> dict[str, Any]:
        # Every field is a flat value: a shallow copy, not asdict's deep one (bulk issues
        # serialise hundreds of thousands of these).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["kind"] = self.kind.value
        data["valid_from"] = self.valid_from.isoformat()
        data["valid_until"] = self.valid_until.isoformat() if self.valid_until else None
        data["issued_at"] = self.issued_at.isoformat()
        data["subjects"] = list(self.subjects)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LicenceData:
        values = dict(data)
        values["kind"] = LicenceKind(values["kind"])
        values["valid_from"] = date.fromisoformat(values["valid_from"])
        until = values.get("valid_until")
        values["valid_until"] = date.fromisoformat(until) if until else None
        values["issued_at"] = datetime.fromisoformat(values["issued_at"])
        values["subjects"] = tuple(values.get("subjects") or ())
        # Snapshots stored before a field existed lack its key: the field's default applies.
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass(frozen=True)
class LicenceRequest:
    """Issue (or re-issue) a licence for one version of a registration.

    ``(holder_ref, registration_version)`` identifies the request: asking twice yields the
    same licence row, so retried events never issue twice.
    """

    holder_ref: str
    """Opaque id of the registration the licence belongs to."""
    registration_version: int
    content: LicenceContent
