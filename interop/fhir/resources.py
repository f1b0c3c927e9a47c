"""Our rows as FHIR R4 resources (IHE mCSD profiles). Identifiers are licence numbers,
qualification numbers and USCCs: never a resident ID number or a mobile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from directory.models import Institution, InstitutionStatus
from registry.registrations.models import Registration, RegistrationStatus

MCSD = "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD."
ORG_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
FACILITY_CODES = {
    "GENERAL_HOSPITAL": "HOSP",
    "SPECIALIST_HOSPITAL": "HOSP",
    "TCM_HOSPITAL": "HOSP",
    "COMMUNITY_HEALTH_CENTRE": "COMMUNITY",
    "CLINIC": "OF",
    "MATERNAL_CHILD_HEALTH": "HOSP",
    "CDC": "PHU",
    "NURSING_HOME": "NCCF",
}


@dataclass(frozen=True)
class Systems:
    """Our identifier systems and code systems, under the registry's base URL."""

    base: str

    def sid(self, name: str) -> str:
        return f"{self.base}/sid/{name}"

    def codes(self, name: str) -> str:
        return f"{self.base}/CodeSystem/{name}"


def _meta(profile: str, updated: datetime) -> dict[str, Any]:
    return {"profile": [MCSD + profile], "lastUpdated": updated.isoformat()}


def _period(start: date, end: date | None) -> dict[str, str]:
    return {"start": start.isoformat(), **({"end": end.isoformat()} if end else {})}


def organization(s: Systems, row: Institution, updated: datetime) -> dict[str, Any]:
    return {
        "resourceType": "Organization",
        "id": str(row.id),
        "meta": _meta("Organization", updated),
        "identifier": [
            {"system": s.sid("uscc"), "value": row.uscc},
            {"system": s.sid("institution-licence"), "value": row.licence_number},
        ],
        "active": row.status is InstitutionStatus.ACTIVE,
        "type": [
            {"coding": [{"system": ORG_TYPE, "code": "prov", "display": "Healthcare Provider"}]},
            {"coding": [{"system": s.codes("institution-type"), "code": row.type.value}]},
        ],
        "name": row.name,
        **({"alias": [row.name_en]} if row.name_en else {}),
    }


def location(s: Systems, row: Institution, updated: datetime) -> dict[str, Any]:
    return {
        "resourceType": "Location",
        "id": str(row.id),
        "meta": _meta("FacilityLocation", updated),
        "identifier": [{"system": s.sid("institution-licence"), "value": row.licence_number}],
        "status": "active" if row.status is InstitutionStatus.ACTIVE else "inactive",
        "name": row.name,
        **({"alias": [row.name_en]} if row.name_en else {}),
        "mode": "instance",
        "type": [{"coding": [{"system": ROLE_CODE, "code": FACILITY_CODES[row.type.value]}]}],
        "address": {
            "use": "work",
            "district": row.district_code,
            "city": "上海市",
            "country": "CN",
            **({"text": row.address} if row.address else {}),
        },
        "physicalType": {"coding": [{"system": PHYSICAL_TYPE, "code": "bu"}]},
        "managingOrganization": {"reference": f"Organization/{row.id}"},
    }


def practitioner(s: Systems, row: Any, numbers: list[str]) -> dict[str, Any]:
    qualification: dict[str, Any] = {
        "code": {"coding": [{"system": s.codes("profession"), "code": row.profession.value}]}
    }
    if row.qualification_number:
        qualification["identifier"] = [
            {"system": s.sid("qualification"), "value": row.qualification_number}
        ]
    return {
        "resourceType": "Practitioner",
        "id": str(row.id),
        "meta": _meta("Practitioner", row.created_at),
        "identifier": [
            *({"system": s.sid("practice-licence"), "value": n} for n in numbers),
            *(
                [{"system": s.sid("qualification"), "value": row.qualification_number}]
                if row.qualification_number
                else []
            ),
        ],
        "name": [{"use": "official", "text": row.name}],
        "gender": row.sex.value.lower(),
        "qualification": [qualification],
    }


def practitioner_role(s: Systems, row: Registration, licence_status: str | None) -> dict[str, Any]:
    code = [{"coding": [{"system": s.codes("profession"), "code": row.subject.value}]}]
    if row.category is not None:
        code.append(
            {"coding": [{"system": s.codes("practice-category"), "code": row.category.value}]}
        )
    extensions = [
        {"url": s.codes("registration-status"), "valueCode": row.status.value},
        *(
            [{"url": s.codes("licence-status"), "valueCode": licence_status}]
            if licence_status
            else []
        ),
    ]
    return {
        "resourceType": "PractitionerRole",
        "id": str(row.id),
        "meta": _meta("PractitionerRole", row.updated_at),
        "extension": extensions,
        "identifier": [{"system": s.sid("practice-licence"), "value": row.number}],
        "active": row.status is RegistrationStatus.ACTIVE,
        "period": _period(row.valid_from, row.valid_until),
        "practitioner": {"reference": f"Practitioner/{row.practitioner_id}"},
        "organization": {"reference": f"Organization/{row.institution_id}"},
        "location": [{"reference": f"Location/{row.institution_id}"}],
        "code": code,
        **({"specialty": [{"text": row.scope}]} if row.scope else {}),
    }
