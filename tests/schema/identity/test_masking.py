"""One masking rule for the whole API: a non-owner sees a masked ID number (digits 1–4 and
15–18) with at most the birth year, so the check digit can never rebuild the hidden digits."""

from __future__ import annotations

from datetime import date, timedelta

from graphql import GraphQLObjectType
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from core.crypto import mask_id_number
from directory import models as rm
from schema.identity.types import PersonSummary
from schema.root import build_schema

OWNER_ONLY = {"PersonalProfile"}  # the signed-in person's own record


def _valid_id(area: str, born: date, sequence: int) -> str:
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def _candidates(summary: PersonSummary) -> list[str]:
    """Every ID number consistent with what the summary shows."""
    masked = summary.id_number_masked
    found = []
    day = date(summary.birth_year, 1, 1)
    while day.year == summary.birth_year:
        for hidden in range(100):
            first17 = f"{masked[:4]}{hidden:02d}{day:%Y%m%d}{masked[14:17]}"
            number = first17 + ric.calc_check_digit(first17 + "0")
            if number[-1] == masked[-1]:
                found.append(number)
        day += timedelta(days=1)
    return found


@settings(max_examples=15, deadline=None)
@given(
    area=st.sampled_from(["310101", "310104", "310115", "310151", "110105", "440305"]),
    born=st.dates(min_value=date(1940, 1, 1), max_value=date(2006, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_a_person_summary_never_determines_the_id_number(
    area: str, born: date, sequence: int
) -> None:
    number = _valid_id(area, born, sequence)
    person = rm.Person(
        name="张晓华",
        id_number_masked=mask_id_number(number),
        sex=rm.Sex.MALE if int(number[16]) % 2 else rm.Sex.FEMALE,
        birth_date=born,
    )
    candidates = _candidates(PersonSummary.from_model(person))
    assert number in candidates
    assert len(candidates) >= 100


def test_no_type_shows_a_masked_id_number_beside_a_birth_date() -> None:
    schema = build_schema()._schema
    for name, type_ in schema.type_map.items():
        if not isinstance(type_, GraphQLObjectType) or name in OWNER_ONLY:
            continue
        fields = set(type_.fields)
        assert not ({"idNumberMasked", "birthDate"} <= fields), name
        assert "idNumber" not in fields, name
