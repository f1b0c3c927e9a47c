"""Eleven years of one PKI, with the clock moved: the CRL lapses after 30 days, authority
certificates after 5 years, the TSA's and the root's first certificates after 10. After the
automatic CRL renewal and the commands an operator runs (``keys rotate``, ``keys renew-tsa``,
``keys renew-root``, ``licences renew-archive``), signing keeps working and every licence
signed on the way stays genuine: for our verifier and for plain pyHanko trusting only the
published root. A forged or extended copy is still refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko_certvalidator import ValidationContext

from certificates import archive, lifecycle
from certificates.config import SigningConfig
from certificates.errors import SigningKeyUnusable
from certificates.pki import init_pki, load_pki
from certificates.render import render_licence
from certificates.signing import sign_licence
from certificates.tokens import issue_token
from certificates.verification import verify_pdf
from tests.factories.forgery import overlay_text, update
from tests.factories.licences import AUTHORITIES, licence_data

YEAR = timedelta(days=365)
CODES = ("310000", "310115")


@pytest.fixture
def config(tmp_path: Path) -> SigningConfig:
    return SigningConfig(
        data_dir=tmp_path, key_passphrase=b"pw", public_url="https://medreg.example.gov.cn"
    )


@pytest.fixture
def t0() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


Travel = Callable[[timedelta], time_machine.travel]


@pytest.fixture
def travel(t0: datetime) -> Travel:
    """``travel(delta)``: a context manager that moves every clock to ``t0 + delta``."""

    def to(delta: timedelta) -> time_machine.travel:
        return time_machine.travel(t0 + delta, tick=True)

    return to


async def sign(config: SigningConfig, authority: str) -> bytes:
    pki = load_pki(config)
    data = licence_data(authority=authority)
    url = config.verify_url(issue_token(data, pki))
    return await sign_licence(render_licence(data, url, config), authority, pki, config)


async def problems(pdf: bytes, config: SigningConfig) -> tuple[str, ...]:
    return (await verify_pdf(pdf, load_pki(config))).problems


def _crls(reader: PdfFileReader, published: bytes) -> list[bytes]:
    dss = DocumentSecurityStore.read_dss(reader)
    return [published, *(ref.get_object().data for ref in dss.crls)]


def _token_time(signed_data: object) -> datetime:
    content = signed_data["encap_content_info"]["content"]  # type: ignore[index]
    gen_time: datetime = content.parsed["gen_time"].native
    return gen_time


async def pyhanko_trusting_only(pdf: bytes, root_pem: bytes, published_crl: bytes) -> bool:
    """pyHanko alone, trusting only the published root: the signature as of its time-stamp,
    each document time-stamp as of the next one, the last as of now, revocation data from
    the document and the published CRL; the signature's modification level and coverage."""
    root = asn1_x509.Certificate.load(pem.unarmor(root_pem)[2])
    reader = PdfFileReader(BytesIO(pdf))
    (signature,) = reader.embedded_regular_signatures
    stamps = reader.embedded_timestamp_signatures
    crls = _crls(reader, published_crl)

    def context(moment: datetime) -> ValidationContext:
        return ValidationContext(trust_roots=[root], crls=crls, allow_fetching=False, moment=moment)

    moments = [*(_token_time(ts.signed_data) for ts in stamps[1:]), datetime.now(UTC)]
    (signature_timestamp,) = extract_tst_data_iter(signature.signer_info, signed=False)
    status = await async_validate_pdf_signature(
        signature,
        signer_validation_context=context(_token_time(signature_timestamp)),
        ts_validation_context=context(moments[0]),
    )
    ok = bool(status.bottom_line) and status.modification_level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
    )
    for ts, moment in zip(stamps, moments, strict=True):
        ts_status = await async_validate_pdf_timestamp(ts, validation_context=context(moment))
        ok &= ts_status.valid and ts_status.intact and ts_status.trusted
    return ok


def published(config: SigningConfig) -> tuple[bytes, bytes]:
    """The root certificate and CRL as ``/pki/root.pem`` and ``/pki/crl/root.crl`` serve them."""
    directory = config.pki_dir
    return (directory / "root.crt.pem").read_bytes(), (directory / "crl" / "root.crl").read_bytes()


