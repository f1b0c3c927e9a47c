"""FHIR searches and reads: rows → resources → a validated ``Bundle`` (searchset) with
``self`` and ``next`` links; ``next`` carries the keyset position (``_page``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.resource import Resource
from sqlalchemy.ext.asyncio import AsyncSession

from interop.fhir import queries, resources
from interop.fhir.search import Search, encode_page, parse
from interop.fhir.validation import ResourceValidator

MODELS: dict[str, type[Resource]] = {
    "Organization": Organization,
    "Location": Location,
    "Practitioner": Practitioner,
    "PractitionerRole": PractitionerRole,
}
VALIDATOR = ResourceValidator()


async def _resources(
    session: AsyncSession, kind: str, search: Search, systems: resources.Systems
) -> tuple[list[dict[str, Any]], list[tuple[datetime, uuid.UUID]], bool]:
    """The page's resources (as JSON values), their keyset positions, whether more follow."""
    if kind in ("Organization", "Location"):
        page = await queries.institutions(session, search)
        build: Callable[..., dict[str, Any]] = (
            resources.organization if kind == "Organization" else resources.location
        )
        items = [build(systems, row[0], row[1]) for row in page.rows]
        keys = [(row[1], row[0].id) for row in page.rows]
    elif kind == "Practitioner":
        page = await queries.practitioners(session, search)
        numbers = await queries.licence_numbers(session, [row.id for row in page.rows])
        items = [resources.practitioner(systems, r, numbers.get(r.id, [])) for r in page.rows]
        keys = [(row.created_at, row.id) for row in page.rows]
    else:
        page = await queries.roles(session, search)
        regs = [row[0] for row in page.rows]
        statuses = await queries.licence_statuses(session, [r.number for r in regs])
        items = [resources.practitioner_role(systems, r, statuses.get(r.number)) for r in regs]
        keys = [(r.updated_at, r.id) for r in regs]
    return items, keys, page.has_next


async def search(
    session: AsyncSession, kind: str, params: Mapping[str, list[str]], base: str
) -> dict[str, Any]:
    """The searchset Bundle as JSON values, validated with ``fhir.resources`` (the values are
    served as they were validated: dumping the model again would only cost time): the
    envelope as a ``Bundle``, each resource with its own model (``interop.fhir.validation``).
    ``SearchError`` for a parameter we cannot honour."""
    parsed = parse(kind, params)
    systems = resources.Systems(base)
    items, keys, has_next = await _resources(session, kind, parsed, systems)
    every = [(k, v) for k, values in params.items() for v in values]
    plain = [(k, v) for k, v in every if k != "_page"]
    links = [{"relation": "self", "url": f"{base}/{kind}?{urlencode(every)}"}]
    if has_next and keys:
        at, last = keys[-1]
        links.append(
            {
                "relation": "next",
                "url": f"{base}/{kind}?{urlencode([*plain, ('_page', encode_page(at, last))])}",
            }
        )
    entries: list[dict[str, Any]] = [
        {"fullUrl": f"{base}/{kind}/{item['id']}", "search": {"mode": "match"}} for item in items
    ]
    envelope = {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": datetime.now(UTC).isoformat(),
        "link": links,
        "entry": entries,
    }
    VALIDATOR.validate(Bundle, envelope)
    model = MODELS[kind]
    for entry, item in zip(entries, items, strict=True):
        VALIDATOR.validate(model, item)
        entry["resource"] = item
    return envelope


async def read(
    session: AsyncSession, kind: str, resource_id: str, base: str
) -> dict[str, Any] | None:
    try:
        row_id = uuid.UUID(resource_id)
    except ValueError:
        return None
    items, _keys, _more = await _resources(
        session, kind, Search(count=1, ids=[row_id]), resources.Systems(base)
    )
    if not items:
        return None
    VALIDATOR.validate(MODELS[kind], items[0])
    return items[0]
