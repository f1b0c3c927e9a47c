"""Statistics as tables: the same shape for every figure, so the web, the CSV and the XLSX
render them alike. Keys and measure names are codes the client localises."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from registry.statistics import tables as stats
from registry.statistics.suppression import THRESHOLD


@strawberry.type(description="One figure: shown, or suppressed (fewer than five persons).")
class StatisticsValue:
    value: float | None = strawberry.field(description="Null when suppressed or undefined.")
    suppressed: bool
    text: str = strawberry.field(description='As printed: "<5" when suppressed.')

    @classmethod
    def from_value(cls, v: stats.Value) -> StatisticsValue:
        return cls(value=v.value, suppressed=v.suppressed, text=v.text())


@strawberry.type
class StatisticsRow:
    keys: list[str] = strawberry.field(description="One code per dimension, in order.")
    values: list[StatisticsValue] = strawberry.field(description="One per measure, in order.")


@strawberry.type
class StatisticsTable:
    id: str
    dimensions: list[str]
    measures: list[str]
    rows: list[StatisticsRow]

    @classmethod
    def from_table(cls, t: stats.Table) -> StatisticsTable:
        return cls(
            id=t.id,
            dimensions=list(t.dimensions),
            measures=list(t.measures),
            rows=[
                StatisticsRow(
                    keys=list(r.keys), values=[StatisticsValue.from_value(v) for v in r.values]
                )
                for r in t.rows
            ],
        )


@strawberry.type
class StatisticsNote:
    key: str
    text: str


@strawberry.type(description="A statistics report: what it covers, as of when, its tables.")
class StatisticsReport:
    kind: str
    authority: str
    as_of: date
    period_from: date | None
    period_to: date | None
    generated_at: datetime
    suppression_threshold: int
    notes: list[StatisticsNote]
    tables: list[StatisticsTable]

    @classmethod
    def from_report(cls, r: stats.Report) -> StatisticsReport:
        return cls(
            kind=r.kind,
            authority=r.authority,
            as_of=r.as_of,
            period_from=r.period_from,
            period_to=r.period_to,
            generated_at=r.generated_at,
            suppression_threshold=THRESHOLD,
            notes=[StatisticsNote(key=k, text=v) for k, v in r.notes.items()],
            tables=[StatisticsTable.from_table(t) for t in r.tables],
        )
