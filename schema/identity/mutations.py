"""Mutations a person uses on their phone: activation, sign-in and out, recovery, mobile
change, TOTP, and asking an institution for certification."""

from __future__ import annotations

from typing import Annotated

import strawberry

from access.permissions import Permission
from directory.models import Profession
from identity import activation, certification, enrolment, recovery, signin
from registry.registrations.service import home_of
from schema.context import Info
from schema.errors import (
    ErrorMember,
)
from schema.identity.results import (
    CertificationUpdated,
    CodeChecked,
    CodeSent,
    MobileChanged,
    PasswordChanged,
    PasswordResetDone,
    SignedIn,
    SignedOut,
    TotpEnabled,
    TotpEnrolment,
    clear_session_cookie,
    set_session_cookie,
)
from schema.identity.types import Me, StaffCertificationType, parse_id
from schema.mutations import run_mutation
from schema.permissions import allowed, signed_in

StartCodeResult = Annotated[
    CodeSent | ErrorMember,
    strawberry.union("StartCodeResult"),
]
CheckActivationCodeResult = Annotated[
    CodeChecked | ErrorMember,
    strawberry.union("CheckActivationCodeResult"),
]
CompleteActivationResult = Annotated[
    SignedIn | ErrorMember,
    strawberry.union("CompleteActivationResult"),
]
SignInResult = Annotated[
    SignedIn | ErrorMember,
    strawberry.union("SignInResult"),
]
ChangePasswordResult = Annotated[
    PasswordChanged | ErrorMember,
    strawberry.union("ChangePasswordResult"),
]
CompletePasswordResetResult = Annotated[
    PasswordResetDone | ErrorMember,
    strawberry.union("CompletePasswordResetResult"),
]
CompleteMobileChangeResult = Annotated[
    MobileChanged | ErrorMember,
    strawberry.union("CompleteMobileChangeResult"),
]
BeginTotpResult = Annotated[
    TotpEnrolment | ErrorMember,
    strawberry.union("BeginTotpResult"),
]
ConfirmTotpResult = Annotated[
    TotpEnabled | ErrorMember,
    strawberry.union("ConfirmTotpResult"),
]
RequestCertificationResult = Annotated[
    CertificationUpdated | ErrorMember,
    strawberry.union("RequestCertificationResult"),
]


@strawberry.input
class StartActivationInput:
    name: str
    id_number: str
    mobile: str


@strawberry.input
class CheckActivationCodeInput:
    activation_id: strawberry.ID
    code: str


@strawberry.input
class CompleteActivationInput:
    activation_id: strawberry.ID
    code: str
    password: str


@strawberry.input
class SignInInput:
    identifier: str = strawberry.field(description="A practitioner's mobile or a staff username.")
    password: str
    totp_code: str | None = None


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.input
class StartPasswordResetInput:
    mobile: str


@strawberry.input
class CompletePasswordResetInput:
    reset_id: strawberry.ID
    code: str
    new_password: str


@strawberry.input
class StartMobileChangeInput:
    new_mobile: str
    password: str


@strawberry.input
class CompleteMobileChangeInput:
    change_id: strawberry.ID
    code: str


@strawberry.input
class ConfirmTotpInput:
    enrolment_token: str
    code: str


@strawberry.input
class RequestCertificationInput:
    institution_code: str = strawberry.field(
        description="The institution's unified social credit code or practice licence number."
    )
    profession: Profession


def _user_agent(info: Info) -> str | None:
    return info.context.request.headers.get("user-agent")


