"""Normalisation of one cell: what the old systems' clerks typed, written the way the registry
stores it. Every function returns the value and the normalisations it applied (never silent)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from directory.regions import DISTRICTS
from registry.imports.reasons import ImportReason

R = ImportReason
Changes = list[ImportReason]

_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")

# Former districts (GB/T 2260, merged since) → their successors; and traditional spellings.
_HISTORICAL = {
    "卢湾区": "310101",
    "南市区": "310101",
    "闸北区": "310106",
    "南汇区": "310115",
    "崇明县": "310151",
}
_TRADITIONAL = str.maketrans(
    {
        "黃": "黄",
        "匯": "汇",
        "長": "长",
        "寧": "宁",
        "靜": "静",
        "楊": "杨",
        "閔": "闵",
        "寶": "宝",
        "東": "东",
        "區": "区",
        "賢": "贤",
        "縣": "县",
        "灣": "湾",
        "閘": "闸",
        "滙": "汇",
        "彙": "汇",
        "滬": "沪",
    }
)
_DISTRICT_BY_NAME: dict[str, str] = {}
for _code, (_zh, _en) in DISTRICTS.items():
    for _name in (_zh, _zh.removesuffix("区").removesuffix("新"), _en, _en.split()[0]):
        _DISTRICT_BY_NAME[_name.casefold().replace("'", "").replace(" ", "")] = _code
for _name, _code in _HISTORICAL.items():
    _DISTRICT_BY_NAME[_name] = _code
    _DISTRICT_BY_NAME[_name[:-1]] = _code

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


class Unrecognised(ValueError):
    """The value cannot be read; ``reason`` says why."""

    def __init__(self, reason: ImportReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def width(value: str, changes: Changes) -> str:
    """Full-width digits, letters and punctuation (and the ideographic space) made
    half-width; nothing else changes (NFKC on the full-width block only)."""
    if value.isascii():
        return value
    folded = "".join(
        unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" or ch == "\u3000" else ch
        for ch in value
    )
    if folded != value:
        changes.append(R.FULL_WIDTH)
    return folded


def compact(value: str, changes: Changes) -> str:
    """An identifier: full width folded, every space removed (inner ones recorded)."""
    folded = width(value, changes).strip()
    joined = _SPACE.sub("", folded)
    if joined != folded:
        changes.append(R.SPACES)
    return joined


def text(value: str, changes: Changes) -> str:
    """Free text: trimmed, runs of spaces made one (recorded when inner spaces changed)."""
    folded = width(value, changes).strip()
    single = _SPACE.sub(" ", folded)
    if single != folded:
        changes.append(R.SPACES)
    return single


def person_name(value: str, changes: Changes) -> str:
    """A Chinese name loses the spaces clerks put between its characters (``张 三``); a
    name in Latin letters keeps one space between its words."""
    cleaned = text(value, changes)
    if _CJK.search(cleaned) and " " in cleaned:
        cleaned = cleaned.replace(" ", "")
        if R.SPACES not in changes:
            changes.append(R.SPACES)
    return cleaned


def id_number(value: str, changes: Changes) -> str:
    number = compact(value, changes)
    if number.endswith("x"):
        changes.append(R.LOWER_X)
        number = number[:-1] + "X"
    return number


def mobile(value: str, changes: Changes) -> str:
    number = compact(value, changes)
    digits = number.replace("-", "").replace("(", "").replace(")", "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if digits != number:
        changes.append(R.MOBILE_PREFIX)
    return digits


def day(value: str, changes: Changes) -> date:
    """``2017-01-05``, ``2017/1/5``, ``2017.1.5``, ``2017年1月5日``, ``20170105`` or an Excel
    serial day number; anything but the first is recorded as reformatted."""
    cleaned = compact(value, changes)
    for i, pattern in enumerate(_DATE_PATTERNS):
        match = pattern.match(cleaned)
        if match:
            try:
                parsed = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise Unrecognised(R.DATE_INVALID) from None
            if i or cleaned != parsed.isoformat():
                changes.append(R.DATE_FORMAT)
            return parsed
    if cleaned.isdigit() and 20_000 <= int(cleaned) <= 80_000:  # an Excel serial day
        changes.append(R.DATE_FORMAT)
        return _EXCEL_EPOCH + timedelta(days=int(cleaned))
    try:
        parsed = datetime.fromisoformat(cleaned).date()
    except ValueError:
        raise Unrecognised(R.DATE_INVALID) from None
    changes.append(R.DATE_FORMAT)
    return parsed


def district(value: str, changes: Changes) -> str:
    """A district code (``310115``) or name (``浦东新区``, ``浦东``, ``Pudong``, ``浦東新區``,
    ``上海市浦东新区``, the former ``南汇区``) → the current code."""
    cleaned = compact(value, changes)
    if cleaned in DISTRICTS:
        return cleaned
    simplified = cleaned.translate(_TRADITIONAL)
    if simplified != cleaned:
        changes.append(R.TRADITIONAL)
    key = simplified.removeprefix("上海市").removeprefix("上海").casefold().replace("'", "")
    code = _DISTRICT_BY_NAME.get(key)
    if code is None:
        raise Unrecognised(R.DISTRICT_UNKNOWN)
    historical = key in _HISTORICAL or key + "区" in _HISTORICAL or key + "县" in _HISTORICAL
    changes.append(R.DISTRICT_HISTORICAL if historical else R.DISTRICT_NAME)
    return code


def whole_number(value: str, changes: Changes) -> int:
    cleaned = compact(value, changes).replace(",", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.lstrip("-").isdigit():
        raise Unrecognised(R.NUMBER_INVALID)
    number = int(cleaned)
    if number < 0:
        raise Unrecognised(R.NEGATIVE)
    return number
