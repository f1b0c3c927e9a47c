"""``tsa_url`` set: time-stamps come from an RFC 3161 service over HTTP instead of in-process."""

from __future__ import annotations

from certificates.config import SigningConfig
from certificates.pki import Pki
from certificates.render import render_licence
from certificates.signing import sign_licence
from certificates.tokens import issue_token
from certificates.verification import verify_pdf
from tests.factories.licences import licence_data
from tests.factories.tsa import serving_tsa


async def test_signing_with_a_remote_tsa_gives_a_genuine_b_lta_licence(
    pki: Pki, signing_config: SigningConfig
) -> None:
    with serving_tsa(pki) as tsa:
        config = SigningConfig(
            data_dir=signing_config.data_dir,
            key_passphrase=signing_config.key_passphrase,
            public_url=signing_config.public_url,
            tsa_url=tsa.url,
        )
        data = licence_data()
        verify_url = config.verify_url(issue_token(data, pki))
        pdf = await sign_licence(render_licence(data, verify_url, config), "310115", pki, config)
    assert len(tsa.replies) >= 2  # signature time-stamp and document time-stamp, at least
    result = await verify_pdf(pdf, pki)
    assert result.genuine, result.problems
    assert result.archived_until is not None
