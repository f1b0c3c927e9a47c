"""Uploaded PDFs are checked in worker processes, never on the event loop (DESIGN.md §8: a
PDF check never blocks other requests).

A check goes through:

1. ``screening.screen`` in the server: the header, the trailer, the number of objects and the
   nesting, counted from the bytes a slice at a time;
2. admission: at most ``workers + queue`` checks at once, the next one is refused at once
   (``RateLimited``, ``CHECKS_BUSY``) rather than queued without end;
3. a worker process of its own (``check_worker``, forked by the ``forkserver`` context's
   server) with a CPU limit, an address-space limit and a recursion limit, which checks this
   one file and exits; the server kills it when it is still busy after ``wall_seconds``.

A hostile file ends as ``PdfTooComplex`` or ``PdfNotReadable``, whichever limit it meets; a
worker the kernel killed is answered the same way, never as an internal error.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from multiprocessing.context import BaseContext

import structlog

from certificates import check_worker
from certificates.check_worker import TrustSnapshot, WorkerAnswer
from certificates.config import PdfCheckLimits
from certificates.errors import CertificateProblem, PdfNotReadable, PdfTooComplex
from certificates.pki import Pki
from certificates.screening import screen
from certificates.verdict import PdfVerification
from core.errors import RateLimited

log = structlog.get_logger("medreg.pdf_check")

_CHECKER = "certificates.verification"
"""Imported by the fork server only (it brings pyHanko), never by the server itself."""
_TRUST = "pdf-check-trust"
"""Key of the trust snapshot in ``Pki.cache``: built once per loaded PKI."""


@cache
def _context() -> BaseContext:
    """Workers fork from a server process that imported pyHanko once: a fresh worker per
    check costs a fork, not an interpreter start. ``__main__`` is preloaded too (as
    multiprocessing does by default), or each worker would import the main script anew."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", check_worker.__name__, _CHECKER])
    return context


def _kill(executor: ProcessPoolExecutor) -> None:
    # Its process table: ProcessPoolExecutor.kill_workers() only comes with Python 3.14.
    for process in list(executor._processes.values()):
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


class PdfChecks:
    """The PDF checks of one server process: at most ``workers`` at once, each in a worker
    process of its own that checks one file and exits (its executor is made for that check
    and discarded after it). Nothing a file does outlives its check, and killing a worker
    can leave no shared queue lock behind for the next check."""

    def __init__(self, limits: PdfCheckLimits | None = None) -> None:
        self.limits = limits or PdfCheckLimits()
        self._running: set[ProcessPoolExecutor] = set()
        self._workers: asyncio.Semaphore | None = None
        self._admitted = 0
        self.dispatched = 0
        """Checks handed to a worker process so far (the others were refused before)."""

    @property
    def admitted(self) -> int:
        """Checks running or waiting for a worker now."""
        return self._admitted

    async def verify(self, pdf: bytes, pki: Pki, *, now: datetime | None = None) -> PdfVerification:
        """The verdict on ``pdf``; ``PdfNotReadable``, ``PdfTooComplex`` or ``RateLimited``
        when there is none."""
        await screen(pdf, self.limits)
        trust = pki.cache.get(_TRUST)
        if not isinstance(trust, TrustSnapshot):
            trust = pki.cache[_TRUST] = TrustSnapshot.of(pki)
        with self._admission():
            async with self._worker_slots():
                answer = await self._run(pdf, trust, now)
        if answer.outcome == "checked" and answer.verification is not None:
            return answer.verification
        if answer.outcome == "too-complex":
            raise PdfTooComplex(answer.limit, answer.detail)
        if answer.unexpected:
            log.warning("pdf check failed unexpectedly", detail=answer.detail, bytes=len(pdf))
        raise PdfNotReadable(answer.detail)

    def close(self) -> None:
        """End the checks still running (at shutdown)."""
        for executor in list(self._running):
            _kill(executor)
        self._running.clear()

    @contextmanager
    def _admission(self) -> Iterator[None]:
        if self._admitted >= self.limits.workers + self.limits.queue:
            raise RateLimited(
                "Many licence files are being checked right now; try again shortly.",
                retry_after_seconds=max(1, math.ceil(self.limits.cpu_seconds)),
                reason=CertificateProblem.CHECKS_BUSY,
            )
        self._admitted += 1
        try:
            yield
        finally:
            self._admitted -= 1

    def _worker_slots(self) -> asyncio.Semaphore:
        # Made on first use, inside the event loop that will wait on it.
        if self._workers is None:
            self._workers = asyncio.Semaphore(self.limits.workers)
        return self._workers

    async def _run(self, pdf: bytes, trust: TrustSnapshot, now: datetime | None) -> WorkerAnswer:
        executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=_context(),
            initializer=check_worker.start,
            initargs=(self.limits,),
        )
        self._running.add(executor)
        try:
            # Off the event loop: submit starts the worker, which waits for the fork server
            # (for a second or two the first time, while it imports pyHanko).
            future = await asyncio.to_thread(executor.submit, check_worker.check, pdf, trust, now)
            self.dispatched += 1
            return await asyncio.wait_for(asyncio.wrap_future(future), self.limits.wall_seconds)
        except TimeoutError:
            _kill(executor)
            raise PdfTooComplex("time", f"still busy after {self.limits.wall_seconds} s") from None
        except check_worker.CpuTimeExceeded:
            # SIGXCPU between the check and its answer: the worker reports it as a failure.
            raise PdfTooComplex("cpu") from None
        except BrokenProcessPool:
            # The kernel ended the worker: the CPU limit's SIGKILL, or native code that
            # failed on the file.
            raise PdfTooComplex("crash", "the worker process was killed") from None
        except asyncio.CancelledError:
            # The client went away: the file's check must not run on unattended (whatever
            # escapes the kill still meets the worker's CPU limit).
            _kill(executor)
            raise
        finally:
            self._running.discard(executor)
            executor.shutdown(wait=False, cancel_futures=True)
