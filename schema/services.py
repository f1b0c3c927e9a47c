"""The typed composition root every resolver receives: built once per process (by the app
factory or a CLI command), frozen, and read through ``info.context.services``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from certificates.runtime import LicenceRuntime
from core.clock import Clock
from core.crypto import Keyring
from identity.runtime import IdentityRuntime
from interop.hooks import Webhooks
from schema.reference import ReferenceData

AfterCommit = Callable[["AppServices"], Awaitable[None]]
"""Work a committed mutation triggers (in-process delivery of the messages it queued)."""


@dataclass(frozen=True)
class AppServices:
    sessions: async_sessionmaker[Any]
    """Opens sessions of their own (post-commit work runs outside the request's session)."""
    clock: Clock
    keyring: Keyring
    identity: IdentityRuntime
    licences: LicenceRuntime
    after_commit: tuple[AfterCommit, ...] = field(default=())
    """Run in order after every committed mutation, whatever its domain."""
    reference: ReferenceData = field(default_factory=ReferenceData)
    """Rows only a migration changes, loaded once (``schema/reference.py``)."""
    webhooks: Webhooks = field(default_factory=Webhooks)
    """The employers' webhook sender (a test message is sent at once)."""