async def assert_genuine(config: SigningConfig, licences: dict[str, bytes]) -> None:
    root, crl = published(config)
    for name, pdf in licences.items():
        assert await problems(pdf, config) == (), name
        assert await pyhanko_trusting_only(pdf, root, crl), name


async def test_licences_stay_genuine_for_eleven_years_of_renewals(
    config: SigningConfig, travel: Travel
) -> None:
    licences: dict[str, bytes] = {}
    with travel(timedelta(0)):
        init_pki(config, [a for a in AUTHORITIES if a.code in CODES], now=datetime.now(UTC))
        licences["A (day 0)"] = await sign(config, "310115")
        await assert_genuine(config, licences)

    with travel(timedelta(days=40)):
        # The CRL lapsed on day 30: the last time-stamp cannot be checked as of now.
        assert "a document time-stamp is invalid" in await problems(licences["A (day 0)"], config)
        done = lifecycle.maintain(config, datetime.now(UTC))  # what the worker loop runs
        assert done.crl_renewed_until is not None
        licences["B (day 40)"] = await sign(config, "310115")
        await assert_genuine(config, licences)

    with travel(5 * YEAR - timedelta(days=20)):
        lifecycle.maintain(config, datetime.now(UTC))
        due = {
            (row.role, row.name) for row in lifecycle.due_soon(load_pki(config), datetime.now(UTC))
        }
        assert {("authority", code) for code in CODES} <= due
        for code in CODES:
            lifecycle.rotate_authority(config, code, datetime.now(UTC))

    with travel(6 * YEAR):
        lifecycle.maintain(config, datetime.now(UTC))
        signer_of_a = PdfFileReader(BytesIO(licences["A (day 0)"])).embedded_signatures[0]
        assert signer_of_a.signer_cert.not_valid_after < datetime.now(UTC)  # long expired
        licences["C (year 6)"] = await sign(config, "310115")
        await assert_genuine(config, licences)

    with travel(10 * YEAR - timedelta(days=45)):
        lifecycle.maintain(config, datetime.now(UTC))
        for code in CODES:  # the second generation ends in five days
            lifecycle.rotate_authority(config, code, datetime.now(UTC))

    with travel(10 * YEAR - timedelta(days=20)):
        now = datetime.now(UTC)
        lifecycle.maintain(config, now)
        due = {(row.role, row.name) for row in lifecycle.due_soon(load_pki(config), now)}
        assert due == {("root", "root"), ("tsa", "tsa")}
        lifecycle.renew_root_certificate(config, now)
        lifecycle.renew_tsa(config, now)
        assert lifecycle.due_soon(load_pki(config), now) == []
        pki = load_pki(config)
        for name, pdf in list(licences.items()):
            expiry = archive.archive_expiry(pdf)
            assert expiry is not None
            assert expiry < now + archive.RENEWAL_WINDOW, name
            licences[name] = await archive.renew_pdf(pdf, pki, config, now)
            renewed_until = archive.archive_expiry(licences[name])
            assert renewed_until is not None
            assert renewed_until > now + 9 * YEAR

    with travel(11 * YEAR):
        lifecycle.maintain(config, datetime.now(UTC))
        licences["D (year 11)"] = await sign(config, "310000")
        await assert_genuine(config, licences)
        forged = update(licences["A (day 0)"], overlay_text)
        assert await problems(forged, config)
        root, crl = published(config)
        assert not await pyhanko_trusting_only(forged, root, crl)


async def test_signing_refuses_an_expired_key(config: SigningConfig, travel: Travel) -> None:
    with travel(timedelta(0)):
        init_pki(config, [a for a in AUTHORITIES if a.code in CODES], now=datetime.now(UTC))
    with travel(5 * YEAR + timedelta(days=1)):
        lifecycle.maintain(config, datetime.now(UTC))
        with pytest.raises(SigningKeyUnusable, match=r"keys rotate --authority 310115"):
            await sign(config, "310115")
