"""Which hosts and addresses Attune may reach out to (calendar feeds, push services).

An address is refused unless globally reachable by the IANA special-purpose registries, so a
feed or push endpoint can never point Attune at this machine, its network or a metadata service.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import idna

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]

# A host name as DNS and TLS certificates know it: letters, digits and inner hyphens per label.
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_HOST_LIMIT = 253


class HostNotFound(Exception):
    """The host name has no address (or DNS refused to look it up)."""


class AddressRefused(Exception):
    """The host resolved to an address Attune may not reach; says where and why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where} is {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Block:
    """A registry block: why a feed may not live there, or None when globally reachable."""

    network: IPNetwork
    refusal: str | None


def _block(cidr: str, refusal: str | None) -> Block:
    return Block(ipaddress.ip_network(cidr), refusal)


_PRIVATE = "a private network address"
_DOCUMENTATION = "a documentation address, not a real one"
_PROTOCOL = "an address reserved for network protocols"
_BENCHMARKING = "a benchmarking address"
_LOOPBACK = "a loopback address (this machine)"
_LINK_LOCAL = "a link-local address (such as a cloud metadata service)"
_UNSPECIFIED = "an unspecified address"
_TRANSLATION = "a local IPv4/IPv6 translation address"
_TUNNEL = "a tunnel address"
_MULTICAST = "a multicast address"
_RESERVED = "a reserved address"

# Every entry of the IANA IPv4 Special-Purpose Address Registry (iana-ipv4-special-registry,
# 2025), by its registry name; None marks the few sub-blocks that are globally reachable. The
# most specific block holding an address decides. Multicast has its own registry.
IPV4_BLOCKS = (
    _block("0.0.0.0/8", _UNSPECIFIED),  # "This network"
    _block("0.0.0.0/32", _UNSPECIFIED),  # "This host on this network"
    _block("10.0.0.0/8", _PRIVATE),  # Private-Use
    _block("100.64.0.0/10", "a shared carrier-grade NAT address"),  # Shared Address Space
    _block("127.0.0.0/8", _LOOPBACK),  # Loopback
    _block("169.254.0.0/16", _LINK_LOCAL),  # Link Local
    _block("172.16.0.0/12", _PRIVATE),  # Private-Use
    _block("192.0.0.0/24", _PROTOCOL),  # IETF Protocol Assignments
    _block("192.0.0.0/29", _PROTOCOL),  # IPv4 Service Continuity Prefix
    _block("192.0.0.8/32", _PROTOCOL),  # IPv4 dummy address
    _block("192.0.0.9/32", None),  # Port Control Protocol Anycast
    _block("192.0.0.10/32", None),  # Traversal Using Relays around NAT Anycast
    _block("192.0.0.170/32", _PROTOCOL),  # NAT64/DNS64 Discovery
    _block("192.0.0.171/32", _PROTOCOL),  # NAT64/DNS64 Discovery
    _block("192.0.2.0/24", _DOCUMENTATION),  # Documentation (TEST-NET-1)
    _block("192.31.196.0/24", None),  # AS112-v4
    _block("192.52.193.0/24", None),  # AMT
    _block("192.88.99.0/24", _TUNNEL),  # Deprecated (6to4 Relay Anycast)
    _block("192.168.0.0/16", _PRIVATE),  # Private-Use
    _block("192.175.48.0/24", None),  # Direct Delegation AS112 Service
    _block("198.18.0.0/15", _BENCHMARKING),  # Benchmarking
    _block("198.51.100.0/24", _DOCUMENTATION),  # Documentation (TEST-NET-2)
    _block("203.0.113.0/24", _DOCUMENTATION),  # Documentation (TEST-NET-3)
    _block("224.0.0.0/4", _MULTICAST),  # Multicast (iana-multicast-addresses)
    _block("240.0.0.0/4", _RESERVED),  # Reserved
    _block("255.255.255.255/32", "a broadcast address"),  # Limited Broadcast
)

# Every entry of the IANA IPv6 Special-Purpose Address Registry (iana-ipv6-special-registry,
# 2025), and the blocks outside global unicast (2000::/3) that still hold addresses in use.
# IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses are judged
# by the IPv4 address they carry, before this table.
IPV6_BLOCKS = (
    _block("::1/128", _LOOPBACK),  # Loopback Address
    _block("::/128", _UNSPECIFIED),  # Unspecified Address
    _block("::ffff:0:0/96", None),  # IPv4-mapped Address (judged by the IPv4 address it carries)
    _block("64:ff9b::/96", None),  # IPv4-IPv6 Translat. (judged by the IPv4 address it carries)
    _block("64:ff9b:1::/48", _TRANSLATION),  # IPv4-IPv6 Translat. (local use)
    _block("100::/64", "a discard-only address"),  # Discard-Only Address Block
    _block("100:0:0:1::/64", _RESERVED),  # Dummy IPv6 Prefix
    _block("2001::/23", _PROTOCOL),  # IETF Protocol Assignments
    _block("2001::/32", _TUNNEL),  # TEREDO
    _block("2001:1::1/128", None),  # Port Control Protocol Anycast
    _block("2001:1::2/128", None),  # Traversal Using Relays around NAT Anycast
    _block("2001:1::3/128", None),  # DNS-SD Service Registration Protocol Anycast
    _block("2001:2::/48", _BENCHMARKING),  # Benchmarking
    _block("2001:3::/32", None),  # AMT
    _block("2001:4:112::/48", None),  # AS112-v6
    _block("2001:10::/28", _PROTOCOL),  # Deprecated (previously ORCHID)
    _block("2001:20::/28", None),  # ORCHIDv2
    _block("2001:30::/28", None),  # Drone Remote ID Protocol Entity Tags (DETs) Prefix
    _block("2001:db8::/32", _DOCUMENTATION),  # Documentation
    _block("2002::/16", None),  # 6to4 (judged by the IPv4 address it carries)
    _block("2620:4f:8000::/48", None),  # Direct Delegation AS112 Service
    _block("3fff::/20", _DOCUMENTATION),  # Documentation
    _block("5f00::/16", "a segment routing (SRv6) address"),  # Segment Routing (SRv6) SIDs
    _block("fc00::/7", _PRIVATE),  # Unique-Local
    _block("fe80::/10", _LINK_LOCAL),  # Link-Local Unicast
    _block("fec0::/10", _PRIVATE),  # Site-local (deprecated; ipv6-address-space registry)
    _block("ff00::/8", _MULTICAST),  # Multicast (ipv6-address-space registry)
)
_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def refusal_reason(address: IPAddress, *, allow_local: bool = False) -> str | None:
    """Say why Attune may not connect to this address, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = _carried_ipv4(address)
        if carried is not None:
            inner = refusal_reason(carried, allow_local=allow_local)
            if inner is not None and address.ipv4_mapped is not None:
                return f"{inner} ({carried} written as IPv6)"
            if inner is not None:
                return f"a tunnel to {carried}, {inner}"
            if address.ipv4_mapped is not None:
                return None
    if allow_local and address.is_loopback:
        return None
    block = special_block(address)
    if block is not None:
        return block.refusal
    if isinstance(address, ipaddress.IPv6Address) and address not in _GLOBAL_UNICAST:
        return "an address outside the public IPv6 range"
    return None


def special_block(address: IPAddress) -> Block | None:
    """Return the most specific registry block holding address, if any holds it."""
    blocks = IPV4_BLOCKS if isinstance(address, ipaddress.IPv4Address) else IPV6_BLOCKS
    holding = [b for b in blocks if address in b.network]
    return max(holding, key=lambda b: b.network.prefixlen, default=None)


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv4-mapped, 6to4 or NAT64 address carries, if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def valid_host(host: str) -> bool:
    """Say whether host is an IP address or a name DNS and IDNA accept (A-labels decoded)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    name = host.lower().removesuffix(".")
    if not name or len(name) > _HOST_LIMIT:
        return False
    return all(_LABEL.match(label) and _valid_a_label(label) for label in name.split("."))


def _valid_a_label(label: str) -> bool:
    """Say whether an xn-- label is one IDNA 2008 accepts (the library yarl writes them with)."""
    if not label.startswith("xn--"):
        return True
    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


async def resolve_with_loop(host: str, port: int) -> list[str]:
    """Look host up with the system resolver, as connecting would."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def public_addresses(
    host: str, port: int, resolve: Resolver = resolve_with_loop, *, allow_local: bool = False
) -> list[str]:
    """Resolve host and return its addresses, refusing if any one of them is not public."""
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = await resolve(host, port)
        except (OSError, UnicodeError):
            raise HostNotFound(host) from None
    if not addresses:
        raise HostNotFound(host)
    for text in addresses:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise AddressRefused(host, "something that is not an IP address") from None
        reason = refusal_reason(address, allow_local=allow_local)
        if reason is not None:
            raise AddressRefused(host if text == host else f"{host} ({text})", reason)
    return list(dict.fromkeys(addresses))
