"""Messages to a person: to their account's mobile, else to the one on file."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import keyring_of
from directory.models import Person
from directory.service import reveal_mobile
from identity.models import Account
from notifications.messages import send_sms

log = structlog.get_logger("medreg.notifications")


async def notify_person(
    session: AsyncSession, person_id: uuid.UUID, template: str, params: dict[str, Any]
) -> None:
    """Send ``template`` to a person: to their account's mobile, else the one on file.
    A person without a mobile is skipped (and the skip logged)."""
    account = await session.scalar(select(Account).where(Account.person_id == person_id))
    mobile: str | None = None
    if account is not None and account.mobile_enc is not None:
        mobile = account_mobile(session, account)
    if mobile is None:
        person = await session.get(Person, person_id)
        mobile = reveal_mobile(session, person) if person is not None else None
    if mobile is None:
        log.info("notification skipped: no mobile on file", template=template)
        return
    await send_sms(session, mobile, template, params)


def account_mobile(session: AsyncSession, account: Account) -> str | None:
    if account.mobile_enc is None:
        return None
    return keyring_of(session).decrypt(
        account.mobile_enc, table="account", column="mobile", row_id=account.id
    )
