"""QR tokens: genuine ones verify with one key; anything else is ForgedToken."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jws
from joserfc.jwk import ECKey

from certificates.errors import ForgedToken
from certificates.pki import Pki
from certificates.tokens import TokenKeyset, issue_token, jwks, key_id, keyset, verify_token
from certificates.values import LicenceKind
from tests.factories.licences import licence_data


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _parts(token: str) -> tuple[dict[str, object], dict[str, object], str]:
    header, payload, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


@pytest.mark.parametrize("kind", list(LicenceKind))
def test_a_genuine_token_verifies_and_carries_only_the_minimum(kind: LicenceKind, pki: Pki) -> None:
    data = licence_data(kind)
    token = issue_token(data, pki)
    header, payload, _ = _parts(token)
    kid = key_id("310115", pki.authority_key("310115").public_key())
    assert header == {"alg": "ES256", "kid": kid}
    assert set(payload) == {"n", "v", "h", "k", "u", "i", "iat"}
    claims = verify_token(token, keyset(pki))
    assert claims.number == data.number
    assert claims.version == 1
    assert claims.holder_name == data.holder_name
    assert claims.kind is kind
    assert claims.valid_until == data.valid_until
    assert claims.issuer == "310115"


def test_a_token_signed_with_a_foreign_key_under_our_kid_is_forged(pki: Pki) -> None:
    token = issue_token(licence_data(), pki)
    header, payload, _ = _parts(token)
    foreign = ECKey.import_key(ec.generate_private_key(ec.SECP256R1()))
    forged = jws.serialize_compact(header, json.dumps(payload).encode(), foreign, ["ES256"])
    with pytest.raises(ForgedToken, match="signature"):
        verify_token(forged, keyset(pki))


def test_a_changed_claim_breaks_the_signature(pki: Pki) -> None:
    token = issue_token(licence_data(), pki)
    header_b64, _, signature = token.split(".")
    _, payload, _ = _parts(token)
    payload["u"] = "2099-12-31"
    tampered = f"{header_b64}.{_b64(json.dumps(payload).encode())}.{signature}"
    with pytest.raises(ForgedToken):
        verify_token(tampered, keyset(pki))


def test_an_unknown_kid_is_forged(pki: Pki) -> None:
    token = issue_token(licence_data(), pki)
    _, payload_b64, signature = token.split(".")
    header = _b64(json.dumps({"alg": "ES256", "kid": "310115-00000000"}).encode())
    with pytest.raises(ForgedToken, match="unknown key"):
        verify_token(f"{header}.{payload_b64}.{signature}", keyset(pki))


def test_another_authoritys_key_cannot_vouch_for_this_issuer(pki: Pki) -> None:
    # Signed correctly by Xuhui's key, but claiming Pudong issued it.
    data = licence_data(authority="310104")
    token = issue_token(data, pki)
    header, payload, _ = _parts(token)
    payload["i"] = "310115"
    key = ECKey.import_key(pki.authority_key("310104"))
    relabelled = jws.serialize_compact(header, json.dumps(payload).encode(), key, ["ES256"])
    with pytest.raises(ForgedToken, match="issuer"):
        verify_token(relabelled, keyset(pki))


@pytest.mark.parametrize(
    "token",
    ["", "abc", "a.b.c", "a.b", "x" * 5000, "eyJhbGciOiJub25lIn0.e30.", "...."],
)
def test_malformed_tokens_are_forged(token: str, pki: Pki) -> None:
    with pytest.raises(ForgedToken):
        verify_token(token, keyset(pki))


def test_alg_none_and_hmac_are_refused(pki: Pki) -> None:
    token = issue_token(licence_data(), pki)
    header, payload, _ = _parts(token)
    for alg in ("none", "HS256"):
        forged_header = _b64(json.dumps({**header, "alg": alg}).encode())
        with pytest.raises(ForgedToken):
            verify_token(f"{forged_header}.{_b64(json.dumps(payload).encode())}.", keyset(pki))


def test_the_published_jwks_verifies_offline_and_holds_no_private_part(pki: Pki) -> None:
    document = jwks(pki)
    assert len(document["keys"]) == len(pki.authorities)
    for entry in document["keys"]:
        assert set(entry) == {"kty", "crv", "x", "y", "kid", "use", "alg"}
    token = issue_token(licence_data(authority="310151"), pki)
    assert verify_token(token, TokenKeyset.from_jwks(document)).issuer == "310151"
