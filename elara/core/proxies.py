"""The real client address and scheme behind trusted reverse proxies, and only behind them."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=32)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def is_trusted(address: str | None, trusted: Iterable[str]) -> bool:
    """Whether an address belongs to one of the trusted proxy networks."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(trusted)))


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    values = [value.decode("latin-1") for key, value in headers if key.lower() == name]
    return ",".join(values) if values else None


def resolve_client_ip(
    peer: str | None, headers: Iterable[tuple[bytes, bytes]], trusted: Iterable[str]
) -> str | None:
    """The rightmost X-Forwarded-For hop that is not a trusted proxy, when the peer is one."""
    trusted = tuple(trusted)
    forwarded = _header(headers, b"x-forwarded-for")
    if not forwarded or not is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, trusted):
            return _valid_ip(hop) or peer
    return _valid_ip(hops[0]) if hops else peer


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def resolve_scheme(
    scheme: str, peer: str | None, headers: Iterable[tuple[bytes, bytes]], trusted: Iterable[str]
) -> str:
    """`https` when the connection is TLS, or a trusted proxy says it terminated TLS."""
    proto = _header(headers, b"x-forwarded-proto")
    if proto and is_trusted(peer, tuple(trusted)):
        last = proto.split(",")[-1].strip().lower()
        if last in ("http", "https"):
            return last
    return "https" if scheme in ("https", "wss") else "http"
