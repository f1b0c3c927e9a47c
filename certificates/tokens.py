"""QR tokens: an ES256 JWS naming one licence version, short enough for a small QR code.

A token is ``{kid}.{number}.{version}.{signature}``: the JWS whose protected header is
``{"alg":"ES256","kid":kid}`` and whose payload is ``{"n":number,"v":version}`` (JSON without
spaces), written without its two predictable segments. Rebuilding them (``expand``) gives a
standard compact JWS that any JOSE library verifies with the published JWKS. ``kid`` names the
authority's signing key: ``{authority code}-{8 hex of its SPKI's SHA-256}``; the authority is
the issuer. The holder's name, the kind and the validity are read live from the registry.

Tokens printed before carry a full compact JWS with more claims (``h`` holder name, ``k`` kind,
``u`` valid-until, ``i`` issuer, ``iat``); they verify as before. No token holds an ID number
or a mobile.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from certificates.errors import ForgedToken
from certificates.pki import Pki
from certificates.values import LicenceData, LicenceKind

ALGORITHM = "ES256"
_ALGORITHMS = (ALGORITHM,)
_MAX_TOKEN_LENGTH = 2048
_SHORT = re.compile(
    r"(?P<kid>[0-9]{6}-[0-9a-f]{8})\.(?P<number>[A-Za-z0-9-]{1,40})\."
    r"(?P<version>[1-9][0-9]{0,5})\.(?P<signature>[A-Za-z0-9_-]{86})"
)
_SHORT_NUMBER = re.compile(r"[A-Za-z0-9-]{1,40}")


@dataclass(frozen=True)
class TokenClaims:
    """What a genuine token says (its signature was checked)."""

    number: str
    version: int
    issuer: str
    kid: str
    holder_name: str | None = None
    """Only in tokens printed before the short form (and in number lookups)."""
    kind: LicenceKind | None = None
    valid_until: date | None = None
    issued_at: datetime | None = None


class TokenKeyset:
    """Public keys by ``kid``, ready to verify (parsed once)."""

    def __init__(self, keys: Mapping[str, ECKey]) -> None:
        self._keys = dict(keys)

    def get(self, kid: str) -> ECKey | None:
        return self._keys.get(kid)

    @property
    def kids(self) -> list[str]:
        return sorted(self._keys)

    @classmethod
    def from_jwks(cls, document: Mapping[str, Any]) -> TokenKeyset:
        """A key set from a published JWKS, for verifiers that check tokens offline."""
        keys = {}
        for entry in document.get("keys", []):
            key = ECKey.import_key(dict(entry))
            keys[str(entry["kid"])] = key
        return cls(keys)


def key_id(authority_code: str, public_key: ec.EllipticCurvePublicKey) -> str:
    spki = public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return f"{authority_code}-{hashlib.sha256(spki).hexdigest()[:8]}"


def _public_keys(pki: Pki) -> dict[str, ECKey]:
    """Every authority key, current and rotated out: old QR codes keep verifying."""
    keys: dict[str, ECKey] = {}
    for code in pki.authorities:
        for cert in pki.authority_certs(code):
            public_key = cert.public_key()
            if not isinstance(public_key, ec.EllipticCurvePublicKey):
                continue
            kid = key_id(code, public_key)
            keys[kid] = ECKey.import_key(public_key, {"kid": kid, "use": "sig", "alg": ALGORITHM})
    return keys


def keyset(pki: Pki) -> TokenKeyset:
    """The PKI's token key set, built once."""
    cached = pki.cache.get("token-keyset")
    if isinstance(cached, TokenKeyset):
        return cached
    built = TokenKeyset(_public_keys(pki))
    pki.cache["token-keyset"] = built
    return built


def jwks(pki: Pki) -> dict[str, Any]:
    """The public keys as a JWKS document for ``/.well-known/jwks.json``."""
    return {"keys": [key.as_dict(private=False) for _, key in sorted(_public_keys(pki).items())]}


def signing_key(pki: Pki, authority_code: str) -> tuple[str, ECKey]:
    """The authority's private signing key and its ``kid`` (as published in the JWKS)."""
    return _signing_key(pki, authority_code)


def _signing_key(pki: Pki, authority_code: str) -> tuple[str, ECKey]:
    cache_key = f"token-signer:{authority_code}"
    cached = pki.cache.get(cache_key)
    if isinstance(cached, tuple):
        return cached
    private_key = pki.authority_key(authority_code)
    kid = key_id(authority_code, private_key.public_key())
    pair = (kid, ECKey.import_key(private_key, {"kid": kid}))
    pki.cache[cache_key] = pair
    return pair