@strawberry.type
class PersonalMutation:
    @strawberry.mutation(description="Send an activation code; the answer never varies.")
    async def start_activation(self, info: Info, input: StartActivationInput) -> StartCodeResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: activation.start_activation(
                ctx.session,
                ctx.actor,
                name=input.name,
                id_number=input.id_number,
                mobile=input.mobile,
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            lambda sent: CodeSent.from_value(sent, "Activation"),
        )

    @strawberry.mutation
    async def resend_activation_code(
        self, info: Info, activation_id: strawberry.ID
    ) -> StartCodeResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: activation.resend_activation(
                ctx.session,
                ctx.actor,
                activation_id=parse_id(activation_id, "Activation"),
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            lambda sent: CodeSent.from_value(sent, "Activation"),
        )

    @strawberry.mutation(
        description="Check the SMS code before the password step; a wrong code costs a try."
    )
    async def check_activation_code(
        self, info: Info, input: CheckActivationCodeInput
    ) -> CheckActivationCodeResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: activation.check_activation_code(
                ctx.session,
                ctx.actor,
                activation_id=parse_id(input.activation_id, "Activation"),
                code=input.code,
                config=runtime.config,
            ),
            lambda checked: CodeChecked.from_value(checked, "Activation"),
        )

    @strawberry.mutation(description="Check the code, set the password, sign in.")
    async def complete_activation(
        self, info: Info, input: CompleteActivationInput
    ) -> CompleteActivationResult:
        runtime, ctx = info.context.services.identity, info.context

        async def call() -> SignedIn:
            account, new = await activation.complete_activation(
                ctx.session,
                ctx.actor,
                activation_id=parse_id(input.activation_id, "Activation"),
                code=input.code,
                password=input.password,
                config=runtime.config,
                user_agent=_user_agent(info),
                registered_home=home_of,
            )
            set_session_cookie(info, new, runtime.config.sessions)
            return SignedIn(me=Me(model=account))

        return await run_mutation(info, call, lambda result: result)

    @strawberry.mutation
    async def sign_in(self, info: Info, input: SignInInput) -> SignInResult:
        runtime, ctx = info.context.services.identity, info.context

        async def call() -> SignedIn:
            account, new = await signin.sign_in(
                ctx.session,
                ctx.actor,
                identifier=input.identifier,
                password=input.password,
                totp_code=input.totp_code,
                config=runtime.config,
                throttle=runtime.throttle,
                user_agent=_user_agent(info),
            )
            set_session_cookie(info, new, runtime.config.sessions)
            return SignedIn(me=Me(model=account))

        return await run_mutation(info, call, lambda result: result)

    @strawberry.mutation(description="End this browser's session (server-side).")
    async def logout(self, info: Info) -> SignedOut:
        ctx = info.context
        clear_session_cookie(info, info.context.services.identity.config.sessions)
        await signin.sign_out(ctx.session, ctx.actor)
        await ctx.session.commit()
        return SignedOut(revoked_sessions=1 if ctx.actor.session_id else 0)

    @strawberry.mutation(description="End every session of this account.", extensions=signed_in())
    async def logout_everywhere(self, info: Info) -> SignedOut:
        ctx = info.context
        clear_session_cookie(info, info.context.services.identity.config.sessions)
        count = await signin.sign_out_everywhere(ctx.session, ctx.actor)
        await ctx.session.commit()
        return SignedOut(revoked_sessions=count)

    @strawberry.mutation(extensions=signed_in())
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: recovery.change_password(
                ctx.session,
                ctx.actor,
                current_password=input.current_password,
                new_password=input.new_password,
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            lambda account: PasswordChanged(me=Me(model=account)),
        )

    @strawberry.mutation(description="Send a reset code by SMS; the answer never varies.")
    async def start_password_reset(
        self, info: Info, input: StartPasswordResetInput
    ) -> StartCodeResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: recovery.start_password_reset(
                ctx.session,
                ctx.actor,
                mobile=input.mobile,
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            lambda sent: CodeSent.from_value(sent, "PasswordReset"),
        )

    @strawberry.mutation
    async def complete_password_reset(
        self, info: Info, input: CompletePasswordResetInput
    ) -> CompletePasswordResetResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: recovery.complete_password_reset(
                ctx.session,
                ctx.actor,
                reset_id=parse_id(input.reset_id, "PasswordReset"),
                code=input.code,
                new_password=input.new_password,
                config=runtime.config,
            ),
            lambda _account: PasswordResetDone(),
        )

    @strawberry.mutation(extensions=signed_in())
    async def start_mobile_change(
        self, info: Info, input: StartMobileChangeInput
    ) -> StartCodeResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: recovery.start_mobile_change(
                ctx.session,
                ctx.actor,
                new_mobile=input.new_mobile,
                password=input.password,
                config=runtime.config,
                throttle=runtime.throttle,
            ),
            lambda sent: CodeSent.from_value(sent, "MobileChange"),
        )

    @strawberry.mutation(extensions=signed_in())
    async def complete_mobile_change(
        self, info: Info, input: CompleteMobileChangeInput
    ) -> CompleteMobileChangeResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: recovery.complete_mobile_change(
                ctx.session,
                ctx.actor,
                change_id=parse_id(input.change_id, "MobileChange"),
                code=input.code,
                config=runtime.config,
            ),
            lambda account: MobileChanged(me=Me(model=account)),
        )

    @strawberry.mutation(extensions=signed_in())
    async def begin_totp_enrolment(self, info: Info) -> BeginTotpResult:
        runtime, ctx = info.context.services.identity, info.context
        return await run_mutation(
            info,
            lambda: enrolment.begin_totp_enrolment(ctx.session, ctx.actor, config=runtime.config),
            TotpEnrolment.from_value,
        )

    @strawberry.mutation(description="Confirm one authenticator code; staff activation ends here.")
    async def confirm_totp_enrolment(
        self, info: Info, input: ConfirmTotpInput
    ) -> ConfirmTotpResult:
        runtime, ctx = info.context.services.identity, info.context

        async def call() -> TotpEnabled:
            account, new = await enrolment.confirm_totp_enrolment(
                ctx.session,
                ctx.actor,
                token=input.enrolment_token,
                code=input.code,
                config=runtime.config,
                user_agent=_user_agent(info),
            )
            if new is not None:
                set_session_cookie(info, new, runtime.config.sessions)
            return TotpEnabled(me=Me(model=account))

        return await run_mutation(info, call, lambda result: result)

    @strawberry.mutation(extensions=allowed(Permission.IDENTITY_CERTIFICATION_REQUEST))
    async def request_certification(
        self, info: Info, input: RequestCertificationInput
    ) -> RequestCertificationResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: certification.request_certification(
                ctx.session,
                ctx.actor,
                institution_code=input.institution_code,
                profession=input.profession,
            ),
            lambda row: CertificationUpdated(certification=StaffCertificationType.from_model(row)),
        )
