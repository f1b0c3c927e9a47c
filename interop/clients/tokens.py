"""Access tokens: short-lived JWTs (ES256, the commission's key, ``kid`` in our JWKS) naming
the client and its granted scopes. Resource servers verify them without a database round trip
for the signature; the client's revocation is checked on use."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

ALGORITHM = "ES256"


@dataclass(frozen=True)
class TokenConfig:
    issuer: str
    """Our public URL: the ``iss`` of every token."""
    audience: str = "medreg"
    ttl_s: int = 300
    """Tokens live five minutes by default: a revoked client is locked out within that."""


@dataclass(frozen=True)
class AccessClaims:
    client_id: str
    scopes: frozenset[str]
    expires_at: int


class InvalidToken(Exception):
    """Missing, malformed, forged, expired or for someone else: ``code`` says which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def issue(
    config: TokenConfig, key: ECKey, kid: str, client_id: str, scopes: str, now: datetime
) -> tuple[str, int]:
    issued = int(now.timestamp())
    claims = {
        "iss": config.issuer,
        "aud": config.audience,
        "sub": client_id,
        "client_id": client_id,
        "scope": scopes,
        "iat": issued,
        "exp": issued + config.ttl_s,
        "jti": uuid.uuid4().hex,
    }
    token = jwt.encode({"alg": ALGORITHM, "kid": kid, "typ": "at+jwt"}, claims, key, [ALGORITHM])
    return token, config.ttl_s


def verify(token: str, keys: KeySet, config: TokenConfig, now: datetime) -> AccessClaims:
    if not token or len(token) > 4096:
        raise InvalidToken("TOKEN_MISSING")
    try:
        decoded = jwt.decode(token, keys, [ALGORITHM])
    except (JoseError, ValueError):
        raise InvalidToken("TOKEN_INVALID") from None
    registry = jwt.JWTClaimsRegistry(
        now=int(now.timestamp()),
        iss={"essential": True, "value": config.issuer},
        aud={"essential": True, "value": config.audience},
        exp={"essential": True},
        sub={"essential": True},
    )
    try:
        registry.validate(decoded.claims)
    except JoseError as exc:
        code = "TOKEN_EXPIRED" if "expired" in type(exc).__name__.lower() else "TOKEN_INVALID"
        raise InvalidToken(code) from None
    scope = decoded.claims.get("scope") or ""
    return AccessClaims(
        client_id=str(decoded.claims["sub"]),
        scopes=frozenset(str(scope).split()),
        expires_at=int(decoded.claims["exp"]),
    )
