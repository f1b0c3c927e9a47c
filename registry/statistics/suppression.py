"""Small-cell suppression of person counts, with complementary suppression.

A cell counting 1 to 4 persons is primary-suppressed (shown as "<5"; a zero is shown). A
published margin (a row or column total, or a cell of another table that sums a group) would
let a reader subtract the shown cells and recover a lone suppressed one, so in every group of
cells that sum to a margin, one suppressed cell never stays alone: the smallest other positive
cell of the group is suppressed too, and this repeats until no group has a lone suppressed
cell. Groups are the cells that share every key but one (n-dimensional tables: rows, columns
and layers), so the rule holds along each dimension at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

THRESHOLD = 5
RULE = (
    "Counts of 1 to 4 persons are suppressed (<5), and at least one more cell of the same row or "
    "column is suppressed with them so that no total reveals them; zero is shown."
)
RULE_ZH = (
    "人数为 1 至 4 的单元格不予显示（<5），并至少同时隐去同一行或同一列的另一个单元格，"
    "使合计无法反推；0 照常显示。"
)

Key = tuple[Hashable, ...]


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress(cells: Mapping[Key, int]) -> frozenset[Key]:
    """The keys of ``cells`` to hide: the small ones and their complements."""
    hidden = {k for k, v in cells.items() if is_small(v)}
    if not hidden:
        return frozenset()
    width = len(next(iter(cells)))
    groups: list[dict[Key, list[Key]]] = []
    for dim in range(width):
        grouped: dict[Key, list[Key]] = defaultdict(list)
        for key in cells:
            grouped[key[:dim] + key[dim + 1 :]].append(key)
        groups.append(grouped)
    changed = True
    while changed:
        changed = False
        for grouped in groups:
            for members in grouped.values():
                lone = [k for k in members if k in hidden]
                if len(lone) != 1:
                    continue
                others = [k for k in members if k not in hidden and cells[k] > 0]
                if not others:
                    continue
                pick = min(others, key=lambda k: (cells[k], repr(k)))
                hidden.add(pick)
                changed = True
    return frozenset(hidden)
