"""QR tokens: genuine ones verify with one key; anything else is ForgedToken. The short
form printed now and the full JWS printed before both verify, online and offline."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jws
from joserfc.jwk import ECKey

from certificates.errors import ForgedToken
from certificates.pki import Pki
from certificates.tokens import (
    TokenKeyset,
    expand,
    issue_token,
    jwks,
    key_id,
    keyset,
    verify_token,
)
from certificates.values import LicenceKind
from tests.factories.licences import licence_data, token_printed_before


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _parts(token: str) -> tuple[dict[str, object], dict[str, object], str]:
    header, payload, signature = expand(token).split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


@pytest.mark.parametrize("kind", list(LicenceKind))
def test_a_genuine_token_is_short_and_names_only_the_licence(kind: LicenceKind, pki: Pki) -> None:
    data = licence_data(kind)
    token = issue_token(data, pki)
    kid = key_id("310115", pki.authority_key("310115").public_key())
    assert token.startswith(f"{kid}.{data.number}.1.")
    assert len(token) == len(kid) + len(data.number) + len("...1") + 86  # 86: the signature
    header, payload, _ = _parts(token)
    assert header == {"alg": "ES256", "kid": kid}
    assert payload == {"n": data.number, "v": 1}
    claims = verify_token(token, keyset(pki))
    assert (claims.number, claims.version, claims.issuer, claims.kid) == (
        data.number,
        1,
        "310115",
        kid,
    )
    assert claims.holder_name is None  # read live, not from the token
    assert verify_token(expand(token), keyset(pki)) == claims  # the standard JWS it stands for


def test_a_token_printed_before_the_short_form_still_verifies(pki: Pki) -> None:
    data = licence_data(LicenceKind.PHYSICIAN_PRACTICE, valid_until=date(2031, 11, 24))
    claims = verify_token(token_printed_before(data, pki), keyset(pki))
    assert (claims.number, claims.version, claims.issuer) == (data.number, 1, "310115")
    assert (claims.holder_name, claims.kind) == (data.holder_name, data.kind)
    assert claims.valid_until == date(2031, 11, 24)


def test_a_number_the_short_form_cannot_carry_gets_a_full_token(pki: Pki) -> None:
    data = licence_data(number="沪卫医证（2019）第00031号")
    token = issue_token(data, pki)
    assert token.count(".") == 2
    claims = verify_token(token, keyset(pki))
    assert (claims.number, claims.holder_name) == (data.number, data.holder_name)


def test_a_token_signed_with_a_foreign_key_under_our_kid_is_forged(pki: Pki) -> None:
    data = licence_data()
    foreign = ECKey.import_key(ec.generate_private_key(ec.SECP256R1()))
    for token in (issue_token(data, pki), token_printed_before(data, pki)):
        header, payload, _ = _parts(token)
        forged = jws.serialize_compact(header, json.dumps(payload).encode(), foreign, ["ES256"])
        with pytest.raises(ForgedToken, match="signature"):
            verify_token(forged, keyset(pki))
    kid, number, version, _ = issue_token(data, pki).split(".")
    payload_bytes = json.dumps({"n": number, "v": int(version)}, separators=(",", ":")).encode()
    signature = jws.serialize_compact(
        {"alg": "ES256", "kid": kid}, payload_bytes, foreign, ["ES256"]
    ).rsplit(".", 1)[1]
    with pytest.raises(ForgedToken, match="signature"):
        verify_token(f"{kid}.{number}.{version}.{signature}", keyset(pki))


def test_a_changed_number_or_version_breaks_the_signature(pki: Pki) -> None:
    token = issue_token(licence_data(), pki)
    kid, number, version, signature = token.split(".")
    other_digit = "8" if number.endswith("9") else "9"  # always a different number
    for changed in (
        f"{kid}.{number[:-1]}{other_digit}.{version}.{signature}",
        f"{kid}.{number}.2.{signature}",
    ):
        with pytest.raises(ForgedToken):
            verify_token(changed, keyset(pki))


def test_a_changed_claim_of_a_full_token_breaks_the_signature(pki: Pki) -> None:
    token = token_printed_before(licence_data(), pki)
    header_b64, _, signature = token.split(".")
    _, payload, _ = _parts(token)
    payload["u"] = "2099-12-31"
    tampered = f"{header_b64}.{_b64(json.dumps(payload).encode())}.{signature}"
    with pytest.raises(ForgedToken):
        verify_token(tampered, keyset(pki))


def test_an_unknown_kid_is_forged(pki: Pki) -> None:
    _, number, version, signature = issue_token(licence_data(), pki).split(".")
    with pytest.raises(ForgedToken, match="unknown key"):
        verify_token(f"310115-00000000.{number}.{version}.{signature}", keyset(pki))


def test_another_authoritys_key_cannot_vouch_for_this_issuer(pki: Pki) -> None:
    # Signed correctly by Xuhui's key, but claiming Pudong issued it.
    data = licence_data(authority="310104")
    token = token_printed_before(data, pki)
    header, payload, _ = _parts(token)
    payload["i"] = "310115"
    key = ECKey.import_key(pki.authority_key("310104"))
    relabelled = jws.serialize_compact(header, json.dumps(payload).encode(), key, ["ES256"])
    with pytest.raises(ForgedToken, match="issuer"):
        verify_token(relabelled, keyset(pki))
    # A short token names its issuer only through its key: another kid is another key.
    _, number, version, signature = issue_token(data, pki).split(".")
    pudong = key_id("310115", pki.authority_key("310115").public_key())
    with pytest.raises(ForgedToken, match="signature"):
        verify_token(f"{pudong}.{number}.{version}.{signature}", keyset(pki))


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "a.b.c",
        "a.b",
        "x" * 5000,
        "eyJhbGciOiJub25lIn0.e30.",
        "....",
        "310115-1a2b3c4d.HS1.1." + "A" * 85,
        "310115-1a2b3c4d.HS.1.0." + "A" * 86,
        "310115-1A2B3C4D.HS1.1." + "A" * 86,
    ],
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
    data = licence_data(authority="310151")
    offline = TokenKeyset.from_jwks(document)
    assert verify_token(issue_token(data, pki), offline).issuer == "310151"
    assert verify_token(token_printed_before(data, pki), offline).issuer == "310151"
    # Any JOSE library verifies the expanded form with the published key.
    token = issue_token(data, pki)
    key = ECKey.import_key(next(k for k in document["keys"] if k["kid"] == token.split(".")[0]))
    assert json.loads(jws.deserialize_compact(expand(token), key, ["ES256"]).payload) == {
        "n": data.number,
        "v": 1,
    }
