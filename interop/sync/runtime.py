"""The sync as the worker runs it: the platform client built once from the config and the
commission's key, one round per call."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from certificates.pki import Pki
from certificates.tokens import signing_key
from interop.sync.config import SyncConfig
from interop.sync.platform import NationalPlatform
from interop.sync.service import RoundResult, deliver_round

SYNC_TASK = "national.sync"


class NationalSync:
    def __init__(self, config: SyncConfig, pki: Callable[[], Pki]) -> None:
        self.config, self._pki = config, pki
        self._platform: NationalPlatform | None = None
        self.rng = random.Random()  # noqa: S311 - jitter, not a secret

    def platform(self) -> NationalPlatform:
        if self._platform is None:
            kid, key = signing_key(self._pki(), self.config.signer_authority)
            self._platform = NationalPlatform(
                self.config.url, key, kid, timeout_s=self.config.timeout_s
            )
        return self._platform

    async def run(self, sessions: async_sessionmaker[Any]) -> RoundResult:
        return await deliver_round(sessions, self.platform(), self.config, self.rng)

    async def close(self) -> None:
        if self._platform is not None:
            await self._platform.close()
            self._platform = None
