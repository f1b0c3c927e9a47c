"""The OAuth 2.0 token endpoint (client credentials) on authlib's framework-agnostic
``AuthorizationServer``. authlib calls its hooks synchronously, so the caller loads the
client from the database first (``preload``) and the server answers from that."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Request
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6749.util import scope_to_list
from joserfc.jwk import ECKey

from core.clock import Clock
from interop.clients.models import MachineClient, Scope
from interop.clients.service import secret_matches
from interop.clients.tokens import TokenConfig, issue

_LOADED: ContextVar[MachineClient | None] = ContextVar("oauth_client", default=None)


class OAuthClient(ClientMixin):
    """A machine client as authlib sees it: client credentials at the token endpoint only."""

    def __init__(self, row: MachineClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.row.scopes)
        wanted = scope_to_list(scope) if scope else sorted(allowed)
        return " ".join(s for s in wanted if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return self.row.revoked_at is None and secret_matches(self.row, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials" and self.row.revoked_at is None


class CredentialsGrant(ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class FormRequest(OAuth2Request):
    """A token request: method, URL, headers and the decoded form."""

    def __init__(self, method: str, uri: str, headers: Mapping[str, str], form: dict[str, str]):
        super().__init__(method=method, uri=uri, headers=headers)  # case-insensitive
        self._form = form
        self.payload = BasicOAuth2Payload(form)

    @property
    def args(self) -> dict[str, str]:
        return {}

    @property
    def form(self) -> dict[str, str]:
        return self._form


class TokenServer(AuthorizationServer):
    def __init__(
        self, config: TokenConfig, signer: Callable[[], tuple[str, ECKey]], clock: Clock
    ) -> None:
        super().__init__(scopes_supported=[s.value for s in Scope])
        self.config, self.signer, self.clock = config, signer, clock
        self.register_grant(CredentialsGrant)
        self.register_token_generator("default", self._generate)

    def _generate(
        self,
        grant_type: str,
        client: OAuthClient,
        user: Any = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = False,
    ) -> dict[str, Any]:
        granted = client.get_allowed_scope(scope or "")
        kid, key = self.signer()
        token, ttl = issue(self.config, key, kid, client.get_client_id(), granted, self.clock.now())
        return {"access_token": token, "token_type": "Bearer", "expires_in": ttl, "scope": granted}

    def query_client(self, client_id: str) -> OAuthClient | None:
        row = _LOADED.get()
        return OAuthClient(row) if row is not None and row.client_id == client_id else None

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        return None  # self-contained JWTs: nothing to store

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None  # no signal receivers

    def create_oauth2_request(self, request: FormRequest) -> FormRequest:
        return request

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        return status, body, headers

    def respond(
        self, request: FormRequest, client: MachineClient | None
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        """The token response for ``request``, ``client`` loaded beforehand (or ``None``)."""
        marker = _LOADED.set(client)
        try:
            result: tuple[int, Any, list[tuple[str, str]]] = self.create_token_response(request)
            return result
        finally:
            _LOADED.reset(marker)


def requested_client_id(headers: Mapping[str, str], form: Mapping[str, str]) -> str | None:
    """The client id of a token request (HTTP Basic, or the form), to load it first."""
    import base64
    import binascii
    from urllib.parse import unquote

    auth = headers.get("authorization", "")
    if auth[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(auth[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return unquote(decoded.partition(":")[0]) or None
    return form.get("client_id") or None
