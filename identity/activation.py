"""Personal activation on a phone: name + resident ID number + mobile, then the SMS code and
a password. A person record loaded earlier is claimed; an ID number that another account
already holds, that is on record under another name, or whose record holds another mobile (an
import brought it) is never taken over: the account is
activated without a person and a review (a dispute) is opened silently. Every outcome answers
alike, so activation never tells whether an ID number is on record."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Actor, Role
from core import audit
from core.errors import FieldProblem, KeepChanges, ValidationFailed
from directory import service as directory
from directory import validation
from directory.models import Person
from identity import codes, sessions
from identity.accounts import create_personal_account, find_by_login_key, personal_login_key
from identity.config import IdentityConfig
from identity.disputes import HomeLookup, open_dispute
from identity.errors import IdentityProblem
from identity.models import Account, AccountKind, CodePurpose, DisputeKind
from identity.passwords import check_new_password, hash_password
from identity.throttle import Throttle
from notifications.messages import send_sms


def _validated(name: str, id_number: str, mobile: str) -> tuple[str, str, str]:
    problems: list[FieldProblem] = []
    results: list[str] = []
    for check in (
        lambda: validation.name(name),
        lambda: validation.resident_id(id_number).number,
        lambda: validation.mobile(mobile),
    ):
        try:
            results.append(check())
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationFailed(problems)
    return results[0], results[1], results[2]


async def start_activation(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str,
    id_number: str,
    mobile: str,
    config: IdentityConfig,
    throttle: Throttle,
) -> codes.CodeSent:
    """Send a code to ``mobile``. Nothing is looked up here, so the answer cannot tell
    whether the person, the ID number or the mobile is known."""
    clean_name, number, clean_mobile = _validated(name, id_number, mobile)
    await throttle.code_sent(actor.client_address)
    row, code = await codes.issue(
        session,
        config.codes,
        purpose=CodePurpose.PERSONAL_ACTIVATION,
        mobile=clean_mobile,
        name=clean_name,
        id_number=number,
        id_number_index=directory.id_number_index(session, number),
    )
    await send_sms(
        session,
        clean_mobile,
        "activation_code",
        {"code": code, "minutes": codes.minutes(config.codes)},
    )
    await audit.record(
        session,
        actor.audit(),
        "identity.activation.start",
        target_type="one_time_code",
        target_id=row.id,
    )
    return codes.answer(row, config.codes)


async def resend_activation(
    session: AsyncSession,
    actor: Actor,
    *,
    activation_id: uuid.UUID | None,
    config: IdentityConfig,
    throttle: Throttle,
) -> codes.CodeSent:
    row = await codes.find(session, activation_id, CodePurpose.PERSONAL_ACTIVATION)
    code = await codes.resend(session, row, config.codes)
    assert row is not None
    await throttle.code_sent(actor.client_address)
    await send_sms(
        session,
        codes.reveal_mobile(session, row),
        "activation_code",
        {"code": code, "minutes": codes.minutes(config.codes)},
    )
    await audit.record(
        session,
        actor.audit(),
        "identity.activation.resend",
        target_type="one_time_code",
        target_id=row.id,
    )
    return codes.answer(row, config.codes)


async def check_activation_code(
    session: AsyncSession,
    actor: Actor,
    *,
    activation_id: uuid.UUID | None,
    code: str,
    config: IdentityConfig,
) -> codes.CodeSent:
    """Check the SMS code before the password is asked for; the code stays usable for
    ``complete_activation``. A wrong code costs one of the same tries, and an unknown, used
    or expired code gets the answer ``complete_activation`` gives, so this step tells
    nothing the last one would not."""
    row = await codes.find(session, activation_id, CodePurpose.PERSONAL_ACTIVATION)
    checked = await codes.check(session, row, code, config.codes)
    await audit.record(
        session,
        actor.audit(),
        "identity.activation.code_checked",
        target_type="one_time_code",
        target_id=checked.id,
    )
    return codes.answer(checked, config.codes)


def _other_mobile_on_file(session: AsyncSession, person: Person, mobile: str) -> bool:
    """A record that holds another mobile (an import brought it): only that mobile proves
    the claim; from any other the institution or authority checks who is claiming."""
    on_file = directory.reveal_mobile(session, person)
    return on_file is not None and on_file != mobile


def same_name(a: str, b: str) -> bool:
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


async def complete_activation(
    session: AsyncSession,
    actor: Actor,
    *,
    activation_id: uuid.UUID | None,
    code: str,
    password: str,
    config: IdentityConfig,
    user_agent: str | None = None,
    registered_home: HomeLookup | None = None,
) -> tuple[Account, sessions.NewSession]:
    """Check the code, claim or create the person, activate the account and sign it in."""
    row = await codes.find(session, activation_id, CodePurpose.PERSONAL_ACTIVATION)
    name = row.name if row is not None else None
    clean = check_new_password(password, config.passwords, with_mfa=False, context=(name,))
    row = await codes.consume(session, row, code, config.codes)
    assert row.name is not None
    mobile = codes.reveal_mobile(session, row)
    number = codes.reveal_id_number(session, row)
    if await find_by_login_key(session, personal_login_key(session, mobile)):
        raise KeepChanges(
            ValidationFailed.on(
                "mobile",
                "this mobile already signs in to an account: sign in or reset it",
                IdentityProblem.MOBILE_TAKEN,
            )
        )
    password_hash = hash_password(clean, config.passwords)
    person = await directory.find_person_by_id_number(session, number)
    review: DisputeKind | None = None
    holder: Account | None = None
    if person is None:
        person = await directory.create_person(
            session, actor.audit(), name=row.name, id_number=number, mobile=mobile
        )
        action = "identity.account.activate"
    else:
        holder = await session.scalar(select(Account).where(Account.person_id == person.id))
        if not same_name(person.name, row.name):
            review = DisputeKind.NAME_MISMATCH
        elif holder is not None:
            review = DisputeKind.HOLDER
        elif _other_mobile_on_file(session, person, mobile):
            review = DisputeKind.MOBILE_CHANGED
        else:
            directory.set_mobile(session, person, mobile)
        action = "identity.account.claim"
    account = await create_personal_account(
        session,
        person=None if review else person,
        mobile=mobile,
        password_hash=password_hash,
        display_name=row.name,
    )
    if review is not None:
        # Answered exactly as a new activation: whether the ID number is on record, and
        # under which name, is for the review to settle, never for the claimant to learn.
        await open_dispute(
            session,
            actor,
            kind=review,
            person=person,
            holder=holder,
            claimant=account,
            claimant_name=row.name,
            claimant_mobile=mobile,
            registered_home=registered_home,
        )
        action = "identity.account.activate_under_review"
    await audit.record(
        session,
        audit.AuditActor(str(account.id), Role.PRACTITIONER.value, actor.client_address),
        action,
        target_type="account",
        target_id=account.id,
        summary={
            "person_id": None if review else str(person.id),
            "kind": AccountKind.PERSONAL.value,
        },
    )
    new = await sessions.start_session(
        session,
        account,
        config.sessions,
        client_address=actor.client_address,
        user_agent=user_agent,
    )
    return account, new
