"""Where the crawler may connect: http(s) only, public addresses only, pinned to the checked address.

A URL's host is resolved through a `Resolver`, every address is checked, and the request is then
sent to the checked address itself (`pin`): the name is never resolved a second time, so a DNS
answer that changes between the check and the connection (DNS rebinding) cannot redirect it.
Redirects are followed by the fetcher hop by hop, each hop checked again.

Private, loopback and "not globally routable" addresses (RFC 1918, 127/8, ::1, fc00::/7,
100.64/10 ...) are allowed only for a portal with `allow_private` (tests, the demo portal).
Link-local (169.254/16 holds cloud metadata services), multicast, unspecified and reserved
addresses are refused always.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})


class UnsafeTarget(Exception):
    """The URL or the address it resolves to may not be fetched (outcome `invalid`)."""


class ResolutionError(Exception):
    """The host name has no address (or the resolver failed)."""


@runtime_checkable
class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """The addresses of `host` (ASCII/IDNA form), best first; `ResolutionError` when none."""
        ...


class SystemResolver:
    """The operating system's resolver (getaddrinfo in the event loop's thread pool)."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise ResolutionError(f"cannot resolve {host}: {exc}") from exc
        addresses: list[IPAddress] = []
        for *_, sockaddr in infos:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise ResolutionError(f"cannot resolve {host}: no address")
        return addresses


class StaticHostsResolver:
    """Fixed name -> address entries (FAZHI_CRAWL_STATIC_HOSTS) consulted before `fallback`."""

    def __init__(self, hosts: Mapping[str, str], fallback: Resolver | None = None) -> None:
        self._hosts = {_normal(name): ipaddress.ip_address(address) for name, address in hosts.items()}
        self._fallback = fallback

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        address = self._hosts.get(_normal(host))
        if address is not None:
            return [address]
        if self._fallback is None:
            raise ResolutionError(f"cannot resolve {host}: not in the static hosts")
        return await self._fallback.resolve(host, port)


def default_resolver(static_hosts: Mapping[str, str]) -> Resolver:
    """The static overlay (when any) over the system resolver."""
    system = SystemResolver()
    return StaticHostsResolver(static_hosts, system) if static_hosts else system


def _normal(host: str) -> str:
    return host.lower().rstrip(".")


def refusal(address: IPAddress) -> tuple[str, bool] | None:
    """Why `address` is not a public target: (reason, refused even with allow_private); None if public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None:
            found = refusal(embedded)
            return (f"{found[0]} (embedded in {address})", found[1]) if found else None
    if address.is_unspecified:
        return "unspecified address", True
    if address.is_multicast:
        return "multicast address", True
    if address.is_link_local:
        return "link-local address", True
    if address.is_loopback:
        return "loopback address", False
    if address.is_private:
        return "private address", False
    if address.is_reserved:
        return "reserved address", True
    if not address.is_global:
        return "address not globally routable", False
    return None


def check_url(url: str | httpx.URL) -> httpx.URL:
    """Parse `url` and check its form (scheme, host); `UnsafeTarget` says what is wrong."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsafeTarget(f"not a valid URL: {url!r} ({exc})") from exc
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise UnsafeTarget(f"scheme {parsed.scheme or '(none)'!r} is not http or https: {url}")
    if not parsed.raw_host:
        raise UnsafeTarget(f"no host in {url}")
    return parsed


async def checked_address(url: httpx.URL, resolver: Resolver, *, allow_private: bool) -> IPAddress:
    """Resolve `url`'s host and check every address; the first one is where to connect.

    Refused when ANY address is refused: a name mixing public and private answers is suspect,
    and picking the public one would only move the problem to the next resolution.
    """
    host = url.raw_host.decode("ascii")
    try:
        addresses: list[IPAddress] = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        addresses = await resolver.resolve(host, url.port or _default_port(url))
    for address in addresses:
        found = refusal(address)
        if found is not None and (found[1] or not allow_private):
            raise UnsafeTarget(f"{host} resolves to {address}: {found[0]} refused")
    return addresses[0]


def pin(url: httpx.URL, address: IPAddress) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The request URL aimed at `address`, with the Host header and (https) TLS name of the original.

    Returns (url, headers, extensions) for an httpx.Request; httpcore verifies the certificate
    against `sni_hostname`, so TLS still authenticates the name and not the address.
    """
    headers = {"Host": url.netloc.decode("ascii")}
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    return url.copy_with(host=str(address)), headers, extensions


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80
