"""Public verification: a forged QR code, an uploaded PDF (genuine, tampered, too large), the
lookup by number + name (masked, throttled), and what offline verifiers download."""

from __future__ import annotations

import base64

import httpx
import pytest
from cryptography import x509
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from access.actor import Actor
from certificates.pki import Pki
from certificates.tokens import TokenKeyset, verify_token
from registry.licences.service import MAX_PDF_BYTES
from tests.factories.clients import gql_as
from tests.factories.licences import Issued, issue_nurse_licence
from tests.factories.workflow import City
from tests.schema.certificates.documents import LOOKUP, PDF_CHECK, scan, verify


@pytest.fixture
async def zhang(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
) -> Issued:
    return await issue_nurse_licence(session, sessions, app, city, actors, "zhang", "张晓华")


async def _check_pdf(client: httpx.AsyncClient, pdf: str) -> dict[str, object]:
    body = await gql_as(client, None, PDF_CHECK, {"pdf": pdf})
    assert "errors" not in body, body
    result: dict[str, object] = body["data"]["verifyLicencePdf"]
    return result


async def test_a_forged_or_altered_token_says_forged(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    altered = zhang.token[:-6] + ("AAAAAA" if not zhang.token.endswith("AAAAAA") else "BBBBBB")
    for token in (altered, "not-a-token", "a.b.c"):
        assert await scan(client, token) == "FORGED"
        verified = await verify(client, token)
        assert verified["status"] == "FORGED"
        assert verified["number"] is None
        assert verified["holderName"] is None
    page = (await client.get(f"/v/{altered}")).text
    assert "张晓华" not in page
    assert "伪造" in page or "无法核验" in page


async def test_an_uploaded_pdf_is_validated_and_its_live_status_reported(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    assert zhang.licence.pdf is not None
    genuine = await _check_pdf(client, base64.b64encode(zhang.licence.pdf).decode())
    assert genuine["__typename"] == "PdfVerification"
    assert genuine["genuine"] is True, genuine["problems"]
    assert genuine["signed"] is True
    assert genuine["problems"] == []
    assert genuine["licence"] == {
        "status": "VALID",
        "number": zhang.number,
        "version": 1,
        "holderName": "张晓华",
        "issuer": {"code": "310115"},
    }

    tampered = bytearray(zhang.licence.pdf)
    position = len(tampered) // 3
    tampered[position] ^= 0x01
    verdict = await _check_pdf(client, base64.b64encode(bytes(tampered)).decode())
    assert verdict["genuine"] is False
    assert verdict["problems"]


async def test_an_ordinary_unsigned_pdf_is_told_apart_from_a_forgery(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="An ordinary PDF, signed by nobody")
    plain = bytes(document.output())
    verdict = await _check_pdf(client, base64.b64encode(plain).decode())
    assert verdict["__typename"] == "PdfVerification"
    assert (verdict["genuine"], verdict["signed"]) == (False, False)
    assert verdict["licence"] is None


@pytest.mark.parametrize(
    ("payload", "message", "code", "params"),
    [
        ("this is not base64!", "not base64", "NOT_BASE64", []),
        (base64.b64encode(b"hello").decode(), "not a PDF", "NOT_A_PDF", []),
        (
            base64.b64encode(b"%PDF-" + b"0" * MAX_PDF_BYTES).decode(),
            "larger than 10 MB",
            "FILE_TOO_LARGE",
            [{"name": "maxMb", "value": "10"}],
        ),
    ],
)
async def test_a_bad_upload_is_a_validation_error_with_its_code(
    client: httpx.AsyncClient, payload: str, message: str, code: str, params: list[object]
) -> None:
    result = await _check_pdf(client, payload)
    assert result["__typename"] == "ValidationError"
    assert result["reason"] == code
    [field] = result["fields"]  # type: ignore[misc]
    assert (field["field"], field["code"], field["params"]) == ("pdfBase64", code, params)
    assert message in str(result["message"])


async def test_lookup_by_number_and_name_masks_and_throttles(
    client: httpx.AsyncClient, zhang: Issued
) -> None:
    async def lookup(number: str, name: str) -> dict[str, object]:
        body = await gql_as(client, None, LOOKUP, {"number": number, "holderName": name})
        result: dict[str, object] = body["data"]["lookupLicence"]
        return result

    found = await lookup(zhang.number.lower(), " 张晓华 ")
    assert found["__typename"] == "LicenceVerification"
    assert (found["status"], found["number"], found["holderName"]) == (
        "VALID",
        zhang.number,
        "张*华",
    )
    assert (await lookup(zhang.number, "李明"))["__typename"] == "NotFound"
    assert (await lookup("", "张晓华"))["__typename"] == "ValidationError"
    assert (await lookup(zhang.number, "张晓华"))["__typename"] == "LicenceVerification"
    limited = await lookup(zhang.number, "张晓华")  # the test settings allow 3 a minute
    assert limited["__typename"] == "RateLimited"
    assert int(str(limited["retryAfterSeconds"])) > 0


async def test_offline_verifiers_get_the_keys_the_crl_and_the_root(
    client: httpx.AsyncClient, zhang: Issued, licence_pki: Pki
) -> None:
    jwks = await client.get("/.well-known/jwks.json")
    assert jwks.status_code == 200
    assert jwks.headers["access-control-allow-origin"] == "*"
    document = jwks.json()
    assert len(document["keys"]) == 17
    assert all("d" not in key for key in document["keys"])  # public halves only
    claims = verify_token(zhang.token, TokenKeyset.from_jwks(document))
    assert (claims.number, claims.issuer) == (zhang.number, "310115")

    root = await client.get("/pki/root.crt")
    assert root.headers["content-type"] == "application/pkix-cert"
    assert x509.load_der_x509_certificate(root.content) == licence_pki.root
    pem = await client.get("/pki/root.pem")
    assert x509.load_pem_x509_certificate(pem.content) == licence_pki.root

    (name,) = licence_pki.crls
    crl = await client.get(f"/pki/crl/{name}.crl")
    assert crl.headers["content-type"] == "application/pkix-crl"
    assert x509.load_der_x509_crl(crl.content).issuer == licence_pki.root.subject
    assert (await client.get("/pki/crl/nope.crl")).status_code == 404
    assert (await client.get("/pki/crl/..%2Froot.crl")).status_code == 404
