"""What runs inside a PDF-check worker process (``certificates.isolation`` starts them): the
process's limits, the trust rebuilt from plain values, one check, a plain answer.

Each worker process checks one PDF and exits, so its CPU limit covers exactly that check and
nothing a hostile file did stays behind for the next one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
import signal
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from certificates.config import PdfCheckLimits
from certificates.errors import PdfNotReadable
from certificates.pki import AuthorityCert, Pki, RetiredCert
from certificates.values import AuthorityInfo
from certificates.verdict import PdfVerification

NICENESS = 10
"""Workers yield the CPU to the server that answers everyone else."""
CPU_GRACE_SECONDS = 2
"""After its CPU seconds a worker gets SIGXCPU (and answers); this much later, SIGKILL."""
_MIB = 1024 * 1024
_DETAIL_CHARS = 200


class CpuTimeExceeded(BaseException):
    """SIGXCPU arrived: the check used its CPU seconds. A ``BaseException`` so that no
    ``except Exception`` inside a library swallows it."""


@dataclass(frozen=True)
class TrustSnapshot:
    """The certificates and CRLs a check trusts, as DER bytes: all a worker needs (no
    private key, no passphrase), cheap to send to another process."""

    directory: str
    root: bytes
    tsa: bytes
    authorities: tuple[tuple[AuthorityInfo, bytes], ...]
    retired: tuple[tuple[str, str, bytes], ...]
    crls: tuple[tuple[str, bytes], ...]
    revoked: frozenset[int]

    @classmethod
    def of(cls, pki: Pki) -> TrustSnapshot:
        return cls(
            directory=str(pki.directory),
            root=_der(pki.root),
            tsa=_der(pki.tsa_cert),
            authorities=tuple((a.info, _der(a.cert)) for a in pki.authorities.values()),
            retired=tuple((r.role, r.name, _der(r.cert)) for r in pki.retired),
            crls=tuple(pki.crls.items()),
            revoked=pki.revoked,
        )

    def pki(self) -> Pki:
        """A ``Pki`` that can validate and never sign: its key paths lead nowhere."""
        nowhere = Path(os.devnull)
        return Pki(
            directory=Path(self.directory),
            root=x509.load_der_x509_certificate(self.root),
            tsa_cert=x509.load_der_x509_certificate(self.tsa),
            authorities={
                info.code: AuthorityCert(info, x509.load_der_x509_certificate(der), nowhere)
                for info, der in self.authorities
            },
            crls=dict(self.crls),
            passphrase=b"",
            retired=tuple(
                RetiredCert(role, name, x509.load_der_x509_certificate(der))
                for role, name, der in self.retired
            ),
            revoked=self.revoked,
        )


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


@dataclass(frozen=True)
class WorkerAnswer:
    """What a worker sends back: a verdict, or why there is none."""

    outcome: Literal["checked", "not-readable", "too-complex"]
    verification: PdfVerification | None = None
    limit: str = ""
    """For ``too-complex``: the bound that was reached."""
    detail: str = ""
    unexpected: bool = False
    """The file broke the check in a way none of our handlers foresaw (worth a look)."""


def _cpu_exceeded(_signum: int, _frame: FrameType | None) -> None:
    # Once only: the kernel repeats SIGXCPU every CPU second, and a second exception could
    # land in the worker's own plumbing (a lock held while it answers, its exit) and hang it
    # there. From now on the hard limit's SIGKILL is the backstop.
    signal.signal(signal.SIGXCPU, signal.SIG_IGN)
    raise CpuTimeExceeded


def _lower(limit: int, soft: int, hard: int) -> None:
    """Set a resource limit no higher than the one the process already has."""
    _, current = resource.getrlimit(limit)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(limit, (soft, hard))


def _address_space() -> int:
    """What the worker has mapped before its check: the modules its server preloaded."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def start(limits: PdfCheckLimits) -> None:
    """The worker process's initializer: limits first, then quiet."""
    os.nice(NICENESS)
    _lower(resource.RLIMIT_CORE, 0, 0)
    memory = _address_space() + limits.memory_mb * _MIB
    _lower(resource.RLIMIT_AS, memory, memory)
    cpu = limits.cpu_seconds
    _lower(resource.RLIMIT_CPU, cpu, cpu + CPU_GRACE_SECONDS)
    signal.signal(signal.SIGXCPU, _cpu_exceeded)
    # Ctrl-C of `medreg serve` reaches the whole process group; the server ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.setrecursionlimit(limits.recursion_limit)
    # pyHanko logs whole object lists of a hostile file; the server logs one line instead.
    logging.disable(logging.CRITICAL)


def check(pdf: bytes, trust: TrustSnapshot, now: datetime | None) -> WorkerAnswer:
    """Validate ``pdf`` (in the worker process); never raises for anything the file does."""
    # Imported here: the server imports this module for its types, and only the workers,
    # forked from a server that preloaded it, need pyHanko.
    from certificates.verification import inspect_pdf

    try:
        verification = asyncio.run(inspect_pdf(pdf, trust.pki(), now=now))
    except PdfNotReadable as exc:
        return WorkerAnswer("not-readable", detail=exc.detail)
    except RecursionError:
        return WorkerAnswer("too-complex", limit="nesting")
    except MemoryError:
        return WorkerAnswer("too-complex", limit="memory")
    except CpuTimeExceeded:
        return WorkerAnswer("too-complex", limit="cpu")
    except Exception as exc:
        # A library failing on a file we cannot foresee: for the uploader the file is not
        # readable; the server logs it as unexpected, since a genuine file must never do this.
        detail = f"{type(exc).__name__}: {exc}"[:_DETAIL_CHARS]
        return WorkerAnswer("not-readable", detail=detail, unexpected=True)
    finally:
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)  # the answer is sent undisturbed
    return WorkerAnswer("checked", verification=verification)
