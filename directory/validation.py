"""Checks of identifiers and contact data; each failure names the field it is about."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import phonenumbers
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum
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
    """A mainland resident ID (GB 11643): 18 characters, a valid birth date, an area code
    that exists or once existed, and the check digit.

    python-stdnum also requires the area code to have existed in the birth year; but the
    code records where the number was first issued, often years after birth (Pudong's
    310115 dates from 1992 and is held by people born in 1986), so any period counts here."""
    number = value.strip().upper()
    if not (len(number) == 18 and number.isascii() and number.isalnum()):
        number = ric.compact(number)
    if len(number) != 18 or not (number[:17].isascii() and number[:17].isdigit()):
        raise ValidationFailed.on(
            field, "not a valid resident ID number (18 characters)", DirectoryProblem.ID_FORMAT
        )
    if number[17] != _check_digit(number[:17]):
        raise ValidationFailed.on(
            field, "the check digit does not match", DirectoryProblem.ID_CHECKSUM
        )
    try:
        born = ric.get_birth_date(number)
    except (StdnumError, ValueError) as exc:
        raise ValidationFailed.on(
            field, "the birth date in the number is not a date", DirectoryProblem.BIRTH_DATE_INVALID
        ) from exc
    if not _area_ever_existed(number[:6]):
        raise ValidationFailed.on(
            field, "the area code never existed", DirectoryProblem.ID_AREA_UNKNOWN
        )
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return ResidentId(number=number, sex=sex, birth_date=born)


def _check_digit(body: str) -> str:
    """GB 11643's check character of the 17 digits (``stdnum.cn.ric.calc_check_digit``'s
    formula, without its second clean-up of an already clean number)."""
    checksum = (1 - 2 * int(body, 13)) % 11
    return "X" if checksum == 10 else str(checksum)


@lru_cache(maxsize=8192)  # a few thousand codes ever existed; imports check 200,000 numbers
def _area_ever_existed(code: str) -> bool:
    """A county-level code in GB/T 2260, in any period (stdnum's ``cn/loc`` data)."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return "county" in info


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
    return text(cleaned, field=field, max_length=max_length)


def text(value: str, *, field: str, max_length: int) -> str:
    """Free text of a record (a name, an address, a licence number): trimmed, at most
    ``max_length`` characters (the column's size), no control characters (PostgreSQL cannot
    store NUL, and none belongs in a registry)."""
    cleaned = value.strip()
    if len(cleaned) > max_length:
        raise ValidationFailed.on(
            field, f"must be at most {max_length} characters", Problem.TOO_LONG, maximum=max_length
        )
    if not cleaned.isprintable() and any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise ValidationFailed.on(field, "must not contain control characters", Problem.INVALID)
    return cleaned
