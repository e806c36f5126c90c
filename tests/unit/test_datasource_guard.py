"""The SSRF guard: which addresses are refused, and that a host name resolving to one is
refused before any connection (the resolver is replaced; no network needed)."""

from __future__ import annotations

import socket

import pytest

from signage.datasources import fetch as fetch_module
from signage.datasources.addresses import refusal
from signage.datasources.fetch import FetchError, fetch

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("100.64.0.1", "private"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("0.1.2.3", "reserved"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("192.0.2.10", "reserved"),
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:10.1.2.3", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
]


@pytest.mark.parametrize(("address", "why"), REFUSED)
def test_internal_addresses_are_refused_by_default(address: str, why: str) -> None:
    assert why in (refusal(address) or "")


def test_public_addresses_pass() -> None:
    for address in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"):
        assert refusal(address) is None, address


def test_allow_private_opens_private_and_loopback_only() -> None:
    for address in ("127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "fc00::1", "::ffff:10.1.2.3"):
        assert refusal(address, allow_private=True) is None, address
    for address in ("169.254.169.254", "fe80::1", "224.0.0.1", "0.0.0.0", "240.0.0.1", "192.0.2.1"):
        assert refusal(address, allow_private=True), address


def fake_resolver(answers: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        out = []
        for address in answers[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return out

    return getaddrinfo


def test_a_host_resolving_inside_is_refused_before_connecting(monkeypatch) -> None:
    monkeypatch.setattr(
        fetch_module.socket,
        "getaddrinfo",
        fake_resolver(
            {"intranet.example": ["10.0.0.5"], "mixed.example": ["93.184.216.34", "::ffff:127.0.0.1"]}
        ),
    )

    def no_connection(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("connected to a refused address")

    monkeypatch.setattr(fetch_module.socket, "create_connection", no_connection)
    with pytest.raises(FetchError, match="intranet.example resolves to a private address") as refused:
        fetch("http://intranet.example/feed")
    # Every role reads a source's last error: it must not map the internal network.
    assert "10.0.0.5" not in str(refused.value)
    with pytest.raises(FetchError, match="a loopback address"):
        fetch("https://mixed.example/feed")


def test_literal_addresses_and_other_schemes_are_refused() -> None:
    with pytest.raises(FetchError, match="loopback"):
        fetch("http://127.0.0.1:9/")
    with pytest.raises(FetchError, match="loopback"):
        fetch("http://[::ffff:7f00:1]:9/")
    with pytest.raises(FetchError, match="link-local"):
        fetch("http://169.254.169.254/latest/meta-data/", allow_private=True)
    with pytest.raises(FetchError, match="http:// or https://"):
        fetch("file:///etc/passwd")
