"""Queries of applications: the applicant's own, an institution's queue, the officers'
workbench, one application. Every list goes through the registry's scoped queries."""

from __future__ import annotations

from typing import Any

import strawberry

from core import errors as domain
from registry.workflow import queries
from registry.workflow.transitions import today_of
from schema.context import Info
from schema.node import parse_uuid_id
from schema.pagination import Connection, connection
from schema.registry.applications import Application, ApplicationStatus, load_application
from schema.registry.catalogue import ApprovalItemCode
from schema.registry.reads import read


@strawberry.input
class WorkbenchFilter:
    statuses: list[ApplicationStatus] | None = strawberry.field(
        default=None, description="Default: awaiting acceptance, under review, awaiting paper."
    )
    items: list[ApprovalItemCode] | None = None
    district: str | None = strawberry.field(
        default=None, description="District code of the institution concerned."
    )
    overdue: bool = strawberry.field(default=False, description="Only those past deadline.")


def _institution(global_id: strawberry.ID | None) -> Any:
    if global_id is None:
        return None
    decoded = parse_uuid_id(global_id, "Institution")
    if decoded is None:
        raise domain.ValidationFailed.on(
            "institutionId", "not an institution id", domain.Problem.NOT_AN_ID
        )
    return decoded


@strawberry.type
class WorkbenchQuery:
    @strawberry.field(description="What the signed-in practitioner or institution applied for.")
    async def my_applications(
        self,
        info: Info,
        statuses: list[ApplicationStatus] | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Application]:
        ctx = info.context
        page = await read(
            info,
            lambda: queries.my_applications(
                ctx.session, ctx.actor, statuses=statuses or (), first=first, after=after
            ),
        )
        return connection(page, Application.from_model)

    @strawberry.field(description="Applications the institution reviews, oldest first.")
    async def institution_queue(
        self,
        info: Info,
        institution_id: strawberry.ID | None = None,
        statuses: list[ApplicationStatus] | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Application]:
        ctx = info.context

        async def call() -> Any:
            return await queries.institution_queue(
                ctx.session,
                ctx.actor,
                institution_id=_institution(institution_id),
                statuses=statuses or (ApplicationStatus.AWAITING_INSTITUTION,),
                first=first,
                after=after,
            )

        return connection(await read(info, call), Application.from_model)

    @strawberry.field(description="Officers: their authority's applications, by deadline.")
    async def workbench(
        self,
        info: Info,
        filter: WorkbenchFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Application]:
        ctx = info.context
        flt = filter or WorkbenchFilter()
        spec = queries.WorkbenchFilter(
            statuses=flt.statuses or queries.OFFICER_STATUSES,
            items=flt.items or (),
            district=flt.district,
            overdue=flt.overdue,
        )
        page = await read(
            info,
            lambda: queries.workbench(
                ctx.session,
                ctx.actor,
                spec,
                today=today_of(ctx.session),
                first=first,
                after=after,
            ),
        )
        return connection(page, Application.from_model)

    @strawberry.field(description="One application; null when it does not exist or is not yours.")
    async def application(self, info: Info, id: strawberry.ID) -> Application | None:
        decoded = parse_uuid_id(id, "Application")
        return await load_application(info, decoded) if decoded else None
