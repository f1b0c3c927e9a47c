"""Uploaded PDFs checked in worker processes: hostile files end with a clear error, whichever
bound stops them (the screen in the server, or the worker's CPU, memory, recursion and
wall-clock limits); a worker that had to be killed is replaced; past the queue a check is
refused at once; a genuine licence still verifies."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace

import pytest

from certificates.config import PdfCheckLimits
from certificates.errors import CertificateProblem, PdfNotReadable, PdfTooComplex
from certificates.isolation import PdfChecks
from certificates.pki import Pki
from core.errors import RateLimited
from tests.factories.licences import SignedSample

TEST_LIMITS = PdfCheckLimits(workers=1, queue=1, cpu_seconds=1, wall_seconds=60, memory_mb=300)
UNSCREENED = replace(TEST_LIMITS, max_objects=10**9, max_nesting=10**9)
"""The screen in the server lets everything through: the worker's limits have to act."""


@pytest.fixture
def checks(request: pytest.FixtureRequest) -> Iterator[PdfChecks]:
    limits: PdfCheckLimits = getattr(request, "param", TEST_LIMITS)
    checks = PdfChecks(limits)
    yield checks
    checks.close()


async def _refusal(checks: PdfChecks, pdf: bytes, pki: Pki) -> PdfNotReadable | PdfTooComplex:
    with pytest.raises((PdfNotReadable, PdfTooComplex)) as refused:
        await checks.verify(pdf, pki)
    return refused.value


@pytest.mark.parametrize(
    ("name", "reason", "limit"),
    [
        ("many-objects", CertificateProblem.PDF_TOO_COMPLEX, "objects"),
        ("garbage", CertificateProblem.PDF_NOT_READABLE, None),
        ("nested", CertificateProblem.PDF_TOO_COMPLEX, "nesting"),
        ("truncated", CertificateProblem.PDF_NOT_READABLE, None),
    ],
)
async def test_the_screen_refuses_hostile_files_before_a_worker_sees_them(
    checks: PdfChecks,
    licence_pki: Pki,
    hostile_pdfs: dict[str, bytes],
    name: str,
    reason: CertificateProblem,
    limit: str | None,
) -> None:
    refused = await _refusal(checks, hostile_pdfs[name], licence_pki)
    assert refused.reason is reason
    assert refused.params.get("limit") == limit
    assert checks.dispatched == 0


@pytest.mark.parametrize("checks", [UNSCREENED], indirect=True)
@pytest.mark.parametrize(
    ("name", "reason", "limits"),
    [
        ("many-objects", CertificateProblem.PDF_TOO_COMPLEX, {"cpu", "memory", "crash"}),
        ("nested", CertificateProblem.PDF_TOO_COMPLEX, {"nesting"}),
        ("garbage-with-trailer", CertificateProblem.PDF_NOT_READABLE, {None}),
    ],
)
async def test_the_worker_limits_stop_what_the_screen_lets_through(
    checks: PdfChecks,
    licence_pki: Pki,
    licence_sample: SignedSample,
    hostile_pdfs: dict[str, bytes],
    name: str,
    reason: CertificateProblem,
    limits: set[str | None],
) -> None:
    refused = await _refusal(checks, hostile_pdfs[name], licence_pki)
    assert refused.reason is reason
    assert refused.params.get("limit") in limits
    assert checks.dispatched == 1
    # The next check gets a worker of its own, and a genuine licence still verifies.
    assert (await checks.verify(licence_sample.pdf, licence_pki)).genuine


@pytest.mark.parametrize(
    "checks", [replace(UNSCREENED, cpu_seconds=600, wall_seconds=3)], indirect=True
)
async def test_a_worker_still_busy_at_the_wall_clock_limit_is_killed_and_replaced(
    checks: PdfChecks,
    licence_pki: Pki,
    licence_sample: SignedSample,
    hostile_pdfs: dict[str, bytes],
) -> None:
    refused = await _refusal(checks, hostile_pdfs["many-objects"], licence_pki)
    assert (refused.reason, refused.params["limit"]) == (CertificateProblem.PDF_TOO_COMPLEX, "time")
    verdict = await checks.verify(licence_sample.pdf, licence_pki)
    assert verdict.genuine, verdict.problems


@pytest.mark.parametrize("checks", [replace(UNSCREENED, queue=0)], indirect=True)
async def test_a_check_past_the_workers_and_the_queue_is_refused_at_once(
    checks: PdfChecks,
    licence_pki: Pki,
    licence_sample: SignedSample,
    hostile_pdfs: dict[str, bytes],
) -> None:
    hostile = asyncio.create_task(checks.verify(hostile_pdfs["many-objects"], licence_pki))
    while checks.admitted == 0:  # the hostile file is past the screen, its worker busy
        assert not hostile.done()
        await asyncio.sleep(0)
    with pytest.raises(RateLimited) as busy:
        await checks.verify(licence_sample.pdf, licence_pki)
    assert busy.value.reason is CertificateProblem.CHECKS_BUSY
    assert busy.value.retry_after_seconds >= 1
    assert not hostile.done()
    with pytest.raises(PdfTooComplex):
        await hostile
    assert checks.admitted == 0
    assert (await checks.verify(licence_sample.pdf, licence_pki)).genuine
