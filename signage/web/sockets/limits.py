"""Limits on Socket.IO connections that have not authenticated yet (issue 15 §6, issue 14).

The 7 MiB message limit (Engine.IO's max_http_buffer_size) is for players sending
screenshots; an anonymous connection has no business sending more than a CONNECT packet with
a token. Until a connection has joined the namespace (a valid player token or console session,
see connection.on_connect) it may send at most SOCKET_PREAUTH_MAX_BYTES (16 KiB), and a
connection that has not authenticated within SOCKET_AUTH_TIMEOUT_SECONDS of opening is closed:
anonymous sockets cannot pile up.

The size limit acts inside the Engine.IO transports, before a packet is read whole:

- WebSocket: Engine.IO makes each connection's simple-websocket `Server` through its async
  driver's `websocket` class; ours (a subclass, on this server's copy of the driver table)
  gives it a `max_message_size` of the small limit, which simple-websocket checks as each
  chunk arrives: past it, it answers close 1009 and stops reading. Once the connection has
  authenticated, its limit becomes the large one (and a WebSocket opened by an already
  authenticated long-polling session starts with it).
- Long-polling: a POST carrying more than the limit for a session that has not authenticated
  is answered 413 from its Content-Length, before Engine.IO reads the body, its session
  closed; under gunicorn the HTTP connection is closed too, because gunicorn would otherwise
  read and discard the rest of the body to reuse the connection.

Engine.IO's own handlers (`connect`, `message`) are wrapped too: the timeout starts at
`connect`, and a message over the limit that reached `message` anyway (a server without
simple-websocket) still closes an anonymous connection before Socket.IO parses it.
"""

from __future__ import annotations

import logging
import socket
from typing import Any
from urllib.parse import parse_qs

from signage.push import NAMESPACE
from signage.web.sockets.gunicorn_socket import raw_socket

log = logging.getLogger(__name__)

TOO_LARGE = b"Too large for a connection that has not authenticated.\n"


def _size(data: Any, limit: int) -> int:
    if isinstance(data, bytes | bytearray):
        return len(data)
    if isinstance(data, str):
        # A character is at most 4 bytes in UTF-8: encode only when it could matter.
        return len(data) if len(data) * 4 <= limit else len(data.encode("utf-8", "replace"))
    return 0


def _authenticated(server: Any, eio_sid: str) -> bool:
    return server.manager.sid_from_eio_sid(eio_sid, NAMESPACE) is not None


def _close(server: Any, eio_sid: str) -> None:
    # Without waiting for the writer to drain (see signage.push._close_transport).
    eio_socket = server.eio.sockets.get(eio_sid)
    if eio_socket is not None:
        eio_socket.close(wait=False, reason=server.eio.reason.SERVER_DISCONNECT)


def _widen(server: Any, eio_sid: str) -> None:
    """An authenticated connection's WebSocket may carry the large messages from now on."""
    eio_socket = server.eio.sockets.get(eio_sid)
    websocket = getattr(getattr(eio_socket, "signage_websocket", None), "ws", None)
    if websocket is not None and websocket.max_message_size != server.eio.max_http_buffer_size:
        websocket.max_message_size = server.eio.max_http_buffer_size


def _limited_websocket(server: Any, base: type, limit: int) -> type:
    """Engine.IO's WebSocket class for this server, its messages capped before authentication."""

    class LimitedWebSocket(base):  # type: ignore[misc, valid-type]
        def __init__(self, handler: Any, eio_server: Any) -> None:
            super().__init__(handler, eio_server)
            # `handler` is the Engine.IO socket's bound _websocket_handler.
            eio_socket = getattr(handler, "__self__", None)
            known = eio_socket is not None and _authenticated(server, eio_socket.sid)
            # simple-websocket's Server(environ, **server_args): the limit from the first byte.
            self.server_args = {
                **getattr(self, "server_args", {}),
                "max_message_size": server.eio.max_http_buffer_size if known else limit,
            }
            if eio_socket is not None:
                eio_socket.signage_websocket = self

    return LimitedWebSocket


def _refuse(environ: dict[str, Any], start_response: Any) -> Any:
    """413 without reading the body, and the HTTP connection closed."""
    raw = raw_socket(environ)
    if raw is not None:
        # gunicorn would drain the unread body to keep the connection alive: answer on the
        # socket and end the connection instead (StopIteration: as simple-websocket does).
        head = (
            "HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(TOO_LARGE)}\r\nConnection: close\r\n\r\n"
        )
        try:
            raw.sendall(head.encode() + TOO_LARGE)
            raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        raise StopIteration
    headers = [
        ("Content-Type", "text/plain"),
        ("Content-Length", str(len(TOO_LARGE))),
        ("Connection", "close"),
    ]
    start_response("413 Payload Too Large", headers)
    return [TOO_LARGE]


def install(server: Any, auth_timeout: float, pre_auth_max_bytes: int) -> None:
    """Wrap the Socket.IO server's Engine.IO handlers and transports (once)."""
    eio = server.eio
    handlers = eio.handlers
    if getattr(handlers.get("message"), "signage_limits", False):
        return
    on_message, on_connect = handlers["message"], handlers["connect"]
    handle_request = eio.handle_request

    def message(eio_sid: str, data: Any) -> Any:
        if _authenticated(server, eio_sid):
            return on_message(eio_sid, data)
        size = _size(data, pre_auth_max_bytes)
        if size > pre_auth_max_bytes:
            log.info("socket %s: %d bytes before authenticating, closed", eio_sid, size)
            _close(server, eio_sid)
            return None
        result = on_message(eio_sid, data)
        if _authenticated(server, eio_sid):  # this message was its CONNECT
            _widen(server, eio_sid)
        return result

    def deadline(eio_sid: str) -> None:
        server.sleep(auth_timeout)
        if eio_sid in eio.sockets and not _authenticated(server, eio_sid):
            log.info("socket %s: not authenticated within %ss, closed", eio_sid, auth_timeout)
            _close(server, eio_sid)

    def connect(eio_sid: str, environ: Any, *args: Any) -> Any:
        result = on_connect(eio_sid, environ, *args)
        if result is None or result is True:
            server.start_background_task(deadline, eio_sid)
        return result

    def request(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("REQUEST_METHOD") == "POST":
            eio_sid = (parse_qs(environ.get("QUERY_STRING", "")).get("sid") or [""])[0]
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # Engine.IO answers it
            if length > pre_auth_max_bytes and eio_sid in eio.sockets and not _authenticated(server, eio_sid):
                log.info("socket %s: a %d-byte POST before authenticating, closed", eio_sid, length)
                _close(server, eio_sid)
                return _refuse(environ, start_response)
        return handle_request(environ, start_response)

    message.signage_limits = True  # type: ignore[attr-defined]
    eio.on("message", message)
    eio.on("connect", connect)
    eio.handle_request = request
    # This server's own copy of the driver's table: the module's is shared by every server.
    eio._async = {
        **eio._async,
        "websocket": _limited_websocket(server, eio._async["websocket"], pre_auth_max_bytes),
    }
