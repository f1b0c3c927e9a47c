"""Mutations of institution and authority staff: accounts, certification, disputes."""

from __future__ import annotations

from typing import Annotated

import strawberry

from access.actor import Role
from access.permissions import Permission
from identity import certification, disputes, enrolment, oidc_links, staff
from identity.disputes import DisputeOutcome
from identity.models import Account, IdentityDocument, StaffCertification
from schema.context import Info
from schema.errors import (
    ErrorMember,
)
from schema.identity.results import (
    AccountUpdated,
    CertificationUpdated,
    DisputeResolved,
    StaffAccountIssued,
    TotpEnrolment,
)
from schema.identity.types import AccountType, DisputeType, StaffCertificationType, parse_id
from schema.mutations import run_mutation
from schema.node import parse_uuid_id
from schema.permissions import allowed

ActivateStaffResult = Annotated[
    TotpEnrolment | ErrorMember,
    strawberry.union("ActivateStaffResult"),
]
IssueAccountResult = Annotated[
    StaffAccountIssued | ErrorMember,
    strawberry.union("IssueAccountResult"),
]
AccountUpdateResult = Annotated[
    AccountUpdated | ErrorMember,
    strawberry.union("AccountUpdateResult"),
]
CertificationResult = Annotated[
    CertificationUpdated | ErrorMember,
    strawberry.union("CertificationResult"),
]
ResolveDisputeResult = Annotated[
    DisputeResolved | ErrorMember,
    strawberry.union("ResolveDisputeResult"),
]


@strawberry.input
class ActivateStaffInput:
    username: str
    code: str
    password: str


@strawberry.input
class CreateStaffAccountInput:
    role: Role = strawberry.field(
        description="INSTITUTION_OPERATOR, AUTHORITY_OFFICER or AUTHORITY_ADMIN."
    )
    username: str
    display_name: str
    mobile: str
    institution_id: strawberry.ID | None = None
    authority_code: str | None = None


@strawberry.input
class IssueInstitutionAccountInput:
    institution_id: strawberry.ID
    username: str
    display_name: str | None = None
    mobile: str | None = strawberry.field(
        default=None, description="Defaults to the institution's designated contact."
    )


@strawberry.input
class DisableAccountInput:
    account_id: strawberry.ID
    reason: str


@strawberry.input
class CertifyStaffInput:
    certification_id: strawberry.ID
    document_checked: IdentityDocument
    note: str | None = None


@strawberry.input
class DecideStaffInput:
    certification_id: strawberry.ID
    reason: str


@strawberry.input
class ResolveDisputeInput:
    dispute_id: strawberry.ID
    outcome: DisputeOutcome
    note: str


def _issued(account: Account) -> StaffAccountIssued:
    return StaffAccountIssued(
        account=AccountType.from_model(account), code_sent_to=account.mobile_masked or ""
    )


def _certification(row: StaffCertification) -> CertificationUpdated:
    return CertificationUpdated(certification=StaffCertificationType.from_model(row))


