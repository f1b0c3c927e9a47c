"""FHIR search parameters: parsed once, refused with a code naming the parameter."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

DEFAULT_COUNT = 20
MAX_COUNT = 200
_PREFIXES = ("gt", "ge", "lt", "le")
COMMON = frozenset({"_count", "_lastUpdated", "_page", "_id", "_format"})
PARAMETERS = {
    "Organization": COMMON | {"identifier", "name", "active"},
    "Location": COMMON | {"identifier", "name", "organization", "active"},
    "Practitioner": COMMON | {"identifier", "name"},
    "PractitionerRole": COMMON | {"identifier", "practitioner", "organization", "active"},
}


class SearchError(Exception):
    """A search the server cannot run: ``code`` (stable, for clients) and the parameter."""

    def __init__(self, code: str, parameter: str) -> None:
        super().__init__(f"{code}: {parameter}")
        self.code, self.parameter = code, parameter


@dataclass(frozen=True)
class Search:
    count: int = DEFAULT_COUNT
    after: tuple[datetime, uuid.UUID] | None = None
    """The keyset position of the page (``_page``): the last (lastUpdated, id) seen."""
    last_updated: list[tuple[str, datetime]] = field(default_factory=list)
    ids: list[uuid.UUID] = field(default_factory=list)
    identifier: tuple[str | None, str] | None = None
    name: str | None = None
    organization: uuid.UUID | None = None
    practitioner: uuid.UUID | None = None
    active: bool | None = None


def encode_page(at: datetime, row_id: uuid.UUID) -> str:
    raw = json.dumps([at.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _page(value: str) -> tuple[datetime, uuid.UUID]:
    try:
        at, row_id = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        return _instant(at, "_page"), uuid.UUID(row_id)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise SearchError("INVALID_PAGE", "_page") from None


def _instant(value: str, parameter: str) -> datetime:
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise SearchError("INVALID_DATE", parameter) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _reference(value: str, kind: str, parameter: str) -> uuid.UUID:
    try:
        return uuid.UUID(value.removeprefix(f"{kind}/"))
    except ValueError:
        raise SearchError("INVALID_REFERENCE", parameter) from None


def parse(resource: str, params: Mapping[str, list[str]]) -> Search:
    allowed = PARAMETERS[resource]
    for name in params:
        if name not in allowed:
            raise SearchError("UNKNOWN_PARAMETER", name)
    one = {k: v[-1] for k, v in params.items() if v}
    count = DEFAULT_COUNT
    if "_count" in one:
        if not one["_count"].isdigit() or not 0 < int(one["_count"]) <= MAX_COUNT:
            raise SearchError("INVALID_COUNT", "_count")
        count = int(one["_count"])
    last_updated = []
    for value in params.get("_lastUpdated", []):
        prefix = value[:2] if value[:2] in _PREFIXES else "eq"
        if prefix == "eq":
            raise SearchError("UNSUPPORTED_PREFIX", "_lastUpdated")
        last_updated.append((prefix, _instant(value[2:], "_lastUpdated")))
    identifier = None
    if "identifier" in one:
        system, bar, value = one["identifier"].rpartition("|")
        if not value or len(value) > 64:
            raise SearchError("INVALID_IDENTIFIER", "identifier")
        identifier = ((system or None) if bar else None, value)
    active = None
    if "active" in one:
        if one["active"] not in ("true", "false"):
            raise SearchError("INVALID_TOKEN", "active")
        active = one["active"] == "true"
    ids = []
    for value in ",".join(params.get("_id", [])).split(",") if "_id" in params else []:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            raise SearchError("INVALID_ID", "_id") from None
    wanted = one.get("name")
    if wanted is not None and not 0 < len(wanted) <= 100:
        raise SearchError("INVALID_STRING", "name")
    return Search(
        count=count,
        after=_page(one["_page"]) if "_page" in one else None,
        last_updated=last_updated,
        ids=ids,
        identifier=identifier,
        name=wanted,
        organization=(
            _reference(one["organization"], "Organization", "organization")
            if "organization" in one
            else None
        ),
        practitioner=(
            _reference(one["practitioner"], "Practitioner", "practitioner")
            if "practitioner" in one
            else None
        ),
        active=active,
    )
