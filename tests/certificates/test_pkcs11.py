"""Signing with a key held in an HSM: SoftHSM2 through PKCS#11 gives the same B-LTA licence."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pkcs11
import pytest
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute
from pkcs11.util.ec import decode_ec_private_key
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates.config import Pkcs11Config, SigningConfig
from certificates.pki import Pki
from certificates.render import render_licence
from certificates.signing import _KeptKeySigner, _kit, sign_licence
from certificates.tokens import issue_token
from certificates.verification import verify_pdf
from tests.factories.licences import first_signature_block, licence_data, pdfsig, require_tool

SOFTHSM_MODULES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
)
TOKEN_LABEL = "medreg-test"
USER_PIN = "123456"


@pytest.fixture
def hsm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pki: Pki) -> Pkcs11Config:
    """A SoftHSM2 token holding Pudong's signing key (as a key migrated into an HSM)."""
    util = require_tool("softhsm2-util", "softhsm2")
    module = next((m for m in SOFTHSM_MODULES if m.exists()), None)
    if module is None:
        pytest.fail("libsofthsm2.so is missing; install the Debian package softhsm2")
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path}/tokens\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(
        [
            util,
            "--init-token",
            "--free",
            "--label",
            TOKEN_LABEL,
            "--pin",
            USER_PIN,
            "--so-pin",
            "65432100",
        ],
        check=True,
        capture_output=True,
    )
    der = pki.authority_key("310115").private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    token = pkcs11.lib(str(module)).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=USER_PIN) as session:
        attributes = decode_ec_private_key(der)
        attributes.update(
            {
                Attribute.LABEL: "medreg-310115",
                Attribute.ID: b"\x31\x01\x15",
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.EXTRACTABLE: False,
                Attribute.SIGN: True,
            }
        )
        session.create_object(attributes)
    return Pkcs11Config(module_path=module, token_label=TOKEN_LABEL, user_pin=USER_PIN)


async def test_a_licence_signed_in_softhsm_validates_like_the_others(
    hsm: Pkcs11Config,
    pki: Pki,
    signing_config: SigningConfig,
    tmp_path: Path,
    nss_trusting_root: Path,
) -> None:
    config = SigningConfig(
        data_dir=signing_config.data_dir,
        key_passphrase=signing_config.key_passphrase,
        public_url=signing_config.public_url,
        pkcs11=hsm,
    )
    data = licence_data()
    url = config.verify_url(issue_token(data, pki))
    pdf = await sign_licence(render_licence(data, url, config), "310115", pki, config)

    signer = _kit(pki, config).signer_for("310115")
    assert not isinstance(signer, _KeptKeySigner)  # really the PKCS#11 path
    assert "PKCS11" in type(signer).__name__
    result = await verify_pdf(pdf, pki)
    assert result.genuine, result.problems
    assert result.authority_code == "310115"
    (signature,) = PdfFileReader(BytesIO(pdf)).embedded_regular_signatures
    assert signature.signer_cert.sha256 == signer.signing_cert.sha256
    block = first_signature_block(pdfsig(pdf, nss_trusting_root, tmp_path))
    assert "Signature is Valid." in block
    assert "Certificate is Trusted." in block
