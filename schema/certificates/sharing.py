"""A holder's share links (``/s/{token}``, expiring, revocable) and the short-lived code in
the QR of the licence shown full screen."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from access.permissions import Permission
from certificates import models as cm
from certificates.errors import ForgedToken, PkiMissing
from certificates.runtime import LicenceRuntime
from certificates.scans import VerificationResult
from certificates.tokens import keyset
from certificates.values import VerificationStatus
from core import errors as domain
from core.clock import clock_of
from registry.licences import sharing
from schema.certificates.types import LicenceVerification
from schema.context import Info
from schema.errors import ErrorMember, to_member, top_level_error
from schema.loaders import session_lock
from schema.mutations import run_mutation
from schema.permissions import allowed
from schema.reads import read


def _runtime(info: Info) -> LicenceRuntime:
    runtime: LicenceRuntime = info.context.services.licences
    return runtime


@strawberry.type(description="A link showing a licence's live status until it expires.")
class LicenceShareLink:
    id: uuid.UUID
    number: str
    url: str | None = strawberry.field(
        description="Open it to see the licence; anyone with it can. Null once revoked."
    )
    created_at: datetime
    expires_at: datetime
    revoked: bool

    @classmethod
    def build(cls, info: Info, share: cm.LicenceShare, token: str | None) -> LicenceShareLink:
        return cls(
            id=share.id,
            number=share.number,
            url=_runtime(info).config.share_url(token) if token else None,
            created_at=share.created_at,
            expires_at=share.expires_at,
            revoked=share.revoked_at is not None,
        )


@strawberry.type
class LicenceShareSuccess:
    share: LicenceShareLink


LicenceShareResult = Annotated[
    LicenceShareSuccess | ErrorMember,
    strawberry.union("LicenceShareResult"),
]


LicenceShareVerificationResult = Annotated[
    LicenceVerification | ErrorMember,
    strawberry.union("LicenceShareVerificationResult"),
]


@strawberry.type
class LicenceShareQuery:
    @strawberry.field(
        description="Public: the live status of the licence a share link (or the QR of a "
        "licence shown full screen) names; FORGED for a token we did not sign, InvalidState "
        "(`SHARE_EXPIRED`, `SHARE_REVOKED`) once it is closed."
    )
    async def verify_licence_share(self, info: Info, token: str) -> LicenceShareVerificationResult:
        session = info.context.session
        try:
            keys = keyset(_runtime(info).pki())
        except PkiMissing as exc:
            raise top_level_error("UNAVAILABLE", "licence verification is not set up yet") from exc
        async with session_lock(session):
            try:
                opened = await sharing.open_share(session, keys, token)
            except ForgedToken:
                forged = VerificationResult(VerificationStatus.FORGED, clock_of(session).now())
                return LicenceVerification.from_result(forged)
            except domain.DomainError as exc:
                return to_member(exc)
        return LicenceVerification.from_result(opened.result)

    @strawberry.field(
        description="Your links to this licence that are still open, newest first.",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_READ),
    )
    async def licence_share_links(self, info: Info, number: str) -> list[LicenceShareLink]:
        ctx = info.context
        pki = _runtime(info).pki()
        issued = await read(
            info, lambda: sharing.my_share_links(ctx.session, ctx.actor, pki, number)
        )
        return [LicenceShareLink.build(info, i.share, i.token) for i in issued]


@strawberry.type
class LicenceShareMutation:
    @strawberry.mutation(
        description="A link to one of your licences that shows its live status to whoever "
        "opens it, for `hours` (1 to 168), until you revoke it. Audited.",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_READ),
    )
    async def share_licence(self, info: Info, number: str, hours: int) -> LicenceShareResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: sharing.share_link(
                ctx.session, ctx.actor, _runtime(info).pki(), number=number, hours=hours
            ),
            lambda issued: LicenceShareSuccess(
                share=LicenceShareLink.build(info, issued.share, issued.token)
            ),
        )

    @strawberry.mutation(
        description="Close one of your share links now. Audited.",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_READ),
    )
    async def revoke_licence_share(self, info: Info, id: uuid.UUID) -> LicenceShareResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: sharing.revoke_share_link(ctx.session, ctx.actor, id),
            lambda share: LicenceShareSuccess(share=LicenceShareLink.build(info, share, None)),
        )

    @strawberry.mutation(
        description="The code for the QR of your licence shown full screen: a share that "
        "lasts three minutes; ask again every minute while the screen is open.",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_READ),
    )
    async def licence_live_code(self, info: Info, number: str) -> LicenceShareResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: sharing.live_code(ctx.session, ctx.actor, _runtime(info).pki(), number=number),
            lambda issued: LicenceShareSuccess(
                share=LicenceShareLink.build(info, issued.share, issued.token)
            ),
        )
