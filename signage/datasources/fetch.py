"""Fetching a data source's URL, behind the SSRF guard.

The host is resolved once, every address is checked (signage.datasources.addresses), and
the connection goes to a checked address: a DNS answer that changes between the check and
the connection (rebinding) cannot move it. Redirects are followed by hand, at most
MAX_REDIRECTS, each target checked the same way; the source's own headers (credentials) go
only to the origin of its URL. Bounded in time and size: the deadline covers the whole
exchange, headers included (a socket timeout alone restarts at each byte, so a server
trickling its headers could hold a refresh for minutes); at the deadline a timer shuts the
socket down under whatever read is waiting.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from signage.datasources.addresses import refusal
from signage.datasources.rules import url_problem

TIMEOUT_SECONDS = 10.0
MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 3
REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "signage-datasource/1.0"
CHUNK = 64 * 1024


class FetchError(Exception):
    """The URL could not be fetched safely; the message is shown as the source's last error."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()  # the final response's, in order, repeats kept


def _checked_addresses(host: str, port: int, allow_private: bool) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"Cannot resolve {host}: {exc}.") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"Cannot resolve {host}.")
    for address in addresses:
        # One refused address refuses the host: which one a client connects to is not ours
        # to guess, and a name pointing inside the network is a sign of an attack anyway.
        why = refusal(address, allow_private=allow_private)
        if why:
            # The address itself stays out of the message: every role reads a source's last
            # error, and it would map the internal network for them.
            raise FetchError(
                f"{host} resolves to {why}: refused (DATASOURCE_ALLOW_PRIVATE=true allows private addresses)."
            )
    return addresses


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address we pinned.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _cut(connection: http.client.HTTPConnection) -> None:
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed


def _late(deadline: float) -> FetchError | None:
    if time.monotonic() >= deadline:
        return FetchError(f"The server took longer than {TIMEOUT_SECONDS:g} seconds.")
    return None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def _read(response: http.client.HTTPResponse, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(f"The document is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    chunks: list[bytes] = []
    size = 0
    while True:
        late = _late(deadline)
        if late:
            raise late
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"The document is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        chunks.append(chunk)


def _get_once(
    url: str, headers: Mapping[str, str], allow_private: bool, deadline: float, read_body: bool = True
) -> tuple[int, str, str | None, bytes, tuple[tuple[str, str], ...]]:
    """(status, content type, Location, body, headers) of one GET; the body only for a 2xx
    when `read_body`."""
    problem = url_problem(url)
    if problem:
        raise FetchError(f"{url[:200]}: {problem}")
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    remaining = max(0.1, deadline - time.monotonic())
    last_error: Exception | None = None
    for address in _checked_addresses(host, port, allow_private):
        connection_class = _PinnedHTTPS if https else _PinnedHTTP
        connection = connection_class(host, port, address, timeout=min(TIMEOUT_SECONDS, remaining))
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _cut, (connection,))
        watchdog.daemon = True
        watchdog.start()
        try:
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **headers})
            response = connection.getresponse()
            content_type = response.getheader("Content-Type", "") or ""
            location = response.getheader("Location")
            wanted = read_body and 200 <= response.status < 300
            body = _read(response, deadline) if wanted else b""
            return response.status, content_type, location, body, tuple(response.getheaders())
        except (OSError, http.client.HTTPException) as exc:
            late = _late(deadline)
            if late:
                raise late from exc
            last_error = exc
            if isinstance(exc, ssl.SSLError | http.client.HTTPException):
                break  # the host answered: another address of it would answer the same
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchError(f"Cannot fetch {host}: {last_error or 'no answer'}.")


def fetch(
    url: str, headers: Mapping[str, str] | None = None, *, allow_private: bool = False, read_body: bool = True
) -> Fetched:
    """GET `url` through the guard; a 2xx body, or FetchError saying why not. Without
    `read_body` only the headers are read (the connection is closed on the body)."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    origin = _origin(url)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        sent = dict(headers or {}) if _origin(current) == origin else {}
        status, content_type, location, body, received = _get_once(
            current, sent, allow_private, deadline, read_body
        )
        if status in REDIRECTS:
            if not location:
                raise FetchError(f"HTTP {status} without a Location.")
            current = urljoin(current, location.strip())
            continue
        if not 200 <= status < 300:
            raise FetchError(f"The server answered HTTP {status}.")
        return Fetched(current, status, content_type, body, received)
    raise FetchError(f"More than {MAX_REDIRECTS} redirects.")
