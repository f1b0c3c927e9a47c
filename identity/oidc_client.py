"""The relying party of government single sign-on: discovery, the authorization request
(code + PKCE S256, ``state``, ``nonce``), the code exchange with the client's secret and the ID
token's validation (signature against the provider's JWKS, ``iss``, ``aud``, ``exp``/``iat``
with a small leeway, ``nonce``). A token naming a key we do not know makes us fetch the JWKS
again, once: the provider may have rotated its keys."""

from __future__ import annotations

import asyncio
import secrets
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from joserfc import jws, jwt
from joserfc.errors import ClaimError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from identity.config import OidcConfig

with warnings.catch_warnings():
    # authlib prefers the httpx2 fork when installed and warns when it falls back to httpx,
    # which is the client the rest of medreg uses.
    warnings.simplefilter("ignore", DeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client

# Asymmetric algorithms only: never "none", never a MAC keyed with the client secret.
ALGORITHMS = frozenset({"RS256", "PS256", "ES256"})


class OidcRefused(Exception):
    """The provider's answer is not trusted; ``reason`` is a short word for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LoginRequest:
    """Where to send the browser, and what must come back with it."""

    url: str
    state: str
    nonce: str
    code_verifier: str


class RelyingParty:
    """One per process: the provider's metadata and keys are cached between sign-ins."""

    def __init__(
        self,
        config: OidcConfig,
        *,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self._now = now
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._lock = asyncio.Lock()

    def _client(self) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.config.client_id,
            client_secret=self.config.client_secret,
            scope=self.config.scope,
            redirect_uri=self.config.redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
            timeout=self.config.timeout_s,
        )

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=self.config.timeout_s) as http:
                response = await http.get(url, headers={"accept": "application/json"})
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError):
            raise OidcRefused("provider_unreachable") from None
        if not isinstance(body, dict):
            raise OidcRefused("provider_answer")
        return body

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            issuer = self.config.issuer.rstrip("/")
            found = await self._get_json(f"{issuer}/.well-known/openid-configuration")
            if found.get("issuer") != self.config.issuer:
                raise OidcRefused("discovery_issuer")
            for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(found.get(name), str):
                    raise OidcRefused("discovery_incomplete")
            self._metadata = found
        return self._metadata

    async def _fetch_keys(self) -> KeySet:
        meta = await self.metadata()
        try:
            keys = KeySet.import_key_set(await self._get_json(meta["jwks_uri"]))  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError):
            raise OidcRefused("jwks_invalid") from None
        self._keys = keys
        return keys

    async def login_request(self) -> LoginRequest:
        meta = await self.metadata()
        state = secrets.token_urlsafe(24)
        nonce = secrets.token_urlsafe(24)
        verifier = generate_token(64)
        async with self._client() as client:
            url, _ = client.create_authorization_url(
                meta["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
            )
        return LoginRequest(url=url, state=state, nonce=nonce, code_verifier=verifier)

    async def exchange(self, code: str, *, code_verifier: str, nonce: str) -> dict[str, Any]:
        """The validated ID token's claims for an authorization code; the name and ID number
        claims come from the userinfo endpoint when the ID token does not carry them (its
        ``sub`` must be the ID token's)."""
        meta = await self.metadata()
        try:
            async with self._client() as client:
                token = await client.fetch_token(
                    meta["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
        except OAuthError:
            raise OidcRefused("code_refused") from None
        except (httpx.HTTPError, ValueError):
            raise OidcRefused("provider_unreachable") from None
        id_token = token.get("id_token") if isinstance(token, dict) else None
        if not isinstance(id_token, str):
            raise OidcRefused("id_token_missing")
        claims = await self.validate_id_token(id_token, nonce=nonce)
        wanted = (self.config.name_claim, self.config.id_number_claim)
        if all(name in claims for name in wanted):
            return claims
        access_token = token.get("access_token")
        if not isinstance(access_token, str) or not isinstance(meta.get("userinfo_endpoint"), str):
            return claims
        userinfo = await self._userinfo(meta["userinfo_endpoint"], access_token)
        if userinfo.get("sub") != claims["sub"]:
            raise OidcRefused("userinfo_sub")
        return {**{name: userinfo[name] for name in wanted if name in userinfo}, **claims}

    async def _userinfo(self, url: str, access_token: str) -> dict[str, Any]:
        """A conformant provider puts the scopes' claims here rather than in the ID token."""
        try:
            async with httpx.AsyncClient(timeout=self.config.timeout_s) as http:
                response = await http.get(
                    url,
                    headers={
                        "authorization": f"Bearer {access_token}",
                        "accept": "application/json",
                    },
                )
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError):
            raise OidcRefused("userinfo_unreachable") from None
        if not isinstance(body, dict):
            raise OidcRefused("userinfo_answer")
        return body

    def _algorithms(self, meta: dict[str, Any]) -> list[str]:
        offered = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
        return sorted(ALGORITHMS.intersection(offered))

    async def _verified(self, id_token: str) -> jwt.Token:
        meta = await self.metadata()
        algorithms = self._algorithms(meta)
        keys = self._keys or await self._fetch_keys()
        try:
            return jwt.decode(id_token, keys, algorithms)
        except InvalidKeyIdError:
            pass  # an unknown kid: the provider may have rotated its keys
        except (JoseError, ValueError):
            raise OidcRefused("signature") from None
        async with self._lock:
            if self._keys is keys:
                keys = await self._fetch_keys()
            else:
                keys = self._keys or keys  # another request fetched them meanwhile
        try:
            return jwt.decode(id_token, keys, algorithms)
        except InvalidKeyIdError:
            raise OidcRefused("unknown_kid") from None
        except (JoseError, ValueError):
            raise OidcRefused("signature") from None

    async def validate_id_token(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        if len(id_token) > 16384:
            raise OidcRefused("id_token_size")
        try:
            jws.extract_compact(id_token.encode())
        except (JoseError, ValueError):
            raise OidcRefused("id_token_format") from None
        decoded = await self._verified(id_token)
        claims = dict(decoded.claims)
        registry = jwt.JWTClaimsRegistry(
            now=int(self._now()),
            leeway=self.config.leeway_s,
            iss={"essential": True, "value": self.config.issuer},
            aud={"essential": True, "value": self.config.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)  # also refuses an ``iat`` beyond the leeway ahead
        except ClaimError as exc:
            raise OidcRefused(f"claim_{exc.claim}") from None
        except JoseError as exc:
            raise OidcRefused(f"claim_{exc.error}") from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.config.client_id:
            raise OidcRefused("claim_azp")
        return claims
