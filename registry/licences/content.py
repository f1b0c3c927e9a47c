"""What a licence prints about its holder and place of practice, from the registry's records.

Shared by ``events.licence_content`` (one registration, in the completing transaction) and
the demo's bulk issue, so both print the same fields the same way."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.crypto import mask_id_number
from directory.models import Sex
from directory.pinyin import name_in_pinyin
from directory.regions import place_of


def person_fields(*, name: str, sex: Sex, birth_date: date, id_number: str) -> dict[str, Any]:
    """Name with its pinyin, sex, birth year and the ID number masked as everywhere else
    (digits 1–4 and 15–18): the one masking rule, so that no two documents or pages a
    non-owner sees together rebuild the number (DESIGN §7)."""
    return {
        "holder_name": name,
        "holder_name_en": name_in_pinyin(name),
        "sex": sex.value,
        "birth_year": birth_date.year,
        "id_number_masked": mask_id_number(id_number),
    }


def place_fields(*, name: str, name_en: str | None, district_code: str) -> dict[str, Any]:
    """The (primary) institution and the place of practice: its district."""
    place = place_of(district_code)
    return {
        "institution_name": name,
        "institution_name_en": name_en,
        "practice_place": place[0] if place else None,
        "practice_place_en": place[1] if place else None,
    }
