"""Employers' webhooks as the worker runs them: take new events from the outbox
(``interop.sync.intake``), then send what is due."""

from __future__ import annotations

import random
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from core.uow import unit_of_work
from interop.sync import intake
from interop.webhooks.config import WebhookConfig
from interop.webhooks.sender import deliver_due


class Webhooks:
    """The sender as the worker runs it: one HTTP client, one round per call."""

    def __init__(self, config: WebhookConfig | None = None) -> None:
        self.config = config or WebhookConfig()
        self._http: httpx.AsyncClient | None = None
        self.rng = random.Random()  # noqa: S311 - jitter, not a secret

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=self.config.timeout_s)
        return self._http

    async def run(
        self, sessions: async_sessionmaker[Any], *, only: uuid.UUID | None = None
    ) -> tuple[int, int]:
        async with unit_of_work(sessions) as session:
            await intake.take(session)
        return await deliver_due(sessions, self.http, self.config, self.rng, only=only)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None
