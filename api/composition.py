"""The composition root: settings in, typed services out, for the app and the CLI alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from api.settings import Settings
from certificates.runtime import LicenceRuntime
from core.clock import Clock
from identity.runtime import IdentityRuntime
from interop.hooks import Webhooks
from interop.sync.runtime import NationalSync
from notifications.delivery import deliver_once
from schema.services import AfterCommit, AppServices


async def deliver_queued(services: AppServices) -> None:
    """In development (SQLite) a committed mutation's messages go out at once, in a
    session of their own; elsewhere the worker delivers them."""
    await deliver_once(services.sessions, services.identity.channel)


def build_services(
    settings: Settings, sessions: async_sessionmaker[Any], clock: Clock | None = None
) -> AppServices:
    """A missing licence font or a bad key stops start-up here, clearly."""
    identity = IdentityRuntime.build(settings.identity_config())
    hooks: tuple[AfterCommit, ...] = (
        (deliver_queued,) if identity.config.delivery == "inprocess" else ()
    )
    return AppServices(
        sessions=sessions,
        clock=clock or Clock(),
        keyring=settings.keyring,
        identity=identity,
        licences=settings.licence_runtime(),
        after_commit=hooks,
        webhooks=Webhooks(settings.webhook_config()),
    )


def national_sync(settings: Settings, licences: LicenceRuntime) -> NationalSync | None:
    """The national platform sync when ``MEDREG_NATIONAL_URL`` is set, signing with the
    commission's key from the licence PKI."""
    config = settings.sync_config()
    return None if config is None else NationalSync(config, licences.pki)
