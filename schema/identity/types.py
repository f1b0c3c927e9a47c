"""GraphQL types of identity: accounts, the signed-in person, certifications, disputes.

ID numbers and mobiles leave the server unmasked only in ``Me.person``, i.e. to their owner."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from access.actor import Role
from directory import models as rm
from directory.service import reveal_id_number, reveal_mobile
from identity import reads
from identity.accounts import grants_by_account
from identity.disputes import DisputeOutcome, claim_under_review
from identity.models import (
    Account,
    AccountKind,
    AccountStatus,
    CertificationStatus,
    Dispute,
    DisputeKind,
    DisputeStatus,
    IdentityDocument,
    RoleGrant,
    StaffCertification,
)
from identity.notifications import account_mobile
from schema.context import Info
from schema.directory.types import Institution, load_institution
from schema.loaders import mapping_loader, session_lock
from schema.node import Node, parse_uuid_id, register_node, to_global_id

strawberry.enum(Role, name="Role")
strawberry.enum(AccountKind, name="AccountKind")
strawberry.enum(AccountStatus, name="AccountStatus")
strawberry.enum(CertificationStatus, name="CertificationStatus")
strawberry.enum(IdentityDocument, name="IdentityDocument")
strawberry.enum(DisputeKind, name="DisputeKind")
strawberry.enum(DisputeStatus, name="DisputeStatus")
strawberry.enum(DisputeOutcome, name="DisputeOutcome")
Profession = rm.Profession
strawberry.enum(Profession, name="Profession")
Sex = rm.Sex
strawberry.enum(Sex, name="Sex")

grants_loader = mapping_loader(grants_by_account)
persons_loader = mapping_loader(reads.persons_by_id)
account_names_loader = mapping_loader(reads.account_names)


@strawberry.type(name="RoleGrant", description="A role held within its scope.")
class RoleGrantType:
    model: strawberry.Private[RoleGrant]
    role: Role
    authority_code: str | None

    @classmethod
    def from_model(cls, row: RoleGrant) -> RoleGrantType:
        return cls(model=row, role=row.role, authority_code=row.authority_code)

    @strawberry.field
    async def institution(self, info: Info) -> Institution | None:
        if self.model.institution_id is None:
            return None
        return await load_institution(info, self.model.institution_id)


@strawberry.type(name="Account", description="A sign-in: personal or staff.")
class AccountType(Node):
    model: strawberry.Private[Account]
    kind: AccountKind
    status: AccountStatus
    username: str | None
    display_name: str
    mobile_masked: str | None
    totp_enabled: bool
    sign_on_linked: bool = strawberry.field(
        description="Linked to a subject at the government identity provider (staff only)."
    )
    created_at: datetime
    activated_at: datetime | None
    disabled_at: datetime | None

    @classmethod
    def from_model(cls, row: Account) -> AccountType:
        return cls(
            id=to_global_id("Account", row.id),
            model=row,
            kind=row.kind,
            status=row.status,
            username=row.username,
            display_name=row.display_name,
            mobile_masked=row.mobile_masked,
            totp_enabled=row.totp_enabled_at is not None,
            sign_on_linked=row.oidc_subject is not None,
            created_at=row.created_at,
            activated_at=row.activated_at,
            disabled_at=row.disabled_at,
        )

    @strawberry.field
    async def grants(self, info: Info) -> list[RoleGrantType]:
        rows = await info.context.loader("account.grants", grants_loader).load(self.model.id)
        return [RoleGrantType.from_model(g) for g in rows or []]


@strawberry.type(
    description="A person as institution and authority staff see them: the masked ID number "
    "(digits 1–4 and 15–18) with the birth year only, never the full birth date, which would "
    "let the check digit give the hidden digits away."
)
class PersonSummary:
    name: str
    id_number_masked: str
    sex: Sex
    birth_year: int

    @classmethod
    def from_model(cls, row: rm.Person) -> PersonSummary:
        return cls(
            name=row.name,
            id_number_masked=row.id_number_masked,
            sex=row.sex,
            birth_year=row.birth_date.year,
        )

    @classmethod
    def from_claim(cls, claim: Dispute, row: rm.Person) -> PersonSummary:
        """The person as the claimant gave them (the name typed, the ID number's parts)."""
        return cls(
            name=claim.claimant_name,
            id_number_masked=row.id_number_masked,
            sex=row.sex,
            birth_year=row.birth_date.year,
        )


@strawberry.type(description="The signed-in person's own record: the only unmasked view.")
class PersonalProfile:
    name: str
    id_number: str
    id_number_masked: str
    mobile: str | None
    mobile_masked: str | None
    sex: Sex
    birth_date: date


async def _load_person(info: Info, person_id: uuid.UUID) -> rm.Person | None:
    result: rm.Person | None = await info.context.loader("person", persons_loader).load(person_id)
    return result


async def _claim(info: Info, account_id: uuid.UUID | None) -> tuple[Dispute, rm.Person] | None:
    """The open claim of an account not yet linked to a person, and the person claimed."""
    if account_id is None:
        return None
    async with session_lock(info.context.session):
        claim = await claim_under_review(info.context.session, account_id)
    if claim is None:
        return None
    row = await _load_person(info, claim.person_id)
    return (claim, row) if row is not None else None


@strawberry.type(name="StaffCertification")
class StaffCertificationType(Node):
    model: strawberry.Private[StaffCertification]
    profession: Profession
    status: CertificationStatus
    requested_at: datetime
    decided_at: datetime | None
    document_checked: IdentityDocument | None
    reason: str | None
    ended_at: datetime | None

    @classmethod
    def from_model(cls, row: StaffCertification) -> StaffCertificationType:
        return cls(
            id=to_global_id("StaffCertification", row.id),
            model=row,
            profession=row.profession,
            status=row.status,
            requested_at=row.requested_at,
            decided_at=row.decided_at,
            document_checked=row.document_checked,
            reason=row.reason,
            ended_at=row.ended_at,
        )

    @strawberry.field
    async def institution(self, info: Info) -> Institution | None:
        return await load_institution(info, self.model.institution_id)

    @strawberry.field
    async def person(self, info: Info) -> PersonSummary | None:
        if self.model.person_id is None:  # only its claimant sees a request under review
            claim = await _claim(info, self.model.account_id)
            return PersonSummary.from_claim(*claim) if claim else None
        row = await _load_person(info, self.model.person_id)
        return PersonSummary.from_model(row) if row else None

    @strawberry.field(description="The operator who certified or declined.")
    async def decided_by(self, info: Info) -> str | None:
        if self.model.decided_by is None:
            return None
        name: str | None = await info.context.loader("account.name", account_names_loader).load(
            self.model.decided_by
        )
        return name


@strawberry.type(
    name="Dispute",
    description="A claim on a person record under review: the ID number is held by another "
    "account (HOLDER) or on record under another name (NAME_MISMATCH).",
)
class DisputeType(Node):
    model: strawberry.Private[Dispute]
    kind: DisputeKind
    status: DisputeStatus
    claimant_name: str
    claimant_mobile_masked: str
    authority_code: str
    note: str | None
    created_at: datetime
    resolved_at: datetime | None

    @classmethod
    def from_model(cls, row: Dispute) -> DisputeType:
        return cls(
            id=to_global_id("Dispute", row.id),
            model=row,
            kind=row.kind,
            status=row.status,
            claimant_name=row.claimant_name,
            claimant_mobile_masked=row.claimant_mobile_masked,
            authority_code=row.authority_code,
            note=row.note,
            created_at=row.created_at,
            resolved_at=row.resolved_at,
        )

    @strawberry.field
    async def person(self, info: Info) -> PersonSummary | None:
        row = await _load_person(info, self.model.person_id)
        return PersonSummary.from_model(row) if row else None

    @strawberry.field
    async def institution(self, info: Info) -> Institution | None:
        if self.model.institution_id is None:
            return None
        return await load_institution(info, self.model.institution_id)


@strawberry.type(description="The signed-in account, its person record and certifications.")
class Me:
    model: strawberry.Private[Account]

    @strawberry.field
    def account(self) -> AccountType:
        return AccountType.from_model(self.model)

    @strawberry.field
    async def person(self, info: Info) -> PersonalProfile | None:
        session = info.context.session
        if self.model.person_id is None:
            # A claim under review shows what its claimant gave, as a new record would.
            claim = await _claim(info, self.model.id)
            if claim is None:
                return None
            dispute, row = claim
            name, on_file = dispute.claimant_name, None  # never the record's mobile
        else:
            found = await _load_person(info, self.model.person_id)
            if found is None:
                return None
            row, name, on_file = found, found.name, found
        mobile = account_mobile(session, self.model)
        if mobile is None and on_file is not None:
            mobile = reveal_mobile(session, on_file)
        return PersonalProfile(
            name=name,
            id_number=reveal_id_number(session, row),
            id_number_masked=row.id_number_masked,
            mobile=mobile,
            mobile_masked=self.model.mobile_masked or (on_file.mobile_masked if on_file else None),
            sex=row.sex,
            birth_date=row.birth_date,
        )

    @strawberry.field
    async def certifications(self, info: Info) -> list[StaffCertificationType]:
        session = info.context.session
        async with session_lock(session):
            rows = await reads.own_certifications(session, self.model)
        return [StaffCertificationType.from_model(r) for r in rows]


def _uuid(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


async def _node_account(info: Info, key: str) -> AccountType | None:
    key_id = _uuid(key)
    if key_id is None:
        return None
    async with session_lock(info.context.session):
        row = await reads.account(info.context.session, info.context.actor, key_id)
    return AccountType.from_model(row) if row else None


async def _node_certification(info: Info, key: str) -> StaffCertificationType | None:
    key_id = _uuid(key)
    session, actor = info.context.session, info.context.actor
    if key_id is None:
        return None
    async with session_lock(session):
        row = await reads.certification(session, actor, key_id)
    return StaffCertificationType.from_model(row) if row else None


async def _node_dispute(info: Info, key: str) -> DisputeType | None:
    key_id = _uuid(key)
    if key_id is None:
        return None
    async with session_lock(info.context.session):
        row = await reads.dispute(info.context.session, info.context.actor, key_id)
    return DisputeType.from_model(row) if row else None


register_node("Account", _node_account)
register_node("StaffCertification", _node_certification)
register_node("Dispute", _node_dispute)


def parse_id(global_id: str, type_name: str) -> uuid.UUID | None:
    return parse_uuid_id(global_id, type_name)
