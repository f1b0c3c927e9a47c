"""Fast draws for hot loops. ``random.choices`` and ``randrange`` cost microseconds each in
pure Python; scaling one ``random()`` is exact enough for synthetic data and just as
reproducible."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


def below(rng: random.Random, n: int) -> int:
    """An integer in ``[0, n)``."""
    return int(rng.random() * n)


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in ``[low, high]``, like ``randint``."""
    return low + int(rng.random() * (high - low + 1))


class Weighted(Generic[T]):
    """Options with relative weights; ``draw`` is one ``random()`` and a bisection."""

    def __init__(self, options: Iterable[tuple[T, float]]) -> None:
        pairs = list(options)
        self.options = [option for option, _ in pairs]
        self._cumulative = list(accumulate(weight for _, weight in pairs))
        self._total = self._cumulative[-1]

    def draw(self, rng: random.Random) -> T:
        return self.options[bisect(self._cumulative, rng.random() * self._total)]
