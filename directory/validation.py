"""Checks of identifiers and contact data; each failure names the field it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import phonenumbers
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError

from core.errors import Problem, ValidationFailed
from directory.errors import DirectoryProblem
from directory.models import Sex


@dataclass(frozen=True)
class ResidentId:
    number: str
    sex: Sex
    birth_date: date


def resident_id(value: str, *, field: str = "idNumber") -> ResidentId:
    """A mainland resident ID (GB 11643): 18 characters, valid birth date and check digit."""
    try:
        number = ric.validate(value.strip().upper())
        born = ric.get_birth_date(number)
    except StdnumError as exc:
        message = f"not a valid resident ID number ({exc})"
        raise ValidationFailed.on(field, message, _resident_id_problem(value, exc)) from exc
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return ResidentId(number=number, sex=sex, birth_date=born)


def _resident_id_problem(value: str, exc: StdnumError) -> DirectoryProblem:
    """What stdnum found wrong: the check digit, a component (the birth date, else the area
    code), or the length and characters."""
    if isinstance(exc, InvalidChecksum):
        return DirectoryProblem.ID_CHECKSUM
    if isinstance(exc, InvalidComponent):
        try:
            ric.get_birth_date(value.strip().upper())
        except (StdnumError, ValueError):
            return DirectoryProblem.BIRTH_DATE_INVALID
        return DirectoryProblem.ID_AREA_UNKNOWN
    return DirectoryProblem.ID_FORMAT


def social_credit_code(value: str, *, field: str = "uscc") -> str:
    try:
        return str(uscc.validate(value.strip().upper()))
    except StdnumError as exc:
        problem = (
            DirectoryProblem.USCC_CHECKSUM
            if isinstance(exc, InvalidChecksum)
            else DirectoryProblem.USCC_FORMAT
        )
        message = f"not a valid unified social credit code ({exc})"
        raise ValidationFailed.on(field, message, problem) from exc


def mobile(value: str, *, field: str = "mobile") -> str:
    """A mainland mobile number, returned as 11 national digits."""
    try:
        parsed = phonenumbers.parse(value.strip(), "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationFailed.on(
            field, "not a phone number", DirectoryProblem.MOBILE_FORMAT
        ) from exc
    if parsed.country_code != 86:
        problem = DirectoryProblem.MOBILE_NOT_MAINLAND
    elif (
        not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE
    ):
        problem = DirectoryProblem.MOBILE_FORMAT
    else:
        return str(parsed.national_number)
    raise ValidationFailed.on(field, "not a valid mainland China mobile number", problem)


def name(value: str, *, field: str = "name", max_length: int = 64) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationFailed.on(field, "must not be empty", Problem.REQUIRED)
    if len(cleaned) > max_length:
        raise ValidationFailed.on(
            field, f"must be at most {max_length} characters", Problem.TOO_LONG, maximum=max_length
        )
    return cleaned
