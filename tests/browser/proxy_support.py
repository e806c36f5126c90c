"""A tiny loopback HTTP proxy in front of the live server that can refuse WebSocket upgrades
(a corporate proxy) or the whole Socket.IO path (a filter that only lets plain pages through).
Every request it passes gets `Connection: close`, so each is inspected on its own connection."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _refuse(client: socket.socket, status: str) -> None:
    client.sendall(f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
    client.close()


def _handle(client: socket.socket, upstream_port: int, refuse: str) -> None:
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = client.recv(65536)
        if not chunk:
            client.close()
            return
        head += chunk
    head, _, rest = head.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    path = lines[0].split(b" ")[1] if len(lines[0].split(b" ")) > 1 else b""
    upgrade = any(line.lower().startswith(b"upgrade:") for line in lines[1:])
    if (refuse == "upgrade" and upgrade) or (refuse == "socket" and path.startswith(b"/socket.io/")):
        _refuse(client, "403 Forbidden")
        return
    kept = [line for line in lines[1:] if not line.lower().startswith((b"connection:", b"keep-alive:"))]
    request = b"\r\n".join([lines[0], *kept, b"Connection: close"]) + b"\r\n\r\n" + rest
    upstream = socket.create_connection(("127.0.0.1", upstream_port))
    upstream.sendall(request)
    threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
    _pipe(client, upstream)


@contextmanager
def refusing_proxy(upstream_port: int, refuse: str) -> Iterator[str]:
    """`refuse`: "upgrade" (WebSocket refused) or "socket" (/socket.io/ refused entirely)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_handle, args=(client, upstream_port, refuse), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
