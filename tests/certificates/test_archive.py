"""Archive renewals made by pyHanko are accepted, any number of them; anything else appended
is refused. The README's independent check (pyHanko's own command line, trusting only the
published root and fetching our CRL over HTTP) tells genuine from forged; pdfsig cannot."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates.archive import archive_expiry, renew_pdf
from certificates.config import SigningConfig
from certificates.pki import Pki, init_pki, load_pki
from certificates.render import render_licence
from certificates.signing import sign_licence
from certificates.tokens import issue_token
from certificates.values import LicenceKind
from certificates.verification import verify_pdf
from tests.factories.forgery import overlay_text, pdfsig_report, update
from tests.factories.licences import AUTHORITIES, SignedSample, licence_data
from tests.factories.tsa import serving_tsa


async def test_repeated_pyhanko_archive_renewals_stay_genuine(
    signed: dict[LicenceKind, SignedSample], pki: Pki, signing_config: SigningConfig
) -> None:
    pdf = signed[LicenceKind.NURSE_PRACTICE].pdf
    now = datetime.now(UTC)
    once = await renew_pdf(pdf, pki, signing_config, now)
    twice = await renew_pdf(once, pki, signing_config, now)
    assert len(PdfFileReader(BytesIO(twice)).embedded_timestamp_signatures) == 3
    for renewed in (once, twice):
        result = await verify_pdf(renewed, pki)
        assert result.genuine, result.problems
    assert archive_expiry(twice) == pki.tsa_cert.not_valid_after_utc


def _last_time_stamp_covers_everything(pdf: bytes) -> bool:
    reader = PdfFileReader(BytesIO(pdf))
    last = reader.embedded_timestamp_signatures[-1]
    return bool(last.signed_revision == reader.xrefs.total_revisions - 1)


async def test_signing_and_renewals_stay_genuine_when_the_tsa_answers_a_second_later(
    pki: Pki, signing_config: SigningConfig
) -> None:
    """pyHanko writes the time of writing into the XMP metadata of every revision it adds:
    validation data written after a new time-stamp, in a later second, changed /Metadata
    after it, and the licence failed our own check. The clock stands still here except while
    the TSA answers, so the revisions before and after its answer are a second apart."""
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:

        def one_second_later() -> None:
            clock.shift(timedelta(seconds=1))

        with serving_tsa(pki, before_reply=one_second_later) as tsa:
            config = replace(signing_config, tsa_url=tsa.url)
            data = licence_data()
            unsigned = render_licence(data, config.verify_url(issue_token(data, pki)), config)
            signed = await sign_licence(unsigned, data.authority_code, pki, config)
            once = await renew_pdf(signed, pki, config, datetime.now(UTC))
            twice = await renew_pdf(once, pki, config, datetime.now(UTC))
        for name, pdf in {"signed": signed, "once": once, "twice": twice}.items():
            assert _last_time_stamp_covers_everything(pdf), name
            result = await verify_pdf(pdf, pki)
            assert result.genuine, (name, result.problems)


async def test_content_appended_after_a_renewal_is_refused(
    signed: dict[LicenceKind, SignedSample], pki: Pki, signing_config: SigningConfig
) -> None:
    renewed = await renew_pdf(
        signed[LicenceKind.NURSE_PRACTICE].pdf, pki, signing_config, datetime.now(UTC)
    )

    def retitle(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"].get_object()
        info[generic.NameObject("/Title")] = generic.TextStringObject("有效期至 2099年")
        writer.update_container(info)

    overlaid = await verify_pdf(update(renewed, overlay_text), pki)
    assert not overlaid.genuine
    assert any("changed after signing" in p for p in overlaid.problems), overlaid.problems
    retitled = await verify_pdf(update(renewed, retitle), pki)
    assert retitled.problems == ("content was appended after the last document time-stamp",)


@pytest.fixture
def served_pki(tmp_path: Path) -> Iterator[tuple[SigningConfig, Path]]:
    """A PKI whose certificates name a CRL served here over HTTP, as ours is in production."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *_args: None  # type: ignore[method-assign,assignment]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    config = SigningConfig(
        data_dir=tmp_path,
        key_passphrase=b"pw",
        public_url=f"http://127.0.0.1:{server.server_address[1]}",
    )
    init_pki(config, AUTHORITIES[:1], now=datetime.now(UTC))
    yield config, tmp_path
    server.shutdown()
    server.server_close()


def _pyhanko_says(pdf: bytes, root: Path, tmp_path: Path) -> tuple[int, str]:
    cli = Path(sys.executable).parent / "pyhanko"
    if not cli.exists():
        pytest.fail("the pyhanko command is missing: pip install pyhanko-cli")
    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf)
    command = [cli, "sign", "validate", "--trust", root, "--trust-replace", "--executive-summary"]
    done = subprocess.run([*command, path], capture_output=True, check=False, timeout=120)
    return done.returncode, done.stdout.decode()


async def test_the_readme_recipe_tells_genuine_from_forged_where_pdfsig_cannot(
    served_pki: tuple[SigningConfig, Path], tmp_path: Path
) -> None:
    config, home = served_pki
    # The CRL's URL in the certificates is {public_url}/pki/crl/root.crl: serve the PKI there.
    pki = load_pki(config)
    data = licence_data(authority="310000")
    url = config.verify_url(issue_token(data, pki))
    genuine = await sign_licence(render_licence(data, url, config), "310000", pki, config)
    forged = update(genuine, overlay_text)
    root = home / "pki" / "root.crt.pem"
    code, out = await asyncio.to_thread(_pyhanko_says, genuine, root, tmp_path)
    assert (code, out.strip().rsplit(":", 1)[-1]) == (0, "VALID"), out
    code, out = await asyncio.to_thread(_pyhanko_says, forged, root, tmp_path)
    assert (code, out.strip().rsplit(":", 1)[-1]) == (1, "INVALID"), out
    # pdfsig calls the forged copy's signature valid: it is not an independent check alone.
    assert "Signature is Valid." in pdfsig_report(forged, tmp_path).split("Signature #2:")[0]
