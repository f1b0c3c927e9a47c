"""What the registry's statistics read from identity, as SQL to join (never rows): which
persons have an activated account, and which institution certified whom."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select

from identity.models import Account, AccountStatus, CertificationStatus, StaffCertification


def activated_persons() -> Select[uuid.UUID | None]:
    """Person ids holding an active personal account."""
    return select(Account.person_id).where(
        Account.status == AccountStatus.ACTIVE, Account.person_id.is_not(None)
    )


def certified_pairs() -> Select[uuid.UUID | None, uuid.UUID]:
    """(person id, institution id) of every certification in force (a request waiting for
    the review of its claim has no person and is never certified)."""
    return select(StaffCertification.person_id, StaffCertification.institution_id).where(
        StaffCertification.status == CertificationStatus.CERTIFIED,
        StaffCertification.person_id.is_not(None),
    )
