"""Signed licences, checked by poppler (NSS) and by pyHanko: PAdES B-LTA, trusted to the root."""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext

from certificates.pki import Pki
from certificates.signing import as_asn1_cert
from certificates.values import LicenceKind
from certificates.verification import verify_pdf
from tests.factories.licences import SignedSample, first_signature_block, pdfsig

KINDS = list(LicenceKind)


def validation_context(pki: Pki) -> ValidationContext:
    return ValidationContext(
        trust_roots=[as_asn1_cert(pki.root)],
        crls=list(pki.crls.values()),
        allow_fetching=False,
        revocation_mode="hard-fail",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_pdfsig_finds_a_valid_signature_trusted_through_the_root(
    kind: LicenceKind,
    signed: dict[LicenceKind, SignedSample],
    nss_trusting_root: Path,
    tmp_path: Path,
) -> None:
    block = first_signature_block(pdfsig(signed[kind].pdf, nss_trusting_root, tmp_path))
    assert "Signature Validation: Signature is Valid." in block
    assert "Certificate Validation: Certificate is Trusted." in block
    assert "Signature Type: ETSI.CAdES.detached" in block
    assert signed[kind].data.authority_name_zh in block


def test_pdfsig_does_not_trust_it_without_the_root(
    signed: dict[LicenceKind, SignedSample], nss_empty: Path, tmp_path: Path
) -> None:
    block = first_signature_block(
        pdfsig(signed[LicenceKind.NURSE_PRACTICE].pdf, nss_empty, tmp_path)
    )
    assert "Signature is Valid." in block
    assert "Certificate is Trusted." not in block


@pytest.mark.parametrize("kind", KINDS)
async def test_pyhanko_validates_a_certified_b_lta_signature(
    kind: LicenceKind, signed: dict[LicenceKind, SignedSample], pki: Pki
) -> None:
    reader = PdfFileReader(BytesIO(signed[kind].pdf))
    (signature,) = reader.embedded_regular_signatures
    context = validation_context(pki)
    status = await async_validate_pdf_signature(
        signature, signer_validation_context=context, ts_validation_context=context
    )
    assert status.bottom_line, status.pretty_print_details()
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.docmdp_ok
    assert status.modification_level == ModificationLevel.LTA_UPDATES
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.valid
    assert status.timestamp_validity.trusted  # the signature time-stamp (B-T)
    # Validation data embedded in the DSS (B-LT): certificates and the root's CRL.
    dss = reader.root["/DSS"]
    dss_certs = {hashlib.sha256(ref.get_object().data).hexdigest() for ref in dss["/Certs"]}
    signer = pki.authorities[signed[kind].data.authority_code].cert
    for cert in (signer, pki.tsa_cert):
        assert cert.fingerprint(hashes.SHA256()).hex() in dss_certs
    assert pki.crls["root"] in [ref.get_object().data for ref in dss["/CRLs"]]
    # The document time-stamp over all of it (B-LTA), covering the whole file.
    (archive,) = reader.embedded_timestamp_signatures
    ts_status = await async_validate_pdf_timestamp(archive, validation_context=context)
    assert ts_status.valid
    assert ts_status.intact
    assert ts_status.trusted
    assert ts_status.coverage is not None
    assert ts_status.coverage.name == "ENTIRE_FILE"


@pytest.mark.parametrize("kind", KINDS)
async def test_verify_pdf_accepts_a_genuine_licence_and_names_it(
    kind: LicenceKind, signed: dict[LicenceKind, SignedSample], pki: Pki
) -> None:
    sample = signed[kind]
    result = await verify_pdf(sample.pdf, pki)
    assert result.genuine, result.problems
    assert result.authority_code == sample.data.authority_code
    assert result.claims is not None
    assert (result.claims.number, result.claims.version) == (sample.data.number, 1)
    assert result.signed_at is not None
    assert result.archived_until is not None


async def test_a_licence_signed_by_a_foreign_pki_is_not_genuine(
    tmp_path: Path, signed: dict[LicenceKind, SignedSample], pki: Pki
) -> None:
    from datetime import UTC, datetime

    from certificates.config import SigningConfig
    from certificates.pki import init_pki, load_pki
    from certificates.render import render_licence
    from certificates.signing import sign_licence
    from certificates.tokens import issue_token
    from tests.factories.licences import AUTHORITIES

    foreign_config = SigningConfig(
        data_dir=tmp_path, key_passphrase=b"other", public_url="https://medreg.example.gov.cn"
    )
    init_pki(foreign_config, AUTHORITIES[:12], now=datetime.now(UTC))
    foreign = load_pki(foreign_config)
    data = signed[LicenceKind.NURSE_PRACTICE].data
    url = foreign_config.verify_url(issue_token(data, foreign))
    pdf = await sign_licence(
        render_licence(data, url, foreign_config), data.authority_code, foreign, foreign_config
    )
    assert (await verify_pdf(pdf, foreign)).genuine  # fine under its own root …
    result = await verify_pdf(pdf, pki)  # … but not under the commission's
    assert not result.genuine
    assert any("not trusted" in p for p in result.problems)
