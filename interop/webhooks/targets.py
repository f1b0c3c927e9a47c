"""Where a webhook may be sent: only to public internet addresses, so a subscriber cannot make
the server call its own network (SSRF). Checked when subscribing and again before every
delivery, after DNS resolution; the delivery then connects to the very address checked (a
name that resolves differently a second later cannot slip through)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from enum import StrEnum

from core.errors import ValidationFailed

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetProblem(StrEnum):
    TARGET_NOT_PUBLIC = "TARGET_NOT_PUBLIC"
    """The URL's host is (or resolves to) a private, loopback, link-local or reserved address."""
    TARGET_UNRESOLVED = "TARGET_UNRESOLVED"
    """The URL's host name does not resolve."""


class TargetRefused(Exception):
    def __init__(self, problem: TargetProblem, host: str) -> None:
        super().__init__(f"{problem.value}: {host}")
        self.problem = problem

    def as_validation(self) -> ValidationFailed:
        return ValidationFailed.on("url", "a host on the public internet", self.problem)


@dataclass(frozen=True)
class Target:
    host: str
    address: str
    """The checked address to connect to."""


def is_public(address: IPAddress) -> bool:
    """Routable on the public internet: not private, loopback, link-local, multicast, shared
    (100.64/10), documentation or otherwise reserved; IPv4 inside IPv6 is judged as IPv4."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


async def resolve(host: str, port: int, *, allow_private: bool) -> Target:
    """The address to connect to for ``host``; every address the name resolves to must be
    public unless ``allow_private`` (development and tests)."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except (socket.gaierror, UnicodeError):
            raise TargetRefused(TargetProblem.TARGET_UNRESOLVED, host) from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not addresses:
        raise TargetRefused(TargetProblem.TARGET_UNRESOLVED, host)
    if not allow_private and not all(is_public(a) for a in addresses):
        raise TargetRefused(TargetProblem.TARGET_NOT_PUBLIC, host)
    return Target(host, str(addresses[0]))
