"""Helpers of the sign-on tests: one browser's trip through the provider and back, and the
GraphQL documents of the authenticator step and of the staff links."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from tests.factories import accounts
from tests.factories.clients import gql
from tests.factories.oidc_provider import Citizen, callback_after_sign_in
from tests.identity.oidc_fixtures import CALLBACK

ME = "{ me { account { displayName kind } person { name } } }"
NOT_MATCHED = "/sign-in?problem=OIDC_NOT_MATCHED"
CODE_STEP = "/sign-in?step=code"
PENDING_COOKIE = "medreg_sign_on"

COMPLETE_SIGN_ON = """
mutation Complete($input: CompleteSignOnInput!) {
  completeSignOn(input: $input) {
    __typename
    ... on SignedIn { me { account { displayName kind } } }
    ... on Error { code message reason params { name value } }
    ... on RateLimited { retryAfterSeconds }
  }
}
"""
LINK = """
mutation Link($id: ID!, $subject: String!) {
  linkStaffSignOn(accountId: $id, subject: $subject) {
    __typename
    ... on AccountUpdated { account { id signOnLinked } }
    ... on Error { code reason }
  }
}
"""
UNLINK = """
mutation Unlink($id: ID!) {
  unlinkStaffSignOn(accountId: $id) {
    __typename
    ... on AccountUpdated { account { id signOnLinked } }
    ... on Error { code reason }
  }
}
"""


async def sign_on(
    app: Starlette, citizen: Citizen, start_path: str = "/auth/oidc/start"
) -> tuple[str, Any]:
    """Start, sign in at the provider, come back; the callback's redirect and the browser."""
    browser = accounts.browser(app)
    callback = await callback_after_sign_in(browser, citizen.login, CALLBACK, start_path)
    answer = await browser.get(callback)
    assert answer.status_code == 303
    return answer.headers["location"], browser


async def me(browser: Any) -> dict[str, Any] | None:
    body = await gql(browser, ME)
    found: dict[str, Any] | None = body["data"]["me"]
    return found


async def complete(browser: Any, code: str) -> dict[str, Any]:
    body = await gql(browser, COMPLETE_SIGN_ON, {"input": {"totpCode": code}})
    result: dict[str, Any] = body["data"]["completeSignOn"]
    return result
