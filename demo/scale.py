"""How much demo data to load."""

from __future__ import annotations

from enum import Enum


class Scale(Enum):
    """(institutions, doctors, nurses) of a demo city."""

    TINY = (64, 160, 200)
    """For tests: every district still gets its CDC, MCH and a few more institutions."""
    SMALL = (200, 2_200, 2_800)
    """A demo that loads in about a second."""
    CITY = (6_000, 85_000, 110_000)
    """Roughly Shanghai's real size."""

    @property
    def institutions(self) -> int:
        return int(self.value[0])

    @property
    def doctors(self) -> int:
        return int(self.value[1])

    @property
    def nurses(self) -> int:
        return int(self.value[2])
