"""Assertions shared by the reconciliation tests: a table's shown cells equal the oracle's
counts, every small count is hidden, and no group of cells keeps a lone hidden one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from registry.statistics.tables import Table

CITY = "310000"


def check_person_measure(
    table: Table, measure: str, expected: Mapping[tuple[str, ...], int]
) -> int:
    """Returns how many cells were hidden. ``expected`` holds the oracle's count for every row
    key (absent: zero)."""
    index = table.measures.index(measure)
    body: dict[tuple[str, ...], tuple[int, bool]] = {}
    hidden = 0
    for row in table.rows:
        want = expected.get(row.keys, 0)
        cell = row.values[index]
        if cell.suppressed:
            hidden += 1
            assert cell.value is None
            assert want > 0, (table.id, row.keys, measure, "a zero was hidden")
        else:
            assert cell.value == want, (table.id, row.keys, measure, cell.value, want)
        assert not (0 < want < 5) or cell.suppressed, (table.id, row.keys, measure, want)
        if row.keys[0] != CITY:
            body[row.keys] = (want, cell.suppressed)
    for key, want in expected.items():
        if want:
            assert any(r.keys == key for r in table.rows), (table.id, key, "row missing")
    _no_lone_hidden(table, measure, body)
    return hidden


NOT_ADDITIVE = ("profession", "monthEnd")
"""Doctors and nurses are never published summed, nor the months of a series."""


def _no_lone_hidden(
    table: Table, measure: str, body: Mapping[tuple[str, ...], tuple[int, bool]]
) -> None:
    table_id = table.id
    if not body:
        return
    for dim, name in enumerate(table.dimensions):
        if name in NOT_ADDITIVE:
            continue
        groups: dict[tuple[str, ...], list[tuple[int, bool]]] = defaultdict(list)
        for key, cell in body.items():
            groups[key[:dim] + key[dim + 1 :]].append(cell)
        for group_key, cells in groups.items():
            hidden = [c for c in cells if c[1]]
            others = [c for c in cells if not c[1] and c[0] > 0]
            assert len(hidden) != 1 or not others, (table_id, measure, dim, group_key, cells)
