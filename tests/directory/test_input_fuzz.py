"""The directory's validators and its create functions under generated input: any text gives
either a value or a ``ValidationFailed`` naming the field with a known code, never another
exception; valid identifiers as people type them are accepted and normalised; names with
rare and Supplementary-Plane characters come back from the database unchanged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import SYSTEM
from core.errors import Conflict, DomainError, Problem, ValidationFailed
from directory import service, validation
from directory.errors import DirectoryProblem
from directory.models import Institution, InstitutionLevel, InstitutionType, Person
from tests import factories
from tests.factories import inputs

T = TypeVar("T")
KNOWN_CODES = {*DirectoryProblem, *Problem}
FAST = settings(max_examples=inputs.examples(300), deadline=None, database=None)
IN_DATABASE = settings(
    max_examples=inputs.examples(25),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
VALIDATORS: dict[str, Callable[[str], Any]] = {
    "idNumber": validation.resident_id,
    "uscc": validation.social_credit_code,
    "mobile": validation.mobile,
    "name": validation.name,
}


def refusal(check: Callable[[str], Any], value: str) -> ValidationFailed | None:
    try:
        check(value)
    except ValidationFailed as exc:
        return exc
    return None


async def refused_or(call: Awaitable[T]) -> T | DomainError:
    """The result, or the domain error refusing it (any other exception escapes)."""
    try:
        return await call
    except DomainError as exc:
        return exc


@pytest.mark.parametrize("field", sorted(VALIDATORS))
@FAST
@given(value=inputs.hostile_text())
def test_a_validator_answers_any_text_with_a_value_or_a_coded_problem(
    field: str, value: str
) -> None:
    problem = refusal(VALIDATORS[field], value)
    if problem is not None:
        assert isinstance(problem, ValidationFailed)
        assert [p.field for p in problem.problems] == [field]
        assert problem.reason in KNOWN_CODES


@FAST
@given(typed=inputs.typed_resident_ids())
def test_resident_ids_as_typed_are_accepted(typed: tuple[str, str]) -> None:
    text, number = typed
    assert validation.resident_id(text).number == number


@FAST
@given(number=inputs.social_credit_codes())
def test_social_credit_codes_are_accepted_in_either_case(number: str) -> None:
    assert validation.social_credit_code(number) == number
    assert validation.social_credit_code(f" {number.lower()} ") == number


@FAST
@given(typed=inputs.typed_mobiles())
def test_mobiles_as_typed_are_accepted(typed: tuple[str, str]) -> None:
    text, number = typed
    assert validation.mobile(text) == number


@FAST
@given(name=inputs.names())
def test_names_keep_every_character(name: str) -> None:
    assert validation.name(name) == name


@IN_DATABASE
@given(name=inputs.names(), id_number=inputs.resident_ids(), mobile=inputs.typed_mobiles())
async def test_a_person_comes_back_from_the_database_unchanged(
    session: AsyncSession, name: str, id_number: str, mobile: tuple[str, str]
) -> None:
    async with session.begin_nested() as savepoint:
        person = await refused_or(
            service.create_person(session, SYSTEM, name=name, id_number=id_number, mobile=mobile[0])
        )
        if isinstance(person, DomainError):  # the same ID number drawn twice
            assert person.reason is DirectoryProblem.PERSON_ON_FILE
            await savepoint.rollback()
            return
    session.expunge(person)
    stored = await session.scalar(select(Person).where(Person.id == person.id))
    assert stored is not None
    assert stored.name == name
    assert stored is not person


TEXT = inputs.hostile_text(max_size=130)


@IN_DATABASE
@given(
    uscc=st.one_of(inputs.social_credit_codes(), TEXT),
    name=st.one_of(inputs.names(), inputs.sip_names(), TEXT),
    licence_number=st.one_of(st.text(alphabet="PDY0123456789", min_size=1, max_size=40), TEXT),
    address=st.one_of(st.just(""), TEXT),
    legal_representative=st.one_of(st.just(""), inputs.names(), TEXT),
    contact_name=st.one_of(st.none(), inputs.names(), TEXT),
    contact_mobile=st.one_of(st.none(), inputs.typed_mobiles().map(lambda t: t[0]), TEXT),
    beds=st.integers(min_value=-5, max_value=5000),
)
async def test_creating_an_institution_succeeds_or_says_why(
    session: AsyncSession,
    uscc: str,
    name: str,
    licence_number: str,
    address: str,
    legal_representative: str,
    contact_name: str | None,
    contact_mobile: str | None,
    beds: int,
) -> None:
    data = service.InstitutionInput(
        uscc=uscc,
        licence_number=licence_number,
        name=name,
        type=InstitutionType.CLINIC,
        level=InstitutionLevel.PRIMARY,
        beds=beds,
        district_code="310115",
        authority_code="310115",
        address=address,
        legal_representative=legal_representative,
        contact_name=contact_name,
        contact_mobile=contact_mobile,
    )
    async with session.begin_nested() as savepoint:
        institution = await refused_or(service.create_institution(session, SYSTEM, data))
        if isinstance(institution, DomainError):
            assert institution.reason in KNOWN_CODES, institution
            await savepoint.rollback()
            return
    session.expunge(institution)
    stored = await session.scalar(select(Institution).where(Institution.id == institution.id))
    assert stored is not None
    assert stored.name == validation.name(name)
    assert stored.legal_representative == legal_representative.strip()


async def test_a_supplementary_plane_name_is_stored_as_given(session: AsyncSession) -> None:
    person = await factories.person(session, name="王𠈌")
    session.expunge(person)
    stored = await session.scalar(select(Person.name).where(Person.id == person.id))
    assert stored == "王𠈌"


async def test_a_practice_licence_number_on_file_is_a_conflict(session: AsyncSession) -> None:
    """Found by the test above: the second institution was an IntegrityError."""
    first = await factories.institution(session)
    data = service.InstitutionInput(
        uscc=factories.social_credit_code(),
        licence_number=f" {first.licence_number} ",
        name="另一家诊所",
        type=InstitutionType.CLINIC,
        level=InstitutionLevel.PRIMARY,
        beds=0,
        district_code="310115",
        authority_code="310115",
    )
    conflict = await refused_or(service.create_institution(session, SYSTEM, data))
    assert isinstance(conflict, Conflict)
    assert conflict.reason is DirectoryProblem.PRACTICE_LICENCE_TAKEN
    assert conflict.params == {"licenceNumber": first.licence_number}
