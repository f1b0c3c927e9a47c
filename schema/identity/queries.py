"""Identity queries: the signed-in account, and scoped lists of accounts, certifications
and disputes (outside the actor's scope an object is simply absent)."""

from __future__ import annotations

import strawberry

from access.permissions import Permission
from directory.models import Profession
from identity import reads
from identity.models import AccountStatus, CertificationStatus, DisputeStatus
from schema.context import Info
from schema.errors import run_query
from schema.identity.types import AccountType, DisputeType, Me, StaffCertificationType, parse_id
from schema.loaders import session_lock
from schema.node import parse_uuid_id
from schema.pagination import Connection, connection
from schema.permissions import allowed, signed_in


@strawberry.input
class AccountFilter:
    institution_id: strawberry.ID | None = None
    authority_code: str | None = None
    status: AccountStatus | None = None


@strawberry.input
class StaffCertificationFilter:
    institution_id: strawberry.ID | None = None
    status: CertificationStatus | None = None
    profession: Profession | None = None


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="The signed-in account; null when not signed in.")
    async def me(self, info: Info) -> Me | None:
        async with session_lock(info.context.session):
            account = await reads.me(info.context.session, info.context.actor)
        return Me(model=account) if account else None

    @strawberry.field(extensions=allowed(Permission.IDENTITY_ACCOUNT_READ))
    async def account(self, info: Info, id: strawberry.ID) -> AccountType | None:
        key = parse_id(id, "Account")
        if key is None:
            return None
        async with session_lock(info.context.session):
            row = await reads.account(info.context.session, info.context.actor, key)
        return AccountType.from_model(row) if row else None

    @strawberry.field(extensions=allowed(Permission.IDENTITY_ACCOUNT_READ))
    async def accounts(
        self,
        info: Info,
        filter: AccountFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[AccountType]:
        flt = filter or AccountFilter()
        spec = reads.AccountFilter(
            institution_id=parse_uuid_id(flt.institution_id, "Institution")
            if flt.institution_id
            else None,
            authority_code=flt.authority_code,
            status=flt.status,
        )
        ctx = info.context
        async with session_lock(ctx.session):
            page = await run_query(
                lambda: reads.accounts(ctx.session, ctx.actor, spec, first=first, after=after)
            )
        return connection(page, AccountType.from_model)

    @strawberry.field(extensions=allowed(Permission.IDENTITY_CERTIFICATION_READ))
    async def staff_certifications(
        self,
        info: Info,
        filter: StaffCertificationFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[StaffCertificationType]:
        flt = filter or StaffCertificationFilter()
        spec = reads.CertificationFilter(
            institution_id=parse_uuid_id(flt.institution_id, "Institution")
            if flt.institution_id
            else None,
            status=flt.status,
            profession=flt.profession,
        )
        ctx = info.context
        async with session_lock(ctx.session):
            page = await run_query(
                lambda: reads.certifications(ctx.session, ctx.actor, spec, first=first, after=after)
            )
        return connection(page, StaffCertificationType.from_model)

    @strawberry.field(
        description="Certification requests waiting for a decision, oldest first.",
        extensions=allowed(Permission.IDENTITY_CERTIFICATION_READ),
    )
    async def certification_queue(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[StaffCertificationType]:
        spec = reads.CertificationFilter(status=CertificationStatus.REQUESTED)
        ctx = info.context
        async with session_lock(ctx.session):
            page = await run_query(
                lambda: reads.certifications(ctx.session, ctx.actor, spec, first=first, after=after)
            )
        return connection(page, StaffCertificationType.from_model)

    @strawberry.field(extensions=signed_in())
    async def staff_certification(
        self, info: Info, id: strawberry.ID
    ) -> StaffCertificationType | None:
        key = parse_id(id, "StaffCertification")
        ctx = info.context
        if key is None:
            return None
        async with session_lock(ctx.session):
            row = await reads.certification(ctx.session, ctx.actor, key)
        return StaffCertificationType.from_model(row) if row else None

    @strawberry.field(extensions=allowed(Permission.IDENTITY_DISPUTE_READ))
    async def disputes(
        self,
        info: Info,
        status: DisputeStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[DisputeType]:
        ctx = info.context
        async with session_lock(ctx.session):
            page = await run_query(
                lambda: reads.disputes(ctx.session, ctx.actor, status, first=first, after=after)
            )
        return connection(page, DisputeType.from_model)

    @strawberry.field(extensions=allowed(Permission.IDENTITY_DISPUTE_READ))
    async def dispute(self, info: Info, id: strawberry.ID) -> DisputeType | None:
        key = parse_id(id, "Dispute")
        if key is None:
            return None
        async with session_lock(info.context.session):
            row = await reads.dispute(info.context.session, info.context.actor, key)
        return DisputeType.from_model(row) if row else None
