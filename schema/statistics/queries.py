"""Statistics reads. Each read is audited, so the resolver commits the audit entry it wrote
(a read changes nothing else)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from access.permissions import Permission
from registry.statistics import resources, supervision
from registry.workflow.transitions import today_of
from schema.context import Info
from schema.permissions import allowed
from schema.reads import read
from schema.statistics.types import StatisticsReport


@strawberry.type
class StatisticsQuery:
    @strawberry.field(
        description="Resource allocation per district as of a date (default today): 310000 "
        "for the city (the municipal commission), a district code for one district.",
        extensions=allowed(Permission.REGISTRY_STATISTICS_READ),
    )
    async def resource_statistics(
        self, info: Info, authority: str, as_of: date | None = None
    ) -> StatisticsReport:
        ctx = info.context
        day = as_of or today_of(ctx.session)

        async def call() -> StatisticsReport:
            report = await resources.resource_statistics(ctx.session, ctx.actor, authority, day)
            await ctx.session.commit()
            return StatisticsReport.from_report(report)

        return await read(info, call)

    @strawberry.field(
        description="Rollout supervision over a period (dates in Shanghai, both included): "
        "per district with a ranking, per approval item, and the lagging institutions.",
        extensions=allowed(Permission.REGISTRY_SUPERVISION_READ),
    )
    async def rollout_supervision(
        self,
        info: Info,
        authority: str,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> StatisticsReport:
        ctx = info.context

        async def call() -> StatisticsReport:
            report = await supervision.rollout_supervision(
                ctx.session, ctx.actor, authority, from_, to
            )
            await ctx.session.commit()
            return StatisticsReport.from_report(report)

        return await read(info, call)
