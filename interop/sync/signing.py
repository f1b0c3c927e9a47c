"""Detached JWS (RFC 7515 appendix F): ES256 over the exact body bytes, sent beside the body.

The header ``X-JWS-Signature`` carries ``{protected}..{signature}``; a verifier puts the
base64url of the body it received in the empty middle and checks a standard compact JWS with
the key our JWKS names by ``kid``."""

from __future__ import annotations

import base64
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

ALGORITHM = "ES256"
HEADER = "X-JWS-Signature"


class BadSignature(Exception):
    """The detached signature is missing, malformed, unknown or does not cover the body."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_detached(body: bytes, key: ECKey, kid: str) -> str:
    compact = jws.serialize_compact({"alg": ALGORITHM, "kid": kid}, body, key, [ALGORITHM])
    protected, _payload, signature = compact.split(".")
    return f"{protected}..{signature}"


def verify_detached(body: bytes, detached: str, keys: KeySet | dict[str, Any]) -> str:
    """The ``kid`` that signed ``body``; ``BadSignature`` otherwise."""
    parts = detached.split(".")
    if len(parts) != 3 or parts[1] != "":
        raise BadSignature("not a detached compact JWS")
    key_set = keys if isinstance(keys, KeySet) else KeySet.import_key_set(keys)  # type: ignore[arg-type]
    try:
        token = jws.deserialize_compact(f"{parts[0]}.{_b64(body)}.{parts[2]}", key_set, [ALGORITHM])
    except (JoseError, ValueError) as exc:
        raise BadSignature(type(exc).__name__) from None
    return str(token.protected.get("kid", ""))
