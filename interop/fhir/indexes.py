"""Indexes the FHIR pages walk (lastUpdated, id): incremental sync and ``_count`` paging
read a city's practitioners and registrations in this order."""

from __future__ import annotations

from sqlalchemy import Index

from directory.models import Practitioner
from registry.registrations.models import Registration

PRACTITIONER_PAGES = Index("ix_practitioner_fhir_page", Practitioner.created_at, Practitioner.id)
REGISTRATION_PAGES = Index("ix_registration_fhir_page", Registration.updated_at, Registration.id)
