"""What a statistics read returns: named tables of rows (keys, then values), each value either
shown or suppressed. Plain values: the GraphQL types, the CSV/XLSX exports and the web page
all render the same tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from registry.statistics import suppression
from registry.statistics.suppression import Key

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


def person_table(
    table_id: str,
    dimensions: tuple[str, ...],
    counts: Mapping[Key, Mapping[str, int]],
    person_measures: tuple[str, ...],
    *,
    plain_measures: tuple[str, ...] = (),
    derived: Iterable[
        tuple[str, Callable[[Mapping[str, int]], Number | None], tuple[str, ...]]
    ] = (),
    totals: Iterable[Key] = (),
) -> Table:
    """A table of counts: ``plain_measures`` (institutions, beds) are shown as they are,
    ``person_measures`` are suppressed measure by measure over the rows that
    are not ``totals`` (which are published margins), each measure a table of its own keys;
    ``derived`` measures (rates) are hidden whenever a count they use is hidden."""
    total_keys = set(totals)
    hidden: dict[str, frozenset[Key]] = {}
    for measure in person_measures:
        body = {k: v.get(measure, 0) for k, v in counts.items() if k not in total_keys}
        small_totals = {k for k in total_keys if suppression.is_small(counts[k].get(measure, 0))}
        hidden[measure] = (suppression.suppress(body) if body else frozenset()) | small_totals
    derived = tuple(derived)
    rows = []
    for key in sorted(counts, key=_sort_key):
        values: list[Value] = []
        for measure in person_measures:
            is_hidden = key in hidden[measure]
            values.append(Value(None if is_hidden else counts[key].get(measure, 0), is_hidden))
        for measure in plain_measures:
            values.append(Value(counts[key].get(measure, 0)))
        for _name, compute, uses in derived:
            blocked = any(key in hidden[u] for u in uses)
            values.append(Value(None, True) if blocked else Value(compute(counts[key])))
        rows.append(Row(tuple(str(k) for k in key), tuple(values)))
    measures = person_measures + plain_measures + tuple(name for name, _c, _u in derived)
    return Table(table_id, dimensions, measures, tuple(rows))


def _sort_key(key: Key) -> tuple[str, ...]:
    return tuple(str(k) for k in key)
