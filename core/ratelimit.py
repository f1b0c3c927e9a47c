"""Rate-limit counters kept in a ``limits`` async storage.

``memory://`` keeps them in the process: right for one process, wrong as soon as there are
several (``medreg serve --workers N``, several hosts), where each would count on its own.
``redis://host:6379/0`` (or ``rediss://``, ``redis+sentinel://``…) shares them.
"""

from __future__ import annotations

from limits import RateLimitItem, parse_many
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

# Schemes whose storage namespaces its keys (limits' ``key_prefix``); the others ignore it.
_PREFIXED_SCHEMES = ("redis", "rediss", "redis+", "valkey")


def async_uri(uri: str) -> str:
    """``limits`` picks its asyncio storages by an ``async+`` scheme prefix."""
    return uri if uri.startswith("async+") else f"async+{uri}"


def moving_window(uri: str, *, key_prefix: str) -> MovingWindowRateLimiter:
    """A moving-window limiter on the storage at ``uri``. ``key_prefix`` keeps the keys of
    deployments (or test runs) that share one Redis apart."""
    uri = async_uri(uri)
    scheme = uri.removeprefix("async+").split("://", 1)[0]
    options: dict[str, str | bool] = {"wrap_exceptions": True}
    if scheme.startswith(_PREFIXED_SCHEMES):
        options["key_prefix"] = key_prefix
    return MovingWindowRateLimiter(storage_from_string(uri, **options))


def parse_limits(*specs: str) -> list[RateLimitItem]:
    """``"5/minute;10/hour"`` style specs, flattened."""
    items: list[RateLimitItem] = []
    for spec in specs:
        items.extend(parse_many(spec))
    return items
