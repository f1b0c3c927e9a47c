"""Where introspection is off (production), no error spells out the schema with "Did you
mean …?": not a misspelt field, nor a variable's misspelt enum value or input field."""

from __future__ import annotations

from typing import Any

import pytest

from schema.root import SchemaLimits, build_schema

CASES: list[tuple[str, dict[str, Any] | None, str]] = [
    ("{ institutions { edges { node { nam } } } }", None, "'name'"),
    (
        "query Q($t: InstitutionType) { institutions(filter: { type: $t }) { edges { cursor } } }",
        {"t": "CLINC"},
        "'CLINIC'",
    ),
    (
        "query Q($f: InstitutionFilter) { institutions(filter: $f) { edges { cursor } } }",
        {"f": {"distrct": "310115"}},
        "'district'",
    ),
]


@pytest.mark.parametrize(("document", "variables", "guess"), CASES)
@pytest.mark.parametrize("introspection", [True, False])
async def test_suggestions_only_where_introspection_is_on(
    document: str, variables: dict[str, Any] | None, guess: str, introspection: bool
) -> None:
    schema = build_schema(SchemaLimits(introspection=introspection))
    for _ in range(2):  # the first time, and once prepared or cached
        result = await schema.execute(document, variable_values=variables)
        [error] = result.errors or []
        assert ("Did you mean" in error.message) is introspection
        assert (guess in error.message) is introspection
