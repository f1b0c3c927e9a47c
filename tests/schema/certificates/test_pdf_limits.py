"""``verifyLicencePdf`` under attack: each hostile file gets its own union member and code and
one INFO line in the log; the server answers other requests while a hostile file is being
checked; past the workers a check is refused at once; all clients together are rate-limited."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from api.logging import configure_logging
from api.settings import Settings
from tests.factories.clients import gql_as
from tests.factories.licences import SignedSample, licence_settings, runtime_of
from tests.schema.certificates.documents import PDF_CHECK

SMALL_LIMITS = {
    "pdf_check_workers": 1,
    "pdf_check_queue": 0,
    "pdf_check_cpu_seconds": 1,
    "pdf_check_memory_mb": 300,
}


@pytest.fixture
def settings(licence_home: Path, request: pytest.FixtureRequest) -> Settings:
    overrides: dict[str, Any] = getattr(request, "param", {})
    return licence_settings(licence_home, **SMALL_LIMITS, **overrides)


def _b64(pdf: bytes) -> str:
    return base64.b64encode(pdf).decode()


async def _check_pdf(client: httpx.AsyncClient, pdf: bytes) -> dict[str, Any]:
    body = await gql_as(client, None, PDF_CHECK, {"pdf": _b64(pdf)})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["verifyLicencePdf"]
    return result


def _params(result: dict[str, Any]) -> dict[str, str]:
    return {param["name"]: param["value"] for param in result["params"]}


@pytest.mark.parametrize(
    ("name", "member", "reason", "limit"),
    [
        ("many-objects", "PdfTooComplex", "PDF_TOO_COMPLEX", "objects"),
        ("garbage", "PdfNotReadable", "PDF_NOT_READABLE", None),
        ("nested", "PdfTooComplex", "PDF_TOO_COMPLEX", "nesting"),
        ("truncated", "PdfNotReadable", "PDF_NOT_READABLE", None),
    ],
)
async def test_each_hostile_file_gets_its_member_its_code_and_one_info_line(
    client: httpx.AsyncClient,
    hostile_pdfs: dict[str, bytes],
    capsys: pytest.CaptureFixture[str],
    name: str,
    member: str,
    reason: str,
    limit: str | None,
) -> None:
    configure_logging("INFO", json=True)
    capsys.readouterr()
    result = await _check_pdf(client, hostile_pdfs[name])
    assert (result["__typename"], result["code"], result["reason"]) == (
        member,
        "VALIDATION",
        reason,
    )
    assert _params(result).get("limit") == limit

    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    refused = [line for line in lines if line.get("event") == "pdf check refused"]
    assert len(refused) == 1, lines
    assert (refused[0]["level"], refused[0]["reason"]) == ("info", reason)
    assert not [line for line in lines if line.get("level") in ("warning", "error")]


@pytest.mark.parametrize("settings", [{"pdf_check_max_objects": 10**9}], indirect=True)
async def test_other_requests_are_served_while_a_hostile_file_is_checked(
    app: Starlette,
    client: httpx.AsyncClient,
    hostile_pdfs: dict[str, bytes],
    licence_sample: SignedSample,
) -> None:
    checks = runtime_of(app).pdf_checks
    hostile = asyncio.create_task(_check_pdf(client, hostile_pdfs["many-objects"]))
    while checks.dispatched == 0:  # past the screen, in the worker's hands
        assert not hostile.done()
        await asyncio.sleep(0)

    health = await client.get("/healthz")
    authorities = await gql_as(client, None, "{ authorities { code } }")
    # One worker, no queue: another upload is refused at once instead of waiting.
    busy = await _check_pdf(client, licence_sample.pdf)
    assert not hostile.done()

    assert health.json() == {"status": "alive"}
    assert "310115" in {a["code"] for a in authorities["data"]["authorities"]}
    assert (busy["__typename"], busy["reason"]) == ("RateLimited", "CHECKS_BUSY")
    assert busy["retryAfterSeconds"] >= 1
    result = await hostile
    assert (result["__typename"], result["reason"]) == ("PdfTooComplex", "PDF_TOO_COMPLEX")
    assert _params(result)["limit"] in {"cpu", "memory", "crash"}
    genuine = await _check_pdf(client, licence_sample.pdf)
    assert genuine["__typename"] == "PdfVerification"
    assert genuine["genuine"] is True, genuine["problems"]


@pytest.fixture
async def other_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("198.51.100.20", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


@pytest.mark.parametrize(
    "settings", [{"licence_pdf_check_global_limits": "2/minute"}], indirect=True
)
async def test_all_clients_together_are_rate_limited(
    client: httpx.AsyncClient, other_client: httpx.AsyncClient, hostile_pdfs: dict[str, bytes]
) -> None:
    truncated = hostile_pdfs["truncated"]
    assert (await _check_pdf(client, truncated))["__typename"] == "PdfNotReadable"
    assert (await _check_pdf(other_client, truncated))["__typename"] == "PdfNotReadable"
    third = await _check_pdf(other_client, truncated)  # each address made one or two
    assert (third["__typename"], third["reason"]) == ("RateLimited", "CHECKS_BUSY")
    assert third["retryAfterSeconds"] >= 1
