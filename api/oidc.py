"""Government single sign-on routes (only when ``MEDREG_OIDC_ISSUER`` is set):
``GET /auth/oidc/start`` sends the browser to the provider, ``GET /auth/oidc/callback`` takes
it back, signs the matched practitioner in and goes to the portal (or to the relative
``next`` page given to the start). An account with a second factor leaves the callback with a
pending sign-on instead (``identity.oidc_second_factor``) and the sign-in page asks for its
code. What the callback needs (state, nonce, PKCE verifier, the ``next`` page) travels in a
short-lived, encrypted, HttpOnly cookie that the callback clears whatever happens. Every
refusal is a redirect to the sign-in page with one code (``OIDC_FAILED`` for the protocol,
``OIDC_NOT_MATCHED`` for the person, ``OIDC_THROTTLED`` when the client address started or
returned too often) and one INFO line; the ID number never reaches a URL or the log."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from access.actor import Actor
from core.clock import clock_of
from core.crypto import DecryptionFailed, Keyring, keyring_of
from core.errors import RateLimited
from core.uow import unit_of_work
from identity import oidc_second_factor as second_factor
from identity.config import IdentityConfig
from identity.oidc_client import LoginRequest, OidcRefused, RelyingParty
from identity.oidc_signin import NotMatched, sign_on
from identity.throttle import Throttle

log = structlog.get_logger("medreg.oidc")

LOGIN_COOKIE = "medreg_oidc"
COOKIE_PATH = "/auth/oidc"
FAILED = "OIDC_FAILED"
NOT_MATCHED = "OIDC_NOT_MATCHED"
THROTTLED = "OIDC_THROTTLED"


class LoginCookie:
    """The started sign-in, sealed with the keyring (AES-GCM bound to the state)."""

    def __init__(self, keyring: Keyring, ttl_s: int, now: Callable[[], float]) -> None:
        self._keyring = keyring
        self._ttl_s = ttl_s
        self._now = now

    def seal(self, login: LoginRequest, next_path: str | None) -> str:
        payload = json.dumps(
            {
                "nonce": login.nonce,
                "verifier": login.code_verifier,
                "expires": int(self._now()) + self._ttl_s,
                "next": next_path,
            }
        )
        blob = self._keyring.encrypt(payload, table="oidc", column="login", row_id=login.state)
        return f"{login.state}.{base64.urlsafe_b64encode(blob).decode()}"

    def open(self, value: str | None, state: str | None) -> tuple[str, str, str | None]:
        """``(nonce, verifier, next page)`` when the cookie belongs to ``state`` and is still
        fresh."""
        if not value or not state or "." not in value or len(value) > 2048:
            raise OidcRefused("state_missing")
        sealed_state, blob = value.split(".", 1)
        if sealed_state != state:
            raise OidcRefused("state_mismatch")
        try:
            plain = self._keyring.decrypt(
                base64.urlsafe_b64decode(blob), table="oidc", column="login", row_id=state
            )
            payload = json.loads(plain)
            expires, nonce, verifier = (
                int(payload["expires"]),
                str(payload["nonce"]),
                str(payload["verifier"]),
            )
            next_path = safe_next(payload.get("next"))
        except (DecryptionFailed, ValueError, KeyError, TypeError):
            raise OidcRefused("state_forged") from None
        if expires < int(self._now()):
            raise OidcRefused("state_expired")
        return nonce, verifier, next_path


def safe_next(value: object) -> str | None:
    """A page of ours to open after sign-on: a path on this site, never another site
    (``//host``; browsers read a backslash as a slash) and never a control character."""
    if not isinstance(value, str) or not value.startswith("/") or len(value) > 512:
        return None
    if value.startswith("//") or any(ord(ch) < 0x20 or ch in "\\\x7f" for ch in value):
        return None
    return value


def _second_factor_page(next_path: str | None) -> str:
    query = {"step": "code"} | ({"next": next_path} if next_path else {})
    return f"/sign-in?{urlencode(query)}"


def _to_sign_in(problem: str, policy_secure: bool) -> Response:
    response = RedirectResponse(f"/sign-in?problem={problem}", status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH, secure=policy_secure, httponly=True)
    return response


def switched_off() -> Route:
    """Without an issuer every sign-on path is a 404 (not the portal's page), so the sign-in
    page shows no button."""

    async def not_found(_request: Request) -> Response:
        body = {"errors": [{"code": "NOT_FOUND", "message": "single sign-on is not configured"}]}
        return JSONResponse(body, status_code=404)

    return Route("/auth/oidc{rest:path}", not_found, methods=["GET"])


def routes(
    sessions: async_sessionmaker[Any],
    relying_party: RelyingParty,
    identity: IdentityConfig,
    throttle: Throttle,
    keyring: Keyring,
    now: Callable[[], float] = time.time,
) -> list[Route]:
    policy = identity.sessions

    async def throttled(request: Request, step: str) -> Response | None:
        """The sign-in page with ``OIDC_THROTTLED`` when this address made too many steps."""
        try:
            await throttle.sign_on_step(request.client.host if request.client else None)
        except RateLimited as exc:
            log.info(
                "oidc sign-in refused", reason="throttled", step=step, wait=exc.retry_after_seconds
            )
            return _to_sign_in(THROTTLED, policy.cookie_secure)
        return None

    cookie = LoginCookie(keyring, relying_party.config.login_ttl_s, now)

    async def available(_request: Request) -> Response:
        return Response(status_code=204, headers={"cache-control": "no-store"})

    async def start(request: Request) -> Response:
        if refused := await throttled(request, "start"):
            return refused
        try:
            login = await relying_party.login_request()
        except OidcRefused as exc:
            log.info("oidc sign-in refused", reason=exc.reason, step="start")
            return _to_sign_in(FAILED, policy.cookie_secure)
        response = RedirectResponse(login.url, status_code=303)
        response.set_cookie(
            LOGIN_COOKIE,
            cookie.seal(login, safe_next(request.query_params.get("next"))),
            max_age=relying_party.config.login_ttl_s,
            path=COOKIE_PATH,
            secure=policy.cookie_secure,
            httponly=True,
            samesite="lax",  # it must come back with the provider's top-level redirect
        )
        return response

    async def callback(request: Request) -> Response:
        if refused := await throttled(request, "callback"):
            return refused
        params = request.query_params
        address = request.client.host if request.client else None
        try:
            if params.get("error"):
                raise OidcRefused("provider_error")
            nonce, verifier, next_path = cookie.open(
                request.cookies.get(LOGIN_COOKIE), params.get("state")
            )
            code = params.get("code")
            if not code:
                raise OidcRefused("code_missing")
            claims = await relying_party.exchange(code, code_verifier=verifier, nonce=nonce)
            async with unit_of_work(sessions) as session:
                signed_on = await sign_on(
                    session,
                    Actor(client_address=address),
                    claims,
                    oidc=relying_party.config,
                    config=identity,
                    user_agent=request.headers.get("user-agent"),
                )
                # Sealed with the session's keyring, which the authenticator step opens with.
                pending = (
                    second_factor.seal(
                        keyring_of(session),
                        second_factor.pending_for(
                            signed_on.account, clock_of(session).now(), next_path
                        ),
                    )
                    if signed_on.new_session is None
                    else None
                )
        except OidcRefused as exc:
            log.info("oidc sign-in refused", reason=exc.reason, step="callback")
            return _to_sign_in(FAILED, policy.cookie_secure)
        except NotMatched as exc:
            log.info("oidc sign-in not matched", reason=exc.reason)
            return _to_sign_in(NOT_MATCHED, policy.cookie_secure)
        account, new = signed_on.account, signed_on.new_session
        if pending is not None:
            log.info("oidc sign-in awaits the second factor", account_id=str(account.id))
            response = RedirectResponse(_second_factor_page(next_path), status_code=303)
            response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH, secure=policy.cookie_secure)
            response.set_cookie(
                second_factor.PENDING_COOKIE,
                pending,
                max_age=int(second_factor.PENDING_TTL.total_seconds()),
                path=second_factor.PENDING_COOKIE_PATH,
                secure=policy.cookie_secure,
                httponly=True,
                samesite="strict",
            )
            return response
        assert new is not None  # no pending sign-on: the session started
        log.info("oidc sign-in", account_id=str(account.id))
        max_age = int((new.row.expires_at - new.row.created_at).total_seconds())
        response = RedirectResponse(next_path or "/", status_code=303)
        response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH, secure=policy.cookie_secure)
        response.set_cookie(
            policy.cookie_name,
            new.token,
            max_age=max_age,
            path="/",
            secure=policy.cookie_secure,
            httponly=True,
            samesite="strict",
        )
        return response

    return [
        Route("/auth/oidc", available, methods=["GET"]),
        Route("/auth/oidc/start", start, methods=["GET"]),
        Route("/auth/oidc/callback", callback, methods=["GET"]),
    ]
