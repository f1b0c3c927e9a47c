"""Small-cell suppression of person counts, with complementary suppression that holds across
tables and across reads.

A cell counting 1 to 4 persons is primary-suppressed (shown as "<5"; a zero is shown). Every
published person count is a *cell*: the set of (dimension, key) pairs it counts over (a
district's doctors, the doctors of a district's hospitals, the city's nurses aged 30 to 39 …),
whichever table shows it. A *line* is the cells that differ in one additive dimension only;
its *margin*, the cell without that dimension, is their sum. Where a line (with its margin,
when that is published) keeps a single hidden cell, subtracting the shown ones would give it
away, and hidden cells summing to less than five would be pinned down by being positive (two
hidden cells summing to 2 are both 1), so the smallest other positive cell of the line is
hidden too (a margin last), and this repeats until no line anywhere has a lone hidden cell
or hidden cells summing to less than five.

Because the cells are named by what they count, not by the table or read showing them, the
same cell is hidden everywhere: in every table that shows it, in the city's read and in its
district's, in the page and in the downloads. Reads therefore always suppress over the whole
city and then show the rows the reader may see, so no two reads differ in what they hide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

THRESHOLD = 5
RULE = (
    "Counts of 1 to 4 persons are suppressed (<5), and at least one more cell of the same row or "
    "column is suppressed with them so that no total reveals them; zero is shown. The same "
    "cells are suppressed in every table, read and download."
)
RULE_ZH = (
    "人数为 1 至 4 的单元格不予显示（<5），并至少同时隐去同一行或同一列的另一个单元格，"
    "使合计无法反推；0 照常显示。同一单元格在所有表格、查询和下载中一致隐去。"
)

Key = tuple[Hashable, ...]
Cell = frozenset[tuple[str, str]]
"""What a count counts: its (dimension, key) pairs (a measure is one of them)."""


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress(values: Mapping[Cell, int], not_additive: Iterable[str] = ()) -> frozenset[Cell]:
    """The cells to hide: the small ones and their complements. Dimensions in
    ``not_additive`` (a measure, a month) do not sum, so they make no lines."""
    fixed = set(not_additive)
    hidden = {c for c, v in values.items() if is_small(v)}
    if not hidden:
        return frozenset()
    lines: dict[tuple[frozenset[str], Cell], list[Cell]] = defaultdict(list)
    for cell in values:
        dims = frozenset(d for d, _k in cell)
        for pair in cell:
            if pair[0] not in fixed:
                lines[(dims, cell - {pair})].append(cell)
    groups: list[tuple[list[Cell], Cell | None]] = [
        (sorted(members, key=sorted), margin if margin in values else None)
        for (_dims, margin), members in lines.items()
    ]
    changed = True
    while changed:
        changed = False
        for members, margin in groups:
            line = members + ([margin] if margin is not None else [])
            concealed = [values[c] for c in line if c in hidden]
            # One hidden cell is the rest of its margin; two or more summing to less than
            # five (1 + 1, say) are pinned down by being positive.
            if not concealed or (len(concealed) > 1 and sum(concealed) >= THRESHOLD):
                continue
            others = [c for c in line if c not in hidden and values[c] > 0]
            if not others:
                continue
            pick = min(others, key=lambda c: (c == margin, values[c], sorted(c)))
            hidden.add(pick)
            changed = True
    return frozenset(hidden)
