"""The world the access matrix runs in: hospital A in Pudong (registered by 310115) and
hospital B in Xuhui (registered by 310104), their staff, officers of both districts and of
the city, practitioners with certification requests, certified staff and disputes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from access.actor import Role
from core.clock import clock_of
from core.crypto import keyring_of
from directory.models import Institution, Profession
from identity.models import Account, CertificationStatus, Dispute, DisputeStatus, StaffCertification
from tests import factories
from tests.factories import accounts

ACTORS = (
    "anonymous",
    "practitioner",
    "institution_operator",
    "institution_admin",
    "authority_officer",
    "authority_admin",
    "municipal_officer",
    "system_admin",
)


@dataclass
class Side:
    """What belongs to one scope (A/Pudong or B/Xuhui)."""

    institution: Institution
    authority: str
    operator: Account
    admin: Account
    requested: StaffCertification
    certified: StaffCertification
    dispute: Dispute


@dataclass
class World:
    own: Side
    other: Side
    tokens: dict[str, str | None]

    def side(self, scope: str) -> Side:
        return self.own if scope == "own" else self.other


async def _cert(
    session: AsyncSession,
    person_id: uuid.UUID,
    institution: Institution,
    status: CertificationStatus,
) -> StaffCertification:
    now = clock_of(session).now()
    row = StaffCertification(
        id=uuid.uuid4(),
        person_id=person_id,
        institution_id=institution.id,
        profession=Profession.NURSE,
        status=status,
        requested_at=now,
        decided_at=now if status is CertificationStatus.CERTIFIED else None,
    )
    session.add(row)
    await session.flush()
    return row


async def _dispute(session: AsyncSession, holder: Account, institution: Institution) -> Dispute:
    assert holder.person_id is not None
    mobile = factories.mobile()
    row = Dispute(
        id=uuid.uuid4(),
        person_id=holder.person_id,
        account_id=holder.id,
        claimant_name="申诉人",
        claimant_mobile_index="x" * 64,
        claimant_mobile_masked=mobile[:3] + "****" + mobile[-4:],
        claimant_password_hash="",
        institution_id=institution.id,
        authority_code=institution.authority_code,
        status=DisputeStatus.OPEN,
        created_at=clock_of(session).now(),
    )
    row.claimant_mobile_enc = keyring_of(session).encrypt(
        mobile, table="identity_dispute", column="claimant_mobile", row_id=row.id
    )
    session.add(row)
    await session.flush()
    return row


async def _side(session: AsyncSession, district: str, requester: uuid.UUID) -> Side:
    institution = await factories.institution(session, district=district)
    operator, _ = await accounts.staff(
        session, Role.INSTITUTION_OPERATOR, institution_id=institution.id
    )
    admin, _ = await accounts.staff(session, Role.INSTITUTION_ADMIN, institution_id=institution.id)
    staff_member, _ = await accounts.practitioner(session, name="在职护士")
    assert staff_member.person_id is not None
    return Side(
        institution=institution,
        authority=district,
        operator=operator,
        admin=admin,
        requested=await _cert(session, requester, institution, CertificationStatus.REQUESTED),
        certified=await _cert(
            session, staff_member.person_id, institution, CertificationStatus.CERTIFIED
        ),
        dispute=await _dispute(session, staff_member, institution),
    )


async def build_world(session: AsyncSession) -> World:
    practitioner, _ = await accounts.practitioner(session, name="主角护士")
    stranger, _ = await accounts.practitioner(session, name="他院护士")
    assert practitioner.person_id
    assert stranger.person_id
    own = await _side(session, "310115", practitioner.person_id)
    other = await _side(session, "310104", stranger.person_id)
    officer, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310115")
    authority_admin, _ = await accounts.staff(
        session, Role.AUTHORITY_ADMIN, authority_code="310115"
    )
    municipal, _ = await accounts.staff(session, Role.AUTHORITY_OFFICER, authority_code="310000")
    system_admin, _ = await accounts.staff(session, Role.SYSTEM_ADMIN)
    by_actor = {
        "practitioner": practitioner,
        "institution_operator": own.operator,
        "institution_admin": own.admin,
        "authority_officer": officer,
        "authority_admin": authority_admin,
        "municipal_officer": municipal,
        "system_admin": system_admin,
    }
    tokens: dict[str, str | None] = {"anonymous": None}
    for name, account in by_actor.items():
        tokens[name] = await accounts.session_token(session, account)
    await session.commit()
    return World(own=own, other=other, tokens=tokens)
