"""Signing in with the government identity provider. A subject a system administrator linked
to a staff account finds that account. Otherwise the verified resident ID number finds the
person by its blind index and the verified name must match the record. A person with a
personal account is signed in without a password; a person without one is activated in one
step (the account is created, linked and audited) and signed in. An account with a second
factor is only found here: ``identity.oidc_second_factor`` signs it in. Every other case is one
``NotMatched``: the answer never tells whether an ID number is on record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Role
from core import audit
from core.errors import ValidationFailed
from directory import service as directory
from directory import validation
from directory.models import Person
from identity import sessions
from identity.accounts import create_personal_account, find_by_login_key, personal_login_key
from identity.activation import same_name
from identity.config import IdentityConfig, OidcConfig
from identity.models import Account, AccountKind, AccountStatus
from identity.signin import needs_totp


class NotMatched(Exception):
    """No account may be signed in; ``reason`` is a short word for the log, never shown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class VerifiedIdentity:
    """What the provider vouches for."""

    subject: str
    name: str
    id_number: str

    def __repr__(self) -> str:  # the ID number stays out of logs and tracebacks
        return f"VerifiedIdentity(subject={self.subject!r})"


def identity_from_claims(claims: dict[str, Any], config: OidcConfig) -> VerifiedIdentity:
    name = claims.get(config.name_claim)
    number = claims.get(config.id_number_claim)
    subject = claims.get("sub")
    if not (isinstance(name, str) and isinstance(number, str) and isinstance(subject, str)):
        raise NotMatched("claims_missing")
    return VerifiedIdentity(subject=subject, name=name, id_number=number)


async def _person(session: AsyncSession, identity: VerifiedIdentity) -> Person:
    try:
        number = validation.resident_id(identity.id_number).number
    except ValidationFailed:
        raise NotMatched("id_number_invalid") from None
    person = await directory.find_person_by_id_number(session, number)
    if person is None:
        raise NotMatched("no_person")
    if not same_name(person.name, identity.name):
        raise NotMatched("name_mismatch")
    return person


async def _activate(session: AsyncSession, actor: Actor, person: Person) -> Account:
    """The personal account of a person on record, created without a password. It signs in
    with the mobile on the record, so a record without one, or whose mobile another account
    already uses, is not activated here."""
    mobile = directory.reveal_mobile(session, person)
    if mobile is None:
        raise NotMatched("no_mobile_on_record")
    if await find_by_login_key(session, personal_login_key(session, mobile)):
        raise NotMatched("mobile_taken")
    account = await create_personal_account(
        session, person=person, mobile=mobile, password_hash=None
    )
    await audit.record(
        session,
        audit.AuditActor(str(account.id), Role.PRACTITIONER.value, actor.client_address),
        "identity.account.activate_oidc",
        target_type="account",
        target_id=account.id,
        summary={"person_id": str(person.id), "kind": AccountKind.PERSONAL.value},
    )
    return account


async def _linked_staff(session: AsyncSession, subject: str) -> Account | None:
    """The staff account a system administrator linked to ``subject``; it must be usable and
    have its authenticator, which the second factor asks for."""
    account = await session.scalar(select(Account).where(Account.oidc_subject == subject))
    if account is None:
        return None
    if (
        account.status is not AccountStatus.ACTIVE
        or account.recovery_required_at is not None
        or account.totp_enabled_at is None
    ):
        raise NotMatched("account_inactive")
    return account


@dataclass(frozen=True)
class SignedOn:
    """Who the provider's answer stands for, and the session when no second factor is due."""

    account: Account
    new_session: sessions.NewSession | None
    """None: the account has a second factor, which the portal asks for next."""


async def sign_on(
    session: AsyncSession,
    actor: Actor,
    claims: dict[str, Any],
    *,
    oidc: OidcConfig,
    config: IdentityConfig,
    user_agent: str | None = None,
) -> SignedOn:
    """A subject linked to a staff account leads to that account (never to a practitioner
    match); otherwise the verified name and ID number find the practitioner."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise NotMatched("claims_missing")
    staff = await _linked_staff(session, subject)
    if staff is not None:
        return SignedOn(staff, None)
    person = await _person(session, identity_from_claims(claims, oidc))
    account = await session.scalar(select(Account).where(Account.person_id == person.id))
    if account is None:
        account = await _activate(session, actor, person)
    elif account.kind is not AccountKind.PERSONAL or account.status is not AccountStatus.ACTIVE:
        raise NotMatched("account_inactive")
    elif account.recovery_required_at is not None:
        raise NotMatched("recovery_required")
    if needs_totp(account):
        return SignedOn(account, None)
    new = await sessions.start_session(
        session,
        account,
        config.sessions,
        client_address=actor.client_address,
        user_agent=user_agent,
    )
    await audit.record(
        session,
        audit.AuditActor(str(account.id), None, actor.client_address),
        "identity.session.start",
        target_type="account",
        target_id=account.id,
        summary={"session_id": str(new.row.id), "method": "oidc"},
    )
    return SignedOn(account, new)
