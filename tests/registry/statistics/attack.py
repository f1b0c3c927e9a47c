"""An attacker's arithmetic: the published cells, the sums they must satisfy, and which
hidden cells those sums determine. Linear algebra over the integers modulo a large prime
(exact for these small coefficient matrices): a hidden cell is determined when its unit
vector lies in the row space of the equations over the hidden cells."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

PRIME = (1 << 61) - 1
Var = Hashable


@dataclass
class Knowledge:
    shown: dict[Var, int] = field(default_factory=dict)
    hidden: set[Var] = field(default_factory=set)
    sums: list[tuple[tuple[Var, ...], Var]] = field(default_factory=list)

    def publish(self, var: Var, value: int | float | None, suppressed: bool) -> None:
        """Records a cell; the same cell seen twice must agree (or the reads differ)."""
        if suppressed:
            assert var not in self.shown, (var, "shown elsewhere, hidden here")
            self.hidden.add(var)
        else:
            assert value is not None
            assert var not in self.hidden, (var, "hidden elsewhere, shown here")
            assert self.shown.setdefault(var, int(value)) == int(value), var

    def total(self, parts: Iterable[Var], whole: Var) -> None:
        """``parts`` sum to ``whole`` (cells never published count as zero)."""
        self.sums.append((tuple(parts), whole))

    def determined(self) -> set[Var]:
        """The hidden cells the published cells and sums pin down."""
        unknowns = sorted(self.hidden, key=repr)
        index = {v: i for i, v in enumerate(unknowns)}
        rows: list[dict[int, int]] = []
        for parts, whole in self.sums:
            row: dict[int, int] = {}
            for var, sign in [*((p, 1) for p in parts), (whole, -1)]:
                if var in index:
                    row[index[var]] = (row.get(index[var], 0) + sign) % PRIME
            row = {k: v for k, v in row.items() if v}
            if row:
                rows.append(row)
        pivots = _reduce(rows)
        return {unknowns[col] for col, row in pivots.items() if set(row) == {col}}


def _reduce(rows: list[dict[int, int]]) -> dict[int, dict[int, int]]:
    """Reduced row echelon form: pivot column → its row (sparse)."""
    pivots: dict[int, dict[int, int]] = {}
    for row in rows:
        row = dict(row)
        for col in list(row):
            if col in pivots and col in row:
                _eliminate(row, pivots[col], col)
        row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        col = min(row)
        inverse = pow(row[col], PRIME - 2, PRIME)
        row = {k: v * inverse % PRIME for k, v in row.items()}
        for other in pivots.values():
            if col in other:
                _eliminate(other, row, col)
        pivots[col] = row
    return pivots


def _eliminate(target: dict[int, int], pivot_row: dict[int, int], col: int) -> None:
    factor = target.get(col, 0)
    if not factor:
        return
    for k, v in pivot_row.items():
        value = (target.get(k, 0) - factor * v) % PRIME
        if value:
            target[k] = value
        else:
            target.pop(k, None)
