"""The authenticator step after government single sign-on: the callback left a pending sign-on
in an HttpOnly cookie; the code completes it and starts the session."""

from __future__ import annotations

import strawberry

from core.clock import clock_of
from core.crypto import keyring_of
from identity import oidc_second_factor as second_factor
from schema.context import Info
from schema.identity.mutations import SignInResult
from schema.identity.results import SignedIn, set_session_cookie
from schema.identity.types import Me
from schema.mutations import run_mutation


@strawberry.input
class CompleteSignOnInput:
    totp_code: str = strawberry.field(description="The code the authenticator app shows.")


def _clear_pending(info: Info, secure: bool) -> None:
    response = info.context.response
    if response is not None:
        response.delete_cookie(
            second_factor.PENDING_COOKIE,
            path=second_factor.PENDING_COOKIE_PATH,
            secure=secure,
            httponly=True,
            samesite="strict",
        )


@strawberry.type
class SignOnMutation:
    @strawberry.mutation(
        description="Complete a government sign-on with the authenticator code (staff, and "
        "practitioners who added an authenticator). Wrong codes answer SIGN_IN_FAILED like "
        "signIn; without a live pending sign-on the answer is SIGN_ON_EXPIRED."
    )
    async def complete_sign_on(self, info: Info, input: CompleteSignOnInput) -> SignInResult:
        runtime, ctx = info.context.services.identity, info.context
        policy = runtime.config.sessions

        async def call() -> SignedIn:
            pending = second_factor.unseal(
                keyring_of(ctx.session),
                ctx.request.cookies.get(second_factor.PENDING_COOKIE),
                clock_of(ctx.session).now(),
            )
            account, new = await second_factor.complete_sign_on(
                ctx.session,
                ctx.actor,
                pending=pending,
                totp_code=input.totp_code,
                config=runtime.config,
                throttle=runtime.throttle,
                user_agent=ctx.request.headers.get("user-agent"),
            )
            _clear_pending(info, policy.cookie_secure)
            set_session_cookie(info, new, policy)
            return SignedIn(me=Me(model=account))

        return await run_mutation(info, call, lambda result: result)
