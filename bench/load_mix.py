"""What bench/load.py sends: one GraphQL document per page of each role, and the demo data
they need (ids, a licence token, session cookies of an officer, an institution operator and a
practitioner, made directly in the database so no TOTP or password is involved)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

DIRECTORY = (
    "{ institutions(first: 20) { edges { node { id name type district { code nameZh } } }"
    " pageInfo { hasNextPage endCursor } } }"
)
INSTITUTION = (
    "query I($id: ID!) { institution(id: $id) { id name nameEn type level beds address status"
    " subjects district { code nameZh } authority { code nameZh nameEn } } }"
)
VERIFY = (
    "query V($token: String!) { verifyLicence(token: $token) { status number version kind"
    " holderName validUntil statusAsOf issuer { code nameZh } } }"
)
LOOKUP = (
    "query L($number: String!, $name: String!) { lookupLicence(number: $number,"
    " holderName: $name) { __typename ... on LicenceVerification { status number version } } }"
)
WORKBENCH = (
    "{ workbench(first: 20) { edges { node { id number status deadline submittedAt"
    " item { code nameZh } institution { id name } } } pageInfo { hasNextPage endCursor } } }"
)
ROSTER = (
    "query R($id: ID!) { institutionRoster(institutionId: $id, first: 50) { edges { node {"
    " id name number status profession relation expiringSoon validUntil } }"
    " pageInfo { hasNextPage endCursor } } }"
)
MY_APPLICATIONS = (
    "{ myApplications(first: 20) { nodes { id number subject subjectName status version"
    " deadline overdue currentStep createdAt submittedAt waitingOn { party name }"
    " item { code nameZh nameEn } institution { id name nameEn } }"
    " pageInfo { hasNextPage endCursor } } }"
)
MY_LICENCES = (
    "{ myLicences { id number version kind status holderName issuedAt validFrom validUntil"
    " signedAt downloadUrl verifyUrl category scope institutionName"
    " issuer { code nameZh nameEn } } }"
)
CERTIFICATION_QUEUE = (
    "{ certificationQueue(first: 20) { nodes { id profession status requestedAt"
    " person { name idNumberMasked sex birthYear } institution { id name nameEn } }"
    " pageInfo { hasNextPage endCursor } } }"
)


@dataclass(frozen=True)
class Request:
    """One entry of the mix: a name, the path, the JSON body and the cookie (or none)."""

    name: str
    path: str
    body: dict[str, Any]
    cookie: str | None = None
    ceiling_of: str | None = None
    """For a hand-written route: the GraphQL entry it stands beside."""


@dataclass(frozen=True)
class Fixture:
    institution_id: str
    roster_institution_id: str
    token: str
    licence_number: str
    holder_name: str
    officer: str
    operator: str
    practitioner: str


async def make_fixture(url: str, settings: Any) -> Fixture:
    from sqlalchemy import func, select

    from certificates.models import Licence
    from core.db import create_engine, session_factory
    from core.uow import unit_of_work
    from directory.models import Institution
    from identity.models import Account, AccountKind, AccountStatus, RoleGrant
    from identity.sessions import start_session
    from schema.node import to_global_id

    policy = settings.identity_config().sessions
    engine = create_engine(url)
    try:
        async with unit_of_work(session_factory(engine, keyring=settings.keyring)) as session:
            first = await session.scalar(select(Institution).order_by(Institution.name).limit(1))
            licence = await session.scalar(
                select(Licence).where(Licence.token.is_not(None)).order_by(Licence.number).limit(1)
            )
            if first is None or licence is None:
                raise SystemExit("load the demo first")

            async def cookie(account: Account | None) -> str:
                assert account is not None, "the demo sign-ins are missing"
                new = await start_session(session, account, policy, client_address="127.0.0.1")
                return f"{policy.cookie_name}={new.token}"

            officer = await session.scalar(
                select(Account).where(Account.username == "pudong.officer")
            )
            operator = await session.scalar(
                select(Account).where(Account.username == "hospital.operator")
            )
            assert operator is not None
            hospital = await session.scalar(
                select(RoleGrant.institution_id).where(
                    RoleGrant.account_id == operator.id, RoleGrant.institution_id.is_not(None)
                )
            )
            practitioner = await session.scalar(
                select(Account)
                .where(Account.kind == AccountKind.PERSONAL, Account.status == AccountStatus.ACTIVE)
                .order_by(Account.created_at, func.coalesce(Account.username, ""), Account.id)
                .limit(1)
            )
            return Fixture(
                institution_id=to_global_id("Institution", first.id),
                roster_institution_id=to_global_id("Institution", uuid.UUID(str(hospital))),
                token=licence.token or "",
                licence_number=licence.number,
                holder_name=licence.holder_name,
                officer=await cookie(officer),
                operator=await cookie(operator),
                practitioner=await cookie(practitioner),
            )
    finally:
        await engine.dispose()


def fixture(url: str, settings: Any) -> Fixture:
    return asyncio.run(make_fixture(url, settings))


def mix(f: Fixture) -> list[Request]:
    """The pages of each role, then the hand-written ceilings of two of them."""

    def gql(query: str, **variables: Any) -> dict[str, Any]:
        return {"query": query, "variables": variables} if variables else {"query": query}

    return [
        Request("directory", "/graphql", gql(DIRECTORY)),
        Request("institution", "/graphql", gql(INSTITUTION, id=f.institution_id)),
        Request("verifyLicence", "/graphql", gql(VERIFY, token=f.token)),
        Request(
            "lookupLicence",
            "/graphql",
            gql(LOOKUP, number=f.licence_number, name=f.holder_name),
        ),
        Request("workbench", "/graphql", gql(WORKBENCH), f.officer),
        Request("roster", "/graphql", gql(ROSTER, id=f.roster_institution_id), f.operator),
        Request("myApplications", "/graphql", gql(MY_APPLICATIONS), f.practitioner),
        Request("myLicences", "/graphql", gql(MY_LICENCES), f.practitioner),
        Request("certificationQueue", "/graphql", gql(CERTIFICATION_QUEUE), f.operator),
        Request("hand directory", "/hand/directory", {}, None, "directory"),
        Request("hand workbench", "/hand/workbench", {}, f.officer, "workbench"),
    ]
