"""The numbering stage: the registry's counters continue after the numbers the demo handed out,
so a registration the workflow completes later never draws one of them again."""

from __future__ import annotations

from sqlalchemy import select

from demo.context import DemoContext
from registry.registrations.models import Registration
from registry.workflow.models import RegistryCounter
from registry.workflow.numbering import parse_number


async def load_counters(ctx: DemoContext) -> None:
    last: dict[tuple[str, int], int] = {}
    for number in (await ctx.conn.execute(select(Registration.number))).scalars():
        parts = parse_number(number)
        if parts is not None:
            key = (parts.scope, parts.year)
            last[key] = max(last.get(key, 0), parts.serial)
    rows = [
        {"scope": scope, "year": year, "last": serial}
        for (scope, year), serial in sorted(last.items())
    ]
    await ctx.insert(RegistryCounter, rows)
