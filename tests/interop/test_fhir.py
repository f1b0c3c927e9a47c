"""The FHIR registry over HTTP: every answer parses with ``fhir.resources`` (R4B), searches
and paging, incremental sync by ``_lastUpdated``, no ID number or mobile anywhere."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.practitioner import Practitioner
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FixedClock
from directory.models import Institution, Person
from registry.registrations.models import Registration, RegistrationStatus
from tests.factories import directory
from tests.factories.machine import bearer
from tests.factories.workflow import registration

FHIR = "application/fhir+json"


@pytest.fixture
async def client(machine_http: httpx.AsyncClient, session: AsyncSession) -> httpx.AsyncClient:
    """The registry as a client with ``fhir.read`` sees it."""
    machine_http.headers.update(await bearer(machine_http, session))
    return machine_http


async def get(client: httpx.AsyncClient, path: str, **params: Any) -> dict[str, Any]:
    answer = await client.get(f"/fhir/{path}", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(FHIR)
    return dict(answer.json())


async def bundle(client: httpx.AsyncClient, path: str, **params: Any) -> Bundle:
    return Bundle.model_validate(await get(client, path, **params))


async def city(
    session: AsyncSession, clock: FixedClock
) -> tuple[list[Institution], list[Person], list[Registration]]:
    hospitals = [await directory.institution(session, name=f"互联医院{n}") for n in range(3)]
    people, regs = [], []
    for n in range(7):
        clock.advance(timedelta(minutes=1))
        person = await directory.person(session, name=f"互联{n}号")
        people.append(person)
        regs.append(await registration(session, person, hospitals[n % 3]))
    await session.commit()
    return hospitals, people, regs


async def test_metadata_is_a_capability_statement(client: httpx.AsyncClient) -> None:
    statement = CapabilityStatement.model_validate(await get(client, "metadata"))
    assert statement.fhirVersion == "4.0.1"
    kinds = {r.type for r in statement.rest[0].resource}
    assert kinds == {"Organization", "Location", "Practitioner", "PractitionerRole"}


async def test_paging_walks_every_practitioner_once(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await city(session, clock)
    seen: list[str] = []
    page = await bundle(client, "Practitioner", _count=3)
    pages = 1
    while True:
        seen += [e.resource.id for e in page.entry or []]
        following = [link.url for link in page.link if link.relation == "next"]
        if not following:
            break
        url = httpx.URL(following[0])
        answer = await client.get(url.path, params=url.params)
        page = Bundle.model_validate(answer.json())
        pages += 1
    assert len(seen) == len(set(seen)) == 7
    assert pages == 3
    for entry in (await bundle(client, "Practitioner", _count=200)).entry or []:
        Practitioner.model_validate(entry.resource.model_dump())


async def test_search_parameters(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    hospitals, _, regs = await city(session, clock)
    by_licence = await bundle(client, "Practitioner", identifier=regs[2].number)
    assert [e.resource.id for e in by_licence.entry] == [str(regs[2].practitioner_id)]
    by_name = await bundle(client, "Practitioner", name="互联4")
    assert len(by_name.entry) == 1
    org = await bundle(client, "Organization", identifier=hospitals[1].uscc)
    assert [e.resource.id for e in org.entry] == [str(hospitals[1].id)]
    roles = await bundle(client, "PractitionerRole", organization=f"Organization/{hospitals[0].id}")
    assert {e.resource.id for e in roles.entry} == {str(r.id) for r in regs[0::3]}
    loc = await bundle(client, "Location", organization=str(hospitals[2].id))
    assert loc.entry[0].resource.managingOrganization.reference == f"Organization/{hospitals[2].id}"
    mine = await bundle(client, "PractitionerRole", practitioner=str(regs[5].practitioner_id))
    role = mine.entry[0].resource
    assert role.identifier[0].value == regs[5].number
    assert role.active is True
    assert role.period.start.isoformat() == "2022-01-10"


async def test_last_updated_returns_exactly_the_changes(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    _, _, regs = await city(session, clock)
    everything = await bundle(client, "PractitionerRole", _count=100)
    assert len(everything.entry) == 7
    mark = max(e.resource.meta.lastUpdated for e in everything.entry)
    clock.advance(timedelta(minutes=30))
    for reg in (regs[1], regs[4]):
        reg.status = RegistrationStatus.SUSPENDED
        reg.updated_at = clock.now()
    await session.commit()
    since = mark.isoformat()
    changed = await bundle(client, "PractitionerRole", _lastUpdated=f"gt{since}")
    assert {e.resource.id for e in changed.entry} == {str(regs[1].id), str(regs[4].id)}
    assert all(e.resource.active is False for e in changed.entry)
    none = await bundle(client, "PractitionerRole", _lastUpdated=f"gt{clock.now().isoformat()}")
    assert not none.entry


async def test_no_id_number_or_mobile_in_any_resource(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    from core.crypto import keyring_of

    _, people, _ = await city(session, clock)
    text = "".join(
        [
            (await client.get(f"/fhir/{kind}", params={"_count": 200})).text
            for kind in ("Organization", "Location", "Practitioner", "PractitionerRole")
        ]
    )
    keys = keyring_of(session)
    for person in people:
        id_number = keys.decrypt(
            person.id_number_enc, table="person", column="id_number", row_id=person.id
        )
        assert person.mobile_enc is not None
        mobile = keys.decrypt(person.mobile_enc, table="person", column="mobile", row_id=person.id)
        assert person.name in text  # the page holds these people
        for secret in (id_number, person.id_number_masked, mobile, person.mobile_masked):
            assert secret
            assert secret not in text
        assert person.birth_date.isoformat() not in text


async def test_bad_searches_are_operation_outcomes(client: httpx.AsyncClient) -> None:
    cases = {
        ("Practitioner", "_count", "0"): "INVALID_COUNT",
        ("Practitioner", "_count", "5000"): "INVALID_COUNT",
        ("Practitioner", "_lastUpdated", "gtyesterday"): "INVALID_DATE",
        ("Practitioner", "birthdate", "1990"): "UNKNOWN_PARAMETER",
        ("PractitionerRole", "organization", "Organization/x"): "INVALID_REFERENCE",
        ("Organization", "active", "maybe"): "INVALID_TOKEN",
        ("Location", "_page", "garbage!"): "INVALID_PAGE",
    }
    for (kind, name, value), code in cases.items():
        answer = await client.get(f"/fhir/{kind}", params={name: value})
        assert answer.status_code == 400
        problem = OperationOutcome.model_validate(answer.json())
        assert problem.issue[0].details.coding[0].code == code
    missing = await client.get("/fhir/Practitioner/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert (await client.get("/fhir/Patient")).status_code == 404
