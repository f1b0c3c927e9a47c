"""Officers suspend and reinstate licences in their scope (audited, with a reason; the holder
is told by SMS)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from access.permissions import Permission
from certificates import models as cm
from registry.licences import service as licence_service
from schema.certificates.types import Licence
from schema.context import Info
from schema.errors import ErrorMember
from schema.mutations import run_mutation
from schema.permissions import allowed


@strawberry.input
class LicenceStatusInput:
    number: str
    reason: str = strawberry.field(description="Required: the holder and the audit trail read it.")
    expected_version: int | None = strawberry.field(
        default=None,
        description="The licence version you saw; a newer one answers Conflict.",
    )


@strawberry.type
class LicenceSuccess:
    licence: Licence


LicenceResult = Annotated[
    LicenceSuccess | ErrorMember,
    strawberry.union("LicenceResult"),
]


def _success(row: cm.Licence) -> LicenceSuccess:
    return LicenceSuccess(licence=Licence.from_model(row))


@strawberry.type
class LicenceMutation:
    @strawberry.mutation(
        description="Suspend the newest version of a VALID licence.",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_SUSPEND),
    )
    async def suspend_licence(self, info: Info, input: LicenceStatusInput) -> LicenceResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: licence_service.suspend(
                ctx.session,
                ctx.actor,
                number=input.number,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
            _success,
        )

    @strawberry.mutation(
        description="Lift a suspension (a licence that ran out meanwhile becomes EXPIRED).",
        extensions=allowed(Permission.CERTIFICATES_LICENCE_SUSPEND),
    )
    async def reinstate_licence(self, info: Info, input: LicenceStatusInput) -> LicenceResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: licence_service.reinstate(
                ctx.session,
                ctx.actor,
                number=input.number,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
            _success,
        )
