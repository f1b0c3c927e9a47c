"""Checks of identifiers and contact data; each failure names the field it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import phonenumbers
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from core.errors import ValidationFailed
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
        raise ValidationFailed.on(field, f"not a valid resident ID number ({exc})") from exc
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return ResidentId(number=number, sex=sex, birth_date=born)


def social_credit_code(value: str, *, field: str = "uscc") -> str:
    try:
        return str(uscc.validate(value.strip().upper()))
    except StdnumError as exc:
        raise ValidationFailed.on(field, f"not a valid unified social credit code ({exc})") from exc


def mobile(value: str, *, field: str = "mobile") -> str:
    """A mainland mobile number, returned as 11 national digits."""
    try:
        parsed = phonenumbers.parse(value.strip(), "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationFailed.on(field, "not a phone number") from exc
    if (
        parsed.country_code != 86
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise ValidationFailed.on(field, "not a valid mainland China mobile number")
    return str(parsed.national_number)


def name(value: str, *, field: str = "name", max_length: int = 64) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationFailed.on(field, "must not be empty")
    if len(cleaned) > max_length:
        raise ValidationFailed.on(field, f"must be at most {max_length} characters")
    return cleaned
