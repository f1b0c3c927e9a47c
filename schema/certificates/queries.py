"""Licence queries: public verification (QR token, uploaded PDF, number + name), the holder's
own licences, and scoped lists for officers and institution staff."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry

from access.permissions import Permission
from certificates.errors import CertificateProblem, PdfNotReadable, PdfTooComplex, PkiMissing
from certificates.models import Licence as LicenceModel
from certificates.runtime import LicenceRuntime
from certificates.scans import verify_scan
from certificates.tokens import keyset
from core import errors as domain
from core.uow import unit_of_work
from registry.licences import service as licence_service
from schema.certificates.types import (
    Licence,
    LicenceKind,
    LicenceStatus,
    LicenceVerification,
    PdfNotReadableError,
    PdfRefusal,
    PdfTooComplexError,
    PdfVerification,
    pdf_refusal,
)
from schema.context import Info
from schema.errors import (
    ErrorCode,
    ErrorMember,
    NotFound,
    problem_code,
    to_member,
    top_level_error,
)
from schema.loaders import session_lock
from schema.pagination import Connection, connection
from schema.permissions import allowed
from schema.reads import read

T = TypeVar("T")

LicenceLookupResult = Annotated[
    LicenceVerification | ErrorMember,
    strawberry.union("LicenceLookupResult"),
]
LicencePdfResult = Annotated[
    PdfVerification | PdfNotReadableError | PdfTooComplexError | ErrorMember,
    strawberry.union("LicencePdfResult"),
]


@strawberry.input
class LicenceFilter:
    number: str | None = strawberry.field(default=None, description="A number or its start.")
    holder_name: str | None = strawberry.field(default=None, description="Part of the name.")
    status: LicenceStatus | None = None
    kind: LicenceKind | None = None
    authority: str | None = strawberry.field(default=None, description="Issuing authority code.")
    current_only: bool = strawberry.field(
        default=True, description="Only the newest version of each licence."
    )

    def to_spec(self) -> licence_service.LicenceFilter:
        return licence_service.LicenceFilter(
            number=self.number,
            holder_name=self.holder_name,
            status=self.status,
            kind=self.kind,
            authority_code=self.authority,
            current_only=self.current_only,
        )


def _runtime(info: Info) -> LicenceRuntime:
    runtime: LicenceRuntime = info.context.services.licences
    return runtime


def _address(info: Info) -> str | None:
    client = info.context.request.client
    return client.host if client else None


async def _sign_when_opened(info: Info, rows: list[LicenceModel]) -> None:
    """Opening a licence still waiting to be signed (a bulk load's) queues its signing, in a
    unit of work of its own: a query's session never commits."""
    if any(row.signed_at is None and row.signing_priority is None for row in rows):
        async with unit_of_work(info.context.services.sessions) as session:
            await licence_service.sign_when_opened(session, rows)


async def _public(info: Info, call: Callable[[], Awaitable[T]]) -> T | Any:
    """A public check: expected failures become union members; no keys yet is a top-level
    UNAVAILABLE error."""
    try:
        async with session_lock(info.context.session):
            return await call()
    except domain.DomainError as exc:
        return to_member(exc)
    except PkiMissing as exc:
        raise top_level_error("UNAVAILABLE", "licence verification is not set up yet") from exc


@strawberry.type
class LicenceQuery:
    @strawberry.field(
        description="Public: check a QR code's token (its signature, then the live status)."
    )
    async def verify_licence(self, info: Info, token: str) -> LicenceVerification:
        runtime = _runtime(info)
        try:
            keys = keyset(runtime.pki())
        except PkiMissing as exc:
            raise top_level_error("UNAVAILABLE", "licence verification is not set up yet") from exc
        async with session_lock(info.context.session):
            result = await verify_scan(info.context.session, token, keys)
        runtime.verifications.add(result)
        return LicenceVerification.from_result(result)

    @strawberry.field(
        description="Public: validate an uploaded licence PDF (base64, at most 10 MB) against "
        "the commission's root, and report the live status of the licence it names. Checked "
        "in a worker process within bounds (`PdfTooComplex`), a file that cannot be read is "
        "`PdfNotReadable`; rate-limited per network and for everyone (`RateLimited`)."
    )
    async def verify_licence_pdf(self, info: Info, pdf_base64: str) -> LicencePdfResult:
        runtime = _runtime(info)

        async def call() -> PdfVerification | PdfRefusal:
            try:
                check = await licence_service.check_pdf(
                    info.context.session, runtime, _address(info), pdf_base64=pdf_base64
                )
            except (PdfNotReadable, PdfTooComplex) as exc:
                return pdf_refusal(exc)
            return PdfVerification.from_check(check)

        result: LicencePdfResult = await _public(info, call)
        return result

    @strawberry.field(
        description="Public: the status of a licence by its number and the holder's full name "
        "(rate-limited per network; the name comes back masked)."
    )
    async def lookup_licence(
        self, info: Info, number: str, holder_name: str
    ) -> LicenceLookupResult:
        runtime = _runtime(info)

        async def call() -> LicenceVerification | NotFound:
            found = await licence_service.lookup(
                info.context.session,
                runtime.throttle,
                _address(info),
                number=number,
                holder_name=holder_name,
            )
            if found is None:
                return NotFound(
                    code=ErrorCode.NOT_FOUND,
                    message="no licence with this number and holder name",
                    reason=problem_code(CertificateProblem.LICENCE_NOT_FOUND),
                )
            return LicenceVerification.from_result(found)

        result: LicenceLookupResult = await _public(info, call)
        return result

    @strawberry.field(
        description="Every version of the licences you hold (or your institution holds).",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_READ),
    )
    async def my_licences(self, info: Info) -> list[Licence]:
        ctx = info.context
        rows = await read(info, lambda: licence_service.my_licences(ctx.session, ctx.actor))
        await _sign_when_opened(info, rows)
        return [Licence.from_model(row) for row in rows]

    @strawberry.field(
        description="Licences in your scope (officers: your authority; institution staff: "
        "your institution and its practitioners).",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_READ),
    )
    async def licences(
        self,
        info: Info,
        filter: LicenceFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Licence]:
        ctx = info.context
        spec = (filter or LicenceFilter()).to_spec()
        page = await read(
            info,
            lambda: licence_service.licences_page(
                ctx.session, ctx.actor, spec, first=first, after=after
            ),
        )
        return connection(page, Licence.from_model)

    @strawberry.field(
        description="A licence in your scope (the newest version unless `version` is given); "
        "null when it is not.",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_READ),
    )
    async def licence(self, info: Info, number: str, version: int | None = None) -> Licence | None:
        ctx = info.context
        row = await read(
            info, lambda: licence_service.licence(ctx.session, ctx.actor, number, version)
        )
        if row is None:
            return None
        await _sign_when_opened(info, [row])
        return Licence.from_model(row)
