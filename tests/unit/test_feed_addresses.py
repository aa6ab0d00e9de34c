"""Feed targets: every IANA special-purpose block refused unless globally reachable."""

from __future__ import annotations

import ipaddress

import pytest

from server.addresses import IPV4_BLOCKS, IPV6_BLOCKS, refusal_reason, special_block

# (registry block, an address inside it, a public address just outside it, why it is refused
# or None when the registry calls it globally reachable).
ROWS = [
    ("0.0.0.0/8", "0.1.2.3", "1.0.0.1", "unspecified"),
    ("0.0.0.0/32", "0.0.0.0", "1.1.1.1", "unspecified"),
    ("10.0.0.0/8", "10.20.30.40", "11.0.0.1", "private network"),
    ("100.64.0.0/10", "100.64.0.1", "100.128.0.1", "carrier-grade NAT"),
    ("127.0.0.0/8", "127.0.0.1", "128.0.0.1", "loopback"),
    ("169.254.0.0/16", "169.254.169.254", "169.255.0.1", "link-local"),
    ("172.16.0.0/12", "172.31.255.254", "172.32.0.1", "private network"),
    ("192.0.0.0/24", "192.0.0.200", "192.0.1.1", "network protocols"),
    ("192.0.0.0/29", "192.0.0.1", "192.0.1.1", "network protocols"),
    ("192.0.0.8/32", "192.0.0.8", "192.0.1.1", "network protocols"),
    ("192.0.0.9/32", "192.0.0.9", "192.0.1.1", None),
    ("192.0.0.10/32", "192.0.0.10", "192.0.1.1", None),
    ("192.0.0.170/32", "192.0.0.170", "192.0.1.1", "network protocols"),
    ("192.0.0.171/32", "192.0.0.171", "192.0.1.1", "network protocols"),
    ("192.0.2.0/24", "192.0.2.1", "192.0.3.1", "documentation"),
    ("192.31.196.0/24", "192.31.196.1", "192.31.197.1", None),
    ("192.52.193.0/24", "192.52.193.1", "192.52.194.1", None),
    ("192.88.99.0/24", "192.88.99.1", "192.88.100.1", "tunnel"),
    ("192.168.0.0/16", "192.168.1.1", "192.169.0.1", "private network"),
    ("192.175.48.0/24", "192.175.48.1", "192.175.49.1", None),
    ("198.18.0.0/15", "198.19.255.1", "198.20.0.1", "benchmarking"),
    ("198.51.100.0/24", "198.51.100.7", "198.51.101.1", "documentation"),
    ("203.0.113.0/24", "203.0.113.9", "203.0.114.1", "documentation"),
    ("224.0.0.0/4", "239.255.255.250", "223.255.255.1", "multicast"),
    ("240.0.0.0/4", "240.0.0.1", "223.1.1.1", "reserved"),
    ("255.255.255.255/32", "255.255.255.255", "223.1.1.2", "broadcast"),
    ("::1/128", "::1", "2606:4700::1111", "loopback"),
    ("::/128", "::", "2606:4700::1111", "unspecified"),
    ("::ffff:0:0/96", "::ffff:10.0.0.1", "2606:4700::1111", "10.0.0.1 written as IPv6"),
    ("64:ff9b::/96", "64:ff9b::a9fe:a9fe", "2606:4700::1111", "tunnel to 169.254.169.254"),
    ("64:ff9b:1::/48", "64:ff9b:1::808:808", "2606:4700::1111", "translation"),
    ("100::/64", "100::1", "2606:4700::1111", "discard-only"),
    ("100:0:0:1::/64", "100:0:0:1::1", "2606:4700::1111", "reserved"),
    ("2001::/23", "2001:100::1", "2001:200::1", "network protocols"),
    ("2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:200::1", "tunnel"),
    ("2001:1::1/128", "2001:1::1", "2001:200::1", None),
    ("2001:1::2/128", "2001:1::2", "2001:200::1", None),
    ("2001:1::3/128", "2001:1::3", "2001:200::1", None),
    ("2001:2::/48", "2001:2::1", "2001:200::1", "benchmarking"),
    ("2001:3::/32", "2001:3::1", "2001:200::1", None),
    ("2001:4:112::/48", "2001:4:112::1", "2001:200::1", None),
    ("2001:10::/28", "2001:10::1", "2001:200::1", "network protocols"),
    ("2001:20::/28", "2001:20::1", "2001:200::1", None),
    ("2001:30::/28", "2001:30::1", "2001:200::1", None),
    ("2001:db8::/32", "2001:db8::1", "2001:dc0::1", "documentation"),
    ("2002::/16", "2002:a00:1::1", "2606:4700::1111", "tunnel to 10.0.0.1"),
    ("2620:4f:8000::/48", "2620:4f:8000::1", "2620:4f:8001::1", None),
    ("3fff::/20", "3fff::1", "3fff:1000::1", "documentation"),
    ("5f00::/16", "5f00::1", "2606:4700::1111", "segment routing"),
    ("fc00::/7", "fd12:3456::1", "2606:4700::1111", "private network"),
    ("fe80::/10", "fe80::1", "2606:4700::1111", "link-local"),
    ("fec0::/10", "fec0::1", "2606:4700::1111", "private network"),
    ("ff00::/8", "ff02::1", "2606:4700::1111", "multicast"),
]


def test_every_registry_block_has_a_row() -> None:
    listed = {str(block.network) for block in (*IPV4_BLOCKS, *IPV6_BLOCKS)}
    assert listed == {str(ipaddress.ip_network(row[0])) for row in ROWS}


@pytest.mark.parametrize(("block", "inside", "outside", "refusal"), ROWS)
def test_refusal_reason_follows_the_registry(
    block: str, inside: str, outside: str, refusal: str | None
) -> None:
    network = ipaddress.ip_network(block)
    address = ipaddress.ip_address(inside)
    assert address in network
    found = special_block(address)
    assert found is not None
    assert found.network == network
    reason = refusal_reason(address)
    if refusal is None:
        assert reason is None
    else:
        assert reason is not None
        assert refusal in reason
    public = ipaddress.ip_address(outside)
    assert public not in network
    assert refusal_reason(public) is None


@pytest.mark.parametrize(
    ("address", "refusal"),
    [
        ("4000::1", "outside the public IPv6 range"),  # unassigned, beyond 2000::/3
        ("::a00:1", "outside the public IPv6 range"),  # deprecated IPv4-compatible
        ("fe80::1%eth0", "link-local"),  # a scoped address, as a resolver may answer
        ("::ffff:127.0.0.1", "loopback"),
    ],
)
def test_refusal_reason_refuses_what_no_registry_block_names(address: str, refusal: str) -> None:
    reason = refusal_reason(ipaddress.ip_address(address))
    assert reason is not None
    assert refusal in reason


@pytest.mark.parametrize("address", ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])
def test_refusal_reason_allows_a_public_ipv4_carried_in_ipv6(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_refusal_reason_allows_loopback_only_when_asked(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address), allow_local=True) is None
    assert refusal_reason(ipaddress.ip_address("10.0.0.1"), allow_local=True) is not None