@strawberry.type
class StaffMutation:
    @strawberry.mutation(description="Staff activation, step 1: SMS code and password.")
    async def activate_staff_account(
        self, info: Info, input: ActivateStaffInput
    ) -> ActivateStaffResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: enrolment.activate_staff_account(
                ctx.session,
                ctx.actor,
                username=input.username,
                code=input.code,
                password=input.password,
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            TotpEnrolment.from_value,
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_ACCOUNT_CREATE))
    async def create_staff_account(
        self, info: Info, input: CreateStaffAccountInput
    ) -> IssueAccountResult:
        runtime, ctx = info.context.services.identity, info.context
        institution_id = (
            parse_uuid_id(input.institution_id, "Institution") if input.institution_id else None
        )
        return await run_mutation(
            info,
            lambda: staff.create_staff(
                ctx.session,
                ctx.actor,
                role=input.role,
                username=input.username,
                display_name=input.display_name,
                mobile=input.mobile,
                institution_id=institution_id,
                authority_code=input.authority_code,
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            _issued,
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_INSTITUTION_ACCOUNT_ISSUE))
    async def issue_institution_account(
        self, info: Info, input: IssueInstitutionAccountInput
    ) -> IssueAccountResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: staff.issue_institution_account(
                ctx.session,
                ctx.actor,
                institution_id=parse_uuid_id(input.institution_id, "Institution"),
                username=input.username,
                display_name=input.display_name,
                mobile=input.mobile,
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            _issued,
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_ACCOUNT_DISABLE))
    async def disable_account(self, info: Info, input: DisableAccountInput) -> AccountUpdateResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: staff.disable_account(
                ctx.session,
                ctx.actor,
                account_id=parse_id(input.account_id, "Account"),
                reason=input.reason,
            ),
            lambda account: AccountUpdated(account=AccountType.from_model(account)),
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_ACCOUNT_DISABLE))
    async def enable_account(self, info: Info, account_id: strawberry.ID) -> AccountUpdateResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: staff.enable_account(
                ctx.session, ctx.actor, account_id=parse_id(account_id, "Account")
            ),
            lambda account: AccountUpdated(account=AccountType.from_model(account)),
        )

    @strawberry.mutation(
        description="Clear a staff account's password and TOTP and send a new activation code.",
        extensions=allowed(Permission.IDENTITY_ACCOUNT_RESET),
    )
    async def reset_staff_credentials(
        self, info: Info, account_id: strawberry.ID
    ) -> IssueAccountResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: staff.reset_staff_credentials(
                ctx.session,
                ctx.actor,
                account_id=parse_id(account_id, "Account"),
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            _issued,
        )

    @strawberry.mutation(
        description="Link a staff account to its holder's subject (`sub`) at the government "
        "identity provider; sign-on then leads to the account's authenticator step.",
        extensions=allowed(Permission.IDENTITY_SIGN_ON_LINK),
    )
    async def link_staff_sign_on(
        self, info: Info, account_id: strawberry.ID, subject: str
    ) -> AccountUpdateResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: oidc_links.link_staff_sign_on(
                ctx.session, ctx.actor, account_id=parse_id(account_id, "Account"), subject=subject
            ),
            lambda account: AccountUpdated(account=AccountType.from_model(account)),
        )

    @strawberry.mutation(
        description="Remove a staff account's link to the government identity provider.",
        extensions=allowed(Permission.IDENTITY_SIGN_ON_LINK),
    )
    async def unlink_staff_sign_on(
        self, info: Info, account_id: strawberry.ID
    ) -> AccountUpdateResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: oidc_links.unlink_staff_sign_on(
                ctx.session, ctx.actor, account_id=parse_id(account_id, "Account")
            ),
            lambda account: AccountUpdated(account=AccountType.from_model(account)),
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_CERTIFICATION_DECIDE))
    async def certify_staff(self, info: Info, input: CertifyStaffInput) -> CertificationResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: certification.certify_staff(
                ctx.session,
                ctx.actor,
                certification_id=parse_id(input.certification_id, "StaffCertification"),
                document=input.document_checked,
                note=input.note,
            ),
            _certification,
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_CERTIFICATION_DECIDE))
    async def decline_staff(self, info: Info, input: DecideStaffInput) -> CertificationResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: certification.decline_staff(
                ctx.session,
                ctx.actor,
                certification_id=parse_id(input.certification_id, "StaffCertification"),
                reason=input.reason,
            ),
            _certification,
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_CERTIFICATION_DECIDE))
    async def end_affiliation(self, info: Info, input: DecideStaffInput) -> CertificationResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: certification.end_affiliation(
                ctx.session,
                ctx.actor,
                certification_id=parse_id(input.certification_id, "StaffCertification"),
                reason=input.reason,
            ),
            _certification,
        )

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_DISPUTE_RESOLVE))
    async def resolve_dispute(self, info: Info, input: ResolveDisputeInput) -> ResolveDisputeResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: disputes.resolve_dispute(
                ctx.session,
                ctx.actor,
                dispute_id=parse_id(input.dispute_id, "Dispute"),
                outcome=input.outcome,
                note=input.note,
            ),
            lambda row: DisputeResolved(dispute=DisputeType.from_model(row)),
        )
