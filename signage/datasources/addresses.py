"""Which addresses the server may fetch from (the SSRF guard's rule). Pure: standard library.

A data source's URL is typed by a console user, and the server fetches it from inside the
network: without this rule it would read the cloud metadata service, the database or an
intranet page and show it on a screen.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64): judged as that address."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(address: str | IPAddress, *, allow_private: bool = False) -> str | None:
    """Why the server must not connect to `address`, or None when it may.

    Refused: loopback, private (RFC 1918, unique-local, shared 100.64/10), link-local (cloud
    metadata lives at 169.254.169.254), multicast, unspecified, reserved and documentation
    ranges. `allow_private` (DATASOURCE_ALLOW_PRIVATE) lets loopback and private addresses
    through, for intranet feeds and tests; link-local, multicast and the rest stay refused.
    """
    try:
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped IPv6 address"
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return refusal(embedded, allow_private=allow_private)
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_loopback:
        return None if allow_private else "a loopback address"
    if ip.is_global:
        return None
    if ip.is_private or ip in ipaddress.ip_network("100.64.0.0/10"):
        # is_private also holds "this network", documentation and benchmarking ranges.
        if ip.is_reserved or _never_routed(ip):
            return "a reserved address"
        return None if allow_private else "a private address"
    return "a reserved address"


_NEVER_ROUTED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "2001:db8::/32",
        "2001::/23",
        "100::/64",
    )
)


def _never_routed(ip: IPAddress) -> bool:
    return any(ip.version == net.version and ip in net for net in _NEVER_ROUTED)