def _segment(value: Mapping[str, Any]) -> str:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def expand(token: str) -> str:
    """The standard compact JWS a short token stands for; other text is returned as is."""
    short = _SHORT.fullmatch(token)
    if short is None:
        return token
    header = _segment({"alg": ALGORITHM, "kid": short["kid"]})
    payload = _segment({"n": short["number"], "v": int(short["version"])})
    return f"{header}.{payload}.{short['signature']}"


def issue_token(data: LicenceData, pki: Pki, *, now: datetime | None = None) -> str:
    """Sign the token printed in the licence's QR code, with the issuing authority's key."""
    kid, key = _signing_key(pki, data.authority_code)
    if _SHORT_NUMBER.fullmatch(data.number):
        full = jws.serialize_compact(
            {"alg": ALGORITHM, "kid": kid},
            json.dumps({"n": data.number, "v": data.version}, separators=(",", ":")).encode(),
            key,
            _ALGORITHMS,
        )
        token = f"{kid}.{data.number}.{data.version}.{full.rsplit('.', 1)[1]}"
        # The short form must expand to exactly what was signed, or no one could verify it.
        if expand(token) != full:
            raise RuntimeError("the JWS library serialised the token differently")
        return token
    # A number the short form cannot carry (an imported one with other characters).
    issued_at = now or data.issued_at
    claims = {
        "n": data.number,
        "v": data.version,
        "h": data.holder_name,
        "k": data.kind.value,
        "u": data.valid_until.isoformat() if data.valid_until else None,
        "i": data.authority_code,
        "iat": int(issued_at.timestamp()),
    }
    # UTF-8 rather than \u escapes: a Chinese name costs 3 bytes a character, not 6.
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    return jws.serialize_compact({"alg": ALGORITHM, "kid": kid}, payload, key, _ALGORITHMS)


def _b64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _header_kid(token: str) -> str:
    try:
        header = json.loads(_b64url(token.split(".", 1)[0]))
    except (ValueError, binascii.Error) as exc:
        raise ForgedToken("malformed header") from exc
    kid = header.get("kid") if isinstance(header, dict) else None
    if not isinstance(kid, str):
        raise ForgedToken("no key id")
    return kid


def verify_token(token: str, keys: TokenKeyset) -> TokenClaims:
    """Check the signature (one ECDSA verification) and the claims' shape.

    Unknown key, bad signature, malformed token or claims: ``ForgedToken``. Whether the licence
    is still valid is the live status's business, not the token's.
    """
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        raise ForgedToken("malformed token")
    token = expand(token)
    if token.count(".") != 2:
        raise ForgedToken("malformed token")
    kid = _header_kid(token)
    key = keys.get(kid)
    if key is None:
        raise ForgedToken(f"unknown key {kid}")
    try:
        verified = jws.deserialize_compact(token, key, _ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise ForgedToken("signature does not verify") from exc
    if verified.protected.get("kid") != kid:
        raise ForgedToken("key id mismatch")
    return _claims(verified.payload, kid)


def _claims(payload: bytes, kid: str) -> TokenClaims:
    try:
        raw = json.loads(payload)
        if not isinstance(raw, dict):
            raise TypeError("claims must be an object")
        number, version = raw["n"], raw["v"]
        if not isinstance(number, str) or type(version) is not int:
            raise TypeError("n must be a string, v an integer")
        claims = (
            TokenClaims(number=number, version=version, issuer=kid.split("-", 1)[0], kid=kid)
            if raw.keys() == {"n", "v"}
            else _printed_claims(raw, number, version, kid)
        )
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        raise ForgedToken("malformed claims") from exc
    if not kid.startswith(f"{claims.issuer}-"):
        raise ForgedToken("issuer does not own the signing key")
    return claims


def _printed_claims(raw: dict[str, Any], number: str, version: int, kid: str) -> TokenClaims:
    """The claims of a token printed before the short form."""
    holder, issuer, iat, until = raw["h"], raw["i"], raw["iat"], raw.get("u")
    if not (isinstance(holder, str) and isinstance(issuer, str)):
        raise TypeError("text claims must be strings")
    if type(iat) is not int:
        raise TypeError("iat must be an integer")
    return TokenClaims(
        number=number,
        version=version,
        issuer=issuer,
        kid=kid,
        holder_name=holder,
        kind=LicenceKind(raw["k"]),
        valid_until=date.fromisoformat(until) if until is not None else None,
        issued_at=datetime.fromtimestamp(iat, UTC),
    )
