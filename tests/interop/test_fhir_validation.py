"""The shape-cached validator accepts exactly what the ``fhir.resources`` models accept: every
primitive value is still checked on a shape seen before, and a new shape (an unknown element,
a different type) gets the full model validation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from interop.fhir.validation import ResourceValidator

BASE = "https://medreg.example/fhir"
ROLE: dict[str, Any] = {
    "resourceType": "PractitionerRole",
    "id": "6f1c1f0e-8b5a-4a57-9a55-0d1f3e2f7a10",
    "meta": {
        "profile": [
            "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.PractitionerRole"
        ],
        "lastUpdated": "2026-11-25T02:00:00+00:00",
    },
    "extension": [{"url": f"{BASE}/CodeSystem/registration-status", "valueCode": "ACTIVE"}],
    "identifier": [{"system": f"{BASE}/sid/practice-licence", "value": "HS310115-2026-000001"}],
    "active": True,
    "period": {"start": "2026-01-01", "end": "2031-01-01"},
    "practitioner": {"reference": "Practitioner/0d1f3e2f"},
    "organization": {"reference": "Organization/7a10"},
    "location": [{"reference": "Location/7a10"}],
    "code": [{"coding": [{"system": f"{BASE}/CodeSystem/profession", "code": "NURSE"}]}],
    "specialty": [{"text": "内科"}],
}
LOCATION: dict[str, Any] = {
    "resourceType": "Location",
    "id": "7a10",
    "status": "active",
    "name": "浦东医院",
    "alias": ["Pudong Hospital"],
    "mode": "instance",
    "address": {"use": "work", "district": "310115", "city": "上海市", "country": "CN"},
    "managingOrganization": {"reference": "Organization/7a10"},
}
BAD_STRINGS = ["", " NURSE", "two  spaces", "no-date", "2026-13-01", "x" * 70, "a b", "\x00"]


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() if k != "resourceType" for p in leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))]
    return [path] if isinstance(value, str) else []


def replaced(resource: dict[str, Any], path: tuple[Any, ...], new: str) -> dict[str, Any]:
    changed = copy.deepcopy(resource)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return changed


def accepts(validate: Any, *args: Any) -> bool:
    try:
        validate(*args)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(("model", "resource"), [(PractitionerRole, ROLE), (Location, LOCATION)])
def test_same_verdict_as_the_model_for_every_value(
    model: type[Resource], resource: dict[str, Any]
) -> None:
    validator = ResourceValidator()
    validator.validate(model, resource)  # the shape is now known
    verdicts = []
    for path in leaves(resource):
        for bad in BAD_STRINGS:
            candidate = replaced(resource, path, bad)
            expected = accepts(model.model_validate, candidate)
            assert accepts(validator.validate, model, candidate) is expected, (path, bad)
            verdicts.append(expected)
    assert len(verdicts) >= 80
    assert verdicts.count(False) >= 20  # many of these values are refused, by both


def test_a_new_shape_gets_the_full_validation() -> None:
    validator = ResourceValidator()
    validator.validate(Location, LOCATION)
    with pytest.raises(ValidationError):
        validator.validate(Location, {**LOCATION, "colour": "red"})
    with pytest.raises(ValidationError):
        validator.validate(Location, {**LOCATION, "alias": "not a list"})
    with pytest.raises(ValidationError):
        validator.validate(Location, {**LOCATION, "resourceType": "Organization"})


def test_a_bundle_envelope() -> None:
    validator = ResourceValidator()
    envelope = {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": "2026-11-25T02:00:00+00:00",
        "link": [{"relation": "self", "url": f"{BASE}/Location?_count=1"}],
        "entry": [{"fullUrl": f"{BASE}/Location/7a10", "search": {"mode": "match"}}],
    }
    validator.validate(Bundle, envelope)
    with pytest.raises(ValidationError):
        validator.validate(Bundle, {**envelope, "timestamp": "yesterday"})
