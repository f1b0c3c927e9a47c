"""Throttling of failed sign-ins and of SMS codes, per account and per client address.

Stacked moving windows (5 a minute, 10 a quarter hour, 20 an hour, 40 a day by default) make
the wait grow with consecutive failures and wear off by itself: an attacker can slow an
account down, never lock it for good. The counters live in a ``limits`` storage:
``memory://`` for one process, Redis (``redis://…``) when several processes share them.
"""

from __future__ import annotations

import math
import time
from enum import StrEnum

from limits import RateLimitItem

from core.errors import RateLimited
from core.ratelimit import moving_window, parse_limits
from identity.config import ThrottlePolicy
from identity.errors import IdentityProblem


class Throttle:
    def __init__(self, policy: ThrottlePolicy) -> None:
        self.policy = policy
        self.limiter = moving_window(policy.storage_uri, key_prefix=policy.key_prefix)
        self.account_items = parse_limits(*policy.account_limits)
        self.address_items = parse_limits(*policy.address_limits)
        self.code_items = parse_limits(*policy.code_send_limits)
        self.sign_on_items = parse_limits(*policy.sign_on_limits)

    async def _wait(self, items: list[RateLimitItem], *key: str) -> int:
        """Seconds until every window has room again (0 when there is room now)."""
        wait = 0.0
        for item in items:
            if not await self.limiter.test(item, *key):
                stats = await self.limiter.get_window_stats(item, *key)
                wait = max(wait, stats.reset_time - time.time())
        return max(1, math.ceil(wait)) if wait > 0 else 0

    async def check_sign_in(self, login_key: str, address: str | None) -> None:
        wait = await self._wait(self.account_items, "sign-in", "account", login_key)
        if address:
            wait = max(wait, await self._wait(self.address_items, "sign-in", "address", address))
        if wait:
            raise RateLimited(
                "Too many failed sign-ins; wait before trying again.",
                retry_after_seconds=wait,
                reason=IdentityProblem.SIGN_IN_THROTTLED,
            )

    async def sign_in_failed(self, login_key: str, address: str | None) -> None:
        for item in self.account_items:
            await self.limiter.hit(item, "sign-in", "account", login_key)
        if address:
            for item in self.address_items:
                await self.limiter.hit(item, "sign-in", "address", address)

    async def sign_in_succeeded(self, login_key: str) -> None:
        """The holder proved the password: their account's windows start afresh."""
        for item in self.account_items:
            await self.limiter.clear(item, "sign-in", "account", login_key)

    async def sign_on_step(self, address: str | None) -> None:
        """Count a government sign-on start or return from ``address``; raise when it made
        too many."""
        await self._count(
            self.sign_on_items,
            ("sign-on", "address", address or "unknown"),
            "Too many sign-ons from this network; try again later.",
            IdentityProblem.SIGN_IN_THROTTLED,
        )

    async def code_sent(self, address: str | None) -> None:
        """Count an SMS the address triggered; raise when it triggered too many."""
        if not address:
            return
        await self._count(
            self.code_items,
            ("sms", "address", address),
            "Too many codes requested from this network; try again later.",
            IdentityProblem.CODES_THROTTLED,
        )

    async def _count(
        self, items: list[RateLimitItem], key: tuple[str, ...], message: str, reason: StrEnum
    ) -> None:
        """Refuse when a window is full; otherwise count one more in each."""
        wait = await self._wait(items, *key)
        if wait:
            raise RateLimited(message, retry_after_seconds=wait, reason=reason)
        for item in items:
            await self.limiter.hit(item, *key)

    async def check_code_attempt(self, purpose: str, key: str, address: str | None) -> None:
        """Guessing one-time codes (or, through them, which usernames exist) is throttled like
        sign-ins: per target and per client address."""
        wait = await self._wait(self.account_items, purpose, "account", key)
        if address:
            wait = max(wait, await self._wait(self.address_items, purpose, "address", address))
        if wait:
            raise RateLimited(
                "Too many wrong codes; wait before trying again.",
                retry_after_seconds=wait,
                reason=IdentityProblem.CODE_ATTEMPTS_THROTTLED,
            )

    async def code_attempt_failed(self, purpose: str, key: str, address: str | None) -> None:
        for item in self.account_items:
            await self.limiter.hit(item, purpose, "account", key)
        if address:
            for item in self.address_items:
                await self.limiter.hit(item, purpose, "address", address)
