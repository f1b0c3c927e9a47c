"""A read-only FHIR R4 registry (IHE mCSD): Organization, Location, Practitioner,
PractitionerRole, built and validated with ``fhir.resources`` (R4B models)."""
