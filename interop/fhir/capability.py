"""``/fhir/metadata``: the CapabilityStatement of the registry."""

from __future__ import annotations

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from interop.fhir.resources import MCSD
from interop.fhir.search import PARAMETERS

_TYPES = {
    "identifier": "token",
    "name": "string",
    "active": "token",
    "organization": "reference",
    "practitioner": "reference",
    "_lastUpdated": "date",
    "_id": "token",
}
_PROFILES = {
    "Organization": "Organization",
    "Location": "FacilityLocation",
    "Practitioner": "Practitioner",
    "PractitionerRole": "PractitionerRole",
}


def capability_statement(base: str, *, token_url: str | None) -> CapabilityStatement:
    security: dict[str, object] = {
        "service": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                        "code": "OAuth",
                    }
                ]
            }
        ],
        "description": "OAuth 2.0 client credentials; scope fhir.read.",
    }
    if token_url:
        security["extension"] = [
            {
                "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                "extension": [{"url": "token", "valueUri": token_url}],
            }
        ]
    return CapabilityStatement.model_validate(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2026-11-29",
            "publisher": "medreg",
            "kind": "instance",
            "implementation": {"description": "medreg registry (read-only)", "url": base},
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "implementationGuide": [
                "https://profiles.ihe.net/ITI/mCSD/ImplementationGuide/ihe.iti.mcsd"
            ],
            "rest": [
                {
                    "mode": "server",
                    "security": security,
                    "resource": [
                        {
                            "type": kind,
                            "supportedProfile": [MCSD + _PROFILES[kind]],
                            "interaction": [{"code": "read"}, {"code": "search-type"}],
                            "searchParam": [
                                {"name": name, "type": _TYPES[name]}
                                for name in sorted(params)
                                if name in _TYPES
                            ],
                        }
                        for kind, params in PARAMETERS.items()
                    ],
                }
            ],
        }
    )
