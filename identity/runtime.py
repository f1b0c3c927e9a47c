"""What the identity services need at run time besides the session: configuration, the
throttle (whose counters live outside the database) and the notification channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from identity.config import IdentityConfig
from identity.throttle import Throttle
from notifications.messages import DevelopmentChannel, NotificationChannel


@dataclass(frozen=True)
class IdentityRuntime:
    config: IdentityConfig
    throttle: Throttle
    channel: Callable[[AsyncSession], NotificationChannel] = field(default=DevelopmentChannel)

    @classmethod
    def build(cls, config: IdentityConfig) -> IdentityRuntime:
        return cls(
            config=config,
            throttle=Throttle(config.throttle),
            channel=partial(DevelopmentChannel, signature=config.sms_signature),
        )
