"""The ID token checks of the relying party, against the real provider's discovery document and
JWKS: what an attacker could hand us (another audience, a wrong nonce, an expired or tampered
token, a key nobody published, an unsigned or MAC-signed token) is refused; a rotated key is
found by fetching the JWKS once more."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from api.settings import Settings
from identity.oidc_client import OidcRefused, RelyingParty
from tests.factories.oidc_provider import CLIENT_SECRET, Provider, new_key
from tests.identity.oidc_fixtures import oidc_settings, provider

__all__ = ["provider"]  # fixture

NONCE = "n-0123456789"


@pytest.fixture
def relying_party(tmp_path: Path, provider: Provider) -> RelyingParty:
    settings: Settings = oidc_settings(tmp_path, provider.issuer)
    config = settings.oidc_config()
    assert config is not None
    return RelyingParty(config)


async def _refused(rp: RelyingParty, token: str) -> str:
    with pytest.raises(OidcRefused) as refused:
        await rp.validate_id_token(token, nonce=NONCE)
    return refused.value.reason


async def test_a_token_the_provider_signed_for_us_is_accepted(
    relying_party: RelyingParty, provider: Provider
) -> None:
    claims = await relying_party.validate_id_token(provider.id_token(nonce=NONCE), nonce=NONCE)
    assert claims["sub"] == "zhang"


async def test_a_token_for_another_audience_is_refused(
    relying_party: RelyingParty, provider: Provider
) -> None:
    token = provider.id_token(nonce=NONCE, aud="another-client")
    assert await _refused(relying_party, token) == "claim_aud"
    both = provider.id_token(nonce=NONCE, aud=["medreg-test", "another-client"])
    assert await _refused(relying_party, both) == "claim_azp"


async def test_a_wrong_or_missing_nonce_is_refused(
    relying_party: RelyingParty, provider: Provider
) -> None:
    assert await _refused(relying_party, provider.id_token(nonce="replayed")) == "claim_nonce"
    assert await _refused(relying_party, provider.id_token()) == "claim_nonce"


async def test_an_expired_token_is_refused_beyond_the_leeway(
    relying_party: RelyingParty, provider: Provider
) -> None:
    now = int(time.time())
    expired = provider.id_token(nonce=NONCE, iat=now - 600, exp=now - 300)
    assert await _refused(relying_party, expired) == "claim_exp"
    # Thirty seconds of clock skew are tolerated (the leeway is sixty).
    skewed = provider.id_token(nonce=NONCE, iat=now - 330, exp=now - 30)
    assert (await relying_party.validate_id_token(skewed, nonce=NONCE))["sub"] == "zhang"
    future = provider.id_token(nonce=NONCE, iat=now + 600, exp=now + 900)
    assert await _refused(relying_party, future) == "claim_iat"


async def test_a_token_from_another_issuer_is_refused(
    relying_party: RelyingParty, provider: Provider
) -> None:
    token = provider.id_token(nonce=NONCE, iss="https://idp.example.com")
    assert await _refused(relying_party, token) == "claim_iss"


async def test_a_tampered_token_is_refused(relying_party: RelyingParty, provider: Provider) -> None:
    header, payload, signature = provider.id_token(nonce=NONCE).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "李明"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert await _refused(relying_party, f"{header}.{forged}.{signature}") == "signature"


async def test_unsigned_and_secret_signed_tokens_are_refused(
    relying_party: RelyingParty, provider: Provider
) -> None:
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "aud": "medreg-test",
        "sub": "zhang",
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
    }
    with_secret = jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(CLIENT_SECRET))
    assert await _refused(relying_party, with_secret) in {"signature", "unknown_kid"}
    header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert await _refused(relying_party, f"{header}.{body}.") in {"signature", "unknown_kid"}


async def test_a_rotated_key_is_fetched_once_and_an_unknown_key_stays_refused(
    relying_party: RelyingParty, provider: Provider
) -> None:
    before = provider.id_token(nonce=NONCE)
    assert (await relying_party.validate_id_token(before, nonce=NONCE))["sub"] == "zhang"
    stranger = new_key()
    assert await _refused(relying_party, provider.id_token(stranger, nonce=NONCE)) == (
        "unknown_kid"
    )
    old_key = provider.key
    provider.restart_with_new_key()
    rotated = provider.id_token(nonce=NONCE)
    assert (await relying_party.validate_id_token(rotated, nonce=NONCE))["sub"] == "zhang"
    # The old key is no longer published, and the stranger's never was.
    assert await _refused(relying_party, provider.id_token(old_key, nonce=NONCE)) == ("unknown_kid")
    assert await _refused(relying_party, provider.id_token(stranger, nonce=NONCE)) == (
        "unknown_kid"
    )
