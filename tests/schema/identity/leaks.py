"""What must not leak: every ID number and mobile on file, with whom it belongs to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import keyring_of
from directory.models import Institution, Person
from directory.service import reveal_id_number, reveal_mobile
from identity import codes
from identity.disputes import claimant_mobile
from identity.models import Account, AccountSession, Dispute, OneTimeCode
from identity.notifications import account_mobile
from identity.sessions import token_hash
from tests.factories.accounts import POLICY


@dataclass(frozen=True)
class Owner:
    account_id: uuid.UUID
    person_id: uuid.UUID | None


@dataclass(frozen=True)
class Secret:
    value: str
    account_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None


async def collect_secrets(session: AsyncSession) -> list[Secret]:
    found: list[Secret] = []
    for person in (await session.scalars(select(Person))).all():
        found.append(Secret(reveal_id_number(session, person), person_id=person.id))
        mobile = reveal_mobile(session, person)
        if mobile:
            found.append(Secret(mobile, person_id=person.id))
    for account in (await session.scalars(select(Account))).all():
        mobile = account_mobile(session, account)
        if mobile:
            found.append(Secret(mobile, account_id=account.id, person_id=account.person_id))
    for row in (await session.scalars(select(OneTimeCode))).all():
        if row.mobile_enc is not None:
            found.append(Secret(codes.reveal_mobile(session, row), account_id=row.account_id))
        if row.id_number_enc is not None:
            found.append(Secret(codes.reveal_id_number(session, row)))
    for dispute in (await session.scalars(select(Dispute))).all():
        claimant = dispute.claimant_account_id
        found.append(Secret(claimant_mobile(session, dispute), account_id=claimant))
        if claimant is not None:  # the number the claimant typed is theirs to see again
            claimed = await session.get(Person, dispute.person_id)
            assert claimed is not None
            found.append(Secret(reveal_id_number(session, claimed), account_id=claimant))
    for institution in (await session.scalars(select(Institution))).all():
        if institution.contact_mobile_enc is not None:
            found.append(
                Secret(
                    keyring_of(session).decrypt(
                        institution.contact_mobile_enc,
                        table="institution",
                        column="contact_mobile",
                        row_id=institution.id,
                    )
                )
            )
    return found


def _token(request: httpx.Request, response: httpx.Response) -> str | None:
    issued = response.cookies.get(POLICY.cookie_name)
    if issued:
        return issued
    header = request.headers.get("cookie", "")
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == POLICY.cookie_name and value:
            return value
    return None


async def owner_of(
    session: AsyncSession, request: httpx.Request, response: httpx.Response
) -> Owner | None:
    token = _token(request, response)
    if not token:
        return None
    row = await session.scalar(
        select(AccountSession).where(AccountSession.token_hash == token_hash(token))
    )
    if row is None:
        return None
    account = await session.get(Account, row.account_id)
    assert account is not None
    return Owner(account.id, account.person_id)


def visible_secrets(secrets: list[Secret], owner: Owner | None) -> set[str]:
    """The values ``owner`` must not see: everything except their own numbers."""
    own: set[str] = set()
    if owner is not None:
        own = {
            s.value
            for s in secrets
            if (s.account_id is not None and s.account_id == owner.account_id)
            or (s.person_id is not None and s.person_id == owner.person_id)
        }
    return {s.value for s in secrets} - own


async def leaks_in(
    session: AsyncSession,
    exchanges: list[tuple[httpx.Request, httpx.Response]],
    log_text: str,
) -> list[str]:
    """Every place a number showed where it must not: a response to someone who does not
    own it, or any log line."""
    secrets = await collect_secrets(session)
    found = []
    for request, response in exchanges:
        owner = await owner_of(session, request, response)
        body = response.text
        found.extend(
            f"response to {owner} on {request.url.path}"
            for value in visible_secrets(secrets, owner)
            if value in body
        )
    found.extend("a log line" for value in visible_secrets(secrets, None) if value in log_text)
    return found
