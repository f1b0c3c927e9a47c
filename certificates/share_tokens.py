"""Share tokens: an ES256 JWS naming one share of a licence and when it expires.

A token is ``{kid}.{share id}.{expiry}.{signature}``: the JWS whose protected header is
``{"alg":"ES256","kid":kid,"typ":"share"}`` and whose payload is ``{"s":share,"x":expiry}``
(the share's UUID as 32 hex digits, the expiry in Unix seconds), written without its two
predictable segments, as the licence QR tokens are. The ``typ`` keeps a share token from ever
passing for a licence token and back. The signature makes a guessed or edited link worthless
without a database lookup; the share's row is what revokes it.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from joserfc import jws
from joserfc.errors import JoseError

from certificates.errors import ForgedToken
from certificates.pki import Pki
from certificates.tokens import ALGORITHM, TokenKeyset, signing_key

_ALGORITHMS = (ALGORITHM,)
_TYPE = "share"
_SHORT = re.compile(
    r"(?P<kid>[0-9]{6}-[0-9a-f]{8})\.(?P<share>[0-9a-f]{32})\."
    r"(?P<expiry>[1-9][0-9]{0,11})\.(?P<signature>[A-Za-z0-9_-]{86})"
)


@dataclass(frozen=True)
class ShareClaims:
    """What a genuine share token says (its signature was checked, not its expiry)."""

    share_id: uuid.UUID
    expires_at: datetime
    issuer: str


def _segment(value: object) -> str:
    text = json.dumps(value, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def _signing_input(kid: str, share: str, expiry: int) -> tuple[dict[str, str], bytes]:
    header = {"alg": ALGORITHM, "kid": kid, "typ": _TYPE}
    return header, json.dumps({"s": share, "x": expiry}, separators=(",", ":")).encode()


def issue_share_token(
    pki: Pki, authority_code: str, share_id: uuid.UUID, expires_at: datetime
) -> str:
    """Sign a share token with the key of the authority that issued the licence."""
    kid, key = signing_key(pki, authority_code)
    expiry = int(expires_at.timestamp())
    header, payload = _signing_input(kid, share_id.hex, expiry)
    full = jws.serialize_compact(header, payload, key, _ALGORITHMS)
    return f"{kid}.{share_id.hex}.{expiry}.{full.rsplit('.', 1)[1]}"


def read_share_token(token: str, keys: TokenKeyset) -> ShareClaims:
    """Check the signature; malformed, unknown key or a bad signature: ``ForgedToken``."""
    short = _SHORT.fullmatch(token or "")
    if short is None:
        raise ForgedToken("malformed share token")
    kid = short["kid"]
    key = keys.get(kid)
    if key is None:
        raise ForgedToken(f"unknown key {kid}")
    header, payload = _signing_input(kid, short["share"], int(short["expiry"]))
    full = f"{_segment(header)}.{_segment(json.loads(payload))}.{short['signature']}"
    try:
        jws.deserialize_compact(full, key, _ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise ForgedToken("signature does not verify") from exc
    return ShareClaims(
        share_id=uuid.UUID(hex=short["share"]),
        expires_at=datetime.fromtimestamp(int(short["expiry"]), UTC),
        issuer=kid.split("-", 1)[0],
    )
