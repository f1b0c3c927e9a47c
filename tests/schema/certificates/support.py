"""A nurse with a signed licence at the Pudong test hospital, made through the workflow."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from certificates.models import Licence
from directory.models import Person, Practitioner, Profession
from registry.catalogue.models import ItemCode
from registry.registrations.models import Registration
from tests.licence_fixtures import licence_rows, sign_all
from tests.registry.workflow.support import City


@dataclass(frozen=True)
class Issued:
    person: Person
    actor: Actor
    number: str
    licence: Licence

    @property
    def token(self) -> str:
        assert self.licence.token is not None
        return self.licence.token


async def issue_nurse_licence(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
    key: str,
    name: str,
) -> Issued:
    """Register ``name`` as a nurse at city.pudong, sign the licence; ``actors[key]`` is the
    nurse."""
    person, applicant = await city.person(name)
    actors[key] = applicant
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    await city.through(await city.apply(applicant, ItemCode.NURSE_FIRST_REGISTRATION, form))
    await session.commit()
    number = await session.scalar(
        select(Registration.number)
        .join(Practitioner, Registration.practitioner_id == Practitioner.id)
        .where(Practitioner.person_id == person.id)
    )
    assert number is not None
    await sign_all(sessions, app)
    (licence,) = await licence_rows(session, number)
    return Issued(person, applicant, number, licence)
