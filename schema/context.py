"""The per-request GraphQL context: the session, the actor, DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from access.actor import ANONYMOUS, Actor
from schema.services import AppServices


@dataclass
class Context:
    request: Request
    response: Response | None
    session: AsyncSession
    services: AppServices
    actor: Actor = ANONYMOUS
    loaders: dict[str, Any] = field(default_factory=dict)

    def loader(self, key: str, factory: Any) -> Any:
        """One DataLoader per key per request, created on first use."""
        if key not in self.loaders:
            self.loaders[key] = factory(self.session)
        return self.loaders[key]


Info = StrawberryInfo[Context, None]
