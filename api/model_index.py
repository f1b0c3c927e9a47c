"""Imports every module that defines tables, so metadata (and alembic) sees them all."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

from core.db import Base

MODEL_MODULES = (
    "core.audit",
    "core.checkpoints",
    "core.outbox",
    "directory.models",
    "notifications.models",
    "registry.registrations.models",
    "identity.models",
    "registry.catalogue.models",
    "registry.workflow.models",
    "certificates.models",
    "registry.imports.models",
    "interop.sync.models",
    "interop.fhir.indexes",
    "interop.clients.models",
    "interop.webhooks.models",
    "registry.statistics.models",
)


def load_metadata() -> MetaData:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata
