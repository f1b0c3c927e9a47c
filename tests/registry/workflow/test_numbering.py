"""One number form for applications, registrations and licences, demo included."""

from __future__ import annotations

import pytest

from registry.workflow.numbering import NumberParts, format_number, parse_number


@pytest.mark.parametrize(
    "typed",
    [
        "HS310115-2026-000042",
        "hs310115-2026-000042",
        "HS3101152026000042",
        " hs 310115 2026 000042 ",
    ],
)
def test_a_number_reads_back_however_it_was_typed(typed: str) -> None:
    parts = parse_number(typed)
    assert parts == NumberParts("HS310115", 2026, 42)
    assert format_number(parts.scope, parts.year, parts.serial) == "HS310115-2026-000042"


@pytest.mark.parametrize(
    "other",
    ["", "PDY00001231011517A1001", "HS310115-26-000042", "HS31011520260000421", "张三"],
)
def test_other_text_is_not_a_number(other: str) -> None:
    assert parse_number(other) is None
