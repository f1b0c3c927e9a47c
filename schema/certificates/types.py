"""GraphQL types of electronic licences and of their verification."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import strawberry

from certificates import errors as ce
from certificates import models as cm
from certificates import values as cv
from certificates.scans import VerificationResult
from registry.licences import service as licence_service
from registry.licences.service import PdfCheck
from schema.context import Info
from schema.directory.types import Authority, load_authority
from schema.errors import Error, ErrorCode, ErrorParam, problem_code
from schema.loaders import session_lock
from schema.node import Node, register_node, to_global_id

LicenceKind = cv.LicenceKind
strawberry.enum(LicenceKind, name="LicenceKind")
LicenceStatus = cv.LicenceStatus
strawberry.enum(LicenceStatus, name="LicenceStatus")
VerificationStatus = cv.VerificationStatus
strawberry.enum(
    VerificationStatus,
    name="LicenceVerificationStatus",
    description="A licence's live status, or FORGED when its code was not issued by us.",
)


@strawberry.type(description="What a verifier is told: the live status as of `statusAsOf`.")
class LicenceVerification:
    authority_code: strawberry.Private[str | None]
    status: VerificationStatus
    status_as_of: datetime
    number: str | None
    version: int | None
    holder_name: str | None = strawberry.field(
        description="As printed (from a QR code); masked (张*华) in a lookup by number."
    )
    kind: LicenceKind | None
    valid_until: date | None = strawberry.field(description="Null: no expiry.")

    @classmethod
    def from_result(cls, result: VerificationResult) -> LicenceVerification:
        return cls(
            authority_code=result.authority_code,
            status=result.status,
            status_as_of=result.status_as_of,
            number=result.number,
            version=result.version,
            holder_name=result.holder_name,
            kind=result.kind,
            valid_until=result.valid_until,
        )

    @strawberry.field(description="The authority that issued and signed the licence.")
    async def issuer(self, info: Info) -> Authority | None:
        if self.authority_code is None:
            return None
        return await load_authority(info, self.authority_code)


@strawberry.type(description="The verdict on an uploaded licence PDF.")
class PdfVerification:
    genuine: bool = strawberry.field(
        description="Signed by one of the commission's authorities, trusted to its root, "
        "time-stamped, and unchanged since (PAdES maintenance updates aside)."
    )
    problems: list[str] = strawberry.field(description="Why it is not genuine; empty if it is.")
    signed: bool = strawberry.field(
        description="The PDF carries a signature at all; false for an ordinary unsigned PDF."
    )
    signer: str | None
    signed_at: datetime | None = strawberry.field(description="Trusted time of the signature.")
    archived_until: datetime | None = strawberry.field(
        description="Time of the last document time-stamp (B-LTA)."
    )
    licence: LicenceVerification | None = strawberry.field(
        description="The live status of the licence the PDF names, when its code is genuine."
    )

    @classmethod
    def from_check(cls, check: PdfCheck) -> PdfVerification:
        found = check.verification
        return cls(
            genuine=found.genuine,
            problems=list(found.problems),
            signed=found.signed,
            signer=found.signer,
            signed_at=found.signed_at,
            archived_until=found.archived_until,
            licence=LicenceVerification.from_result(check.live) if check.live else None,
        )


@strawberry.type(
    name="PdfNotReadable",
    description="The file is no PDF that can be read: damaged, cut short, or not a PDF at all.",
)
class PdfNotReadableError(Error):
    pass


@strawberry.type(
    name="PdfTooComplex",
    description="The PDF goes past a bound of the check (objects, nesting, CPU time, memory, "
    "time; `params` names it as `limit`). A licence issued here never does.",
)
class PdfTooComplexError(Error):
    pass


PdfRefusal = PdfNotReadableError | PdfTooComplexError


def pdf_refusal(exc: ce.PdfNotReadable | ce.PdfTooComplex) -> PdfRefusal:
    params = [ErrorParam(name=k, value=str(v)) for k, v in sorted(exc.params.items())]
    member = PdfTooComplexError if isinstance(exc, ce.PdfTooComplex) else PdfNotReadableError
    return member(
        code=ErrorCode(exc.code.value),
        message=exc.message,
        reason=problem_code(exc.reason),
        params=params,
    )


@strawberry.type(description="One version of an electronic licence.")
class Licence(Node):
    model: strawberry.Private[cm.Licence]
    number: str = strawberry.field(description="Stable across versions (re-issues).")
    version: int
    kind: LicenceKind
    status: LicenceStatus
    status_reason: str | None
    status_changed_at: datetime | None
    holder_name: str
    issued_at: datetime
    valid_from: date
    valid_until: date | None = strawberry.field(description="Null: no expiry.")
    signed_at: datetime | None = strawberry.field(description="Null while it is being signed.")
    pdf_sha256: str | None

    @classmethod
    def from_model(cls, row: cm.Licence) -> Licence:
        return cls(
            id=to_global_id("Licence", row.id),
            model=row,
            number=row.number,
            version=row.version,
            kind=row.kind,
            status=row.status,
            status_reason=row.status_reason,
            status_changed_at=row.status_changed_at,
            holder_name=row.holder_name,
            issued_at=row.issued_at,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            signed_at=row.signed_at,
            pdf_sha256=row.pdf_sha256,
        )

    @strawberry.field(description="Where the signed PDF downloads; null until it is signed.")
    def download_url(self) -> str | None:
        if self.model.signed_at is None:
            return None
        return f"/licences/{self.model.number}.pdf?version={self.model.version}"

    @strawberry.field(description="The QR code's verification link; null until it is signed.")
    def verify_url(self, info: Info) -> str | None:
        token = self.model.token
        if token is None or self.model.signed_at is None:
            return None
        runtime: Any = info.context.services.licences
        return str(runtime.config.verify_url(token))

    @strawberry.field(description="Practice category (doctors), as printed.")
    def category(self) -> str | None:
        return self._printed("category")

    @strawberry.field(description="Practice scope (doctors), as printed.")
    def scope(self) -> str | None:
        return self._printed("scope")

    @strawberry.field(description="The holder's institution, as printed.")
    def institution_name(self) -> str | None:
        return self._printed("institution_name")

    def _printed(self, key: str) -> str | None:
        value = self.model.data.get(key)
        return str(value) if value else None

    @strawberry.field(description="The authority that issued and signed this version.")
    async def issuer(self, info: Info) -> Authority:
        return await load_authority(info, self.model.authority_code)


async def load_licence(info: Info, key: str) -> Licence | None:
    try:
        licence_id = uuid.UUID(key)
    except ValueError:
        return None
    ctx = info.context
    async with session_lock(ctx.session):
        row = await licence_service.licence_by_id(ctx.session, ctx.actor, licence_id)
    return Licence.from_model(row) if row else None


register_node("Licence", load_licence)
