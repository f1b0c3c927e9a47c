"""What a statistics read returns: named tables of rows (keys, then values), each value either
shown or suppressed. Plain values: the GraphQL types, the CSV/XLSX exports and the web page
all render the same tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from registry.statistics import suppression
from registry.statistics.suppression import Cell, Key

Number = int | float


@dataclass(frozen=True)
class Value:
    value: Number | None
    """None when suppressed, or when a rate has no denominator."""
    suppressed: bool = False

    def text(self) -> str:
        if self.suppressed:
            return f"<{suppression.THRESHOLD}"
        if self.value is None:
            return ""
        return str(self.value)


@dataclass(frozen=True)
class Row:
    keys: tuple[str, ...]
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Table:
    id: str
    dimensions: tuple[str, ...]
    measures: tuple[str, ...]
    rows: tuple[Row, ...]

    def value(self, keys: Sequence[str], measure: str) -> Value:
        """The cell at ``keys`` (a KeyError when there is no such row)."""
        index = self.measures.index(measure)
        for row in self.rows:
            if row.keys == tuple(keys):
                return row.values[index]
        raise KeyError(tuple(keys))


@dataclass(frozen=True)
class Report:
    kind: str
    """RESOURCES or SUPERVISION."""
    authority: str
    as_of: date
    period_from: date | None
    period_to: date | None
    generated_at: datetime
    tables: tuple[Table, ...]
    notes: Mapping[str, str] = field(default_factory=dict)

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)


def shown(value: Number | None) -> Value:
    return Value(value)


def rate(numerator: int, denominator: int, per: int = 1, digits: int = 2) -> Number | None:
    if denominator <= 0:
        return None
    return round(numerator * per / denominator, digits)


CellOf = Callable[[Key, str], Cell]
"""Names the person count a table shows at a row key and measure (see ``suppression``)."""


def cells(
    counts: Mapping[Key, Mapping[str, int]], measures: Iterable[str], cell_of: CellOf
) -> dict[Cell, int]:
    """The person counts of a table, by what they count, for ``suppression.suppress``."""
    measures = tuple(measures)
    return {cell_of(k, m): v.get(m, 0) for k, v in counts.items() for m in measures}


Derived = tuple[str, Callable[[Mapping[str, int]], Number | None], tuple[str, ...]]
"""A rate: its name, how it is computed from a row's counts, the counts it uses."""


@dataclass(frozen=True)
class Spec:
    """A table before suppression: its counts (the city's rows included) and how its person
    counts are named."""

    id: str
    dimensions: tuple[str, ...]
    counts: Mapping[Key, Mapping[str, int]]
    person_measures: tuple[str, ...]
    cell_of: CellOf
    plain_measures: tuple[str, ...] = ()
    derived: tuple[Derived, ...] = ()
    shown: Callable[[Key], bool] | None = None
    """Which rows the reader sees, when not the read's area's."""
    shown_key: Callable[[Key], Key] = lambda key: key
    """The key a row is shown with (the supervision's items drop their district)."""


def linked_tables(
    specs: Iterable[Spec], shown: Callable[[Key], bool], not_additive: Iterable[str]
) -> tuple[Table, ...]:
    """Suppresses the person counts of all ``specs`` at once (see ``suppression``), then
    builds each table from the rows ``shown`` to the reader."""
    specs = tuple(specs)
    values: dict[Cell, int] = {}
    for spec in specs:
        values.update(cells(spec.counts, spec.person_measures, spec.cell_of))
    hidden = suppression.suppress(values, not_additive)
    return tuple(_table(spec, hidden, spec.shown or shown) for spec in specs)


def _table(spec: Spec, hidden: frozenset[Cell], shown: Callable[[Key], bool]) -> Table:
    rows = []
    for key in sorted(
        (k for k in spec.counts if shown(k)), key=lambda k: _sort_key(spec.shown_key(k))
    ):
        counts = spec.counts[key]
        blocked = {m for m in spec.person_measures if spec.cell_of(key, m) in hidden}
        values: list[Value] = []
        for measure in spec.person_measures:
            is_hidden = measure in blocked
            values.append(Value(None if is_hidden else counts.get(measure, 0), is_hidden))
        for measure in spec.plain_measures:
            values.append(Value(counts.get(measure, 0)))
        for _name, compute, uses in spec.derived:
            values.append(Value(None, True) if blocked & set(uses) else Value(compute(counts)))
        rows.append(Row(tuple(str(k) for k in spec.shown_key(key)), tuple(values)))
    measures = (
        spec.person_measures + spec.plain_measures + tuple(name for name, _c, _u in spec.derived)
    )
    return Table(spec.id, spec.dimensions, measures, tuple(rows))


def named(
    dimensions: tuple[str, ...],
    measure_pairs: Mapping[str, tuple[tuple[str, str], ...]],
    omit: Callable[[str, str], bool],
) -> CellOf:
    """Names a table's cells: its keys by dimension (leaving out those ``omit`` says add
    nothing, as the city in ``district``), plus the pairs each measure stands for."""

    def cell_of(key: Key, measure: str) -> Cell:
        pairs = {(d, str(k)) for d, k in zip(dimensions, key, strict=True) if not omit(d, str(k))}
        return frozenset(pairs | set(measure_pairs[measure]))

    return cell_of


def _sort_key(key: Key) -> tuple[str, ...]:
    return tuple(str(k) for k in key)
