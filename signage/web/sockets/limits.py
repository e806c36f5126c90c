"""Limits on Socket.IO connections that have not authenticated yet (issue 15 §6, issue 14).

The 7 MiB message limit is for players sending screenshots; an anonymous connection has no
business sending more than a CONNECT packet with a token. Until a connection has joined the
namespace (a valid player token or console session, see connection.on_connect), a message
over PRE_AUTH_MAX_BYTES closes it, and a connection that has not authenticated within
SOCKET_AUTH_TIMEOUT_SECONDS of opening is closed: anonymous sockets cannot pile up.

Both act on Engine.IO's own handlers of the Socket.IO server (its `connect` and `message`
events), so they see every transport (WebSocket and long-polling) before Socket.IO parses.
"""

from __future__ import annotations

import logging
from typing import Any

from signage.push import NAMESPACE

log = logging.getLogger(__name__)

PRE_AUTH_MAX_BYTES = 16 * 1024


def _size(data: Any) -> int:
    if isinstance(data, bytes | bytearray):
        return len(data)
    if isinstance(data, str):
        # A character is at most 4 bytes in UTF-8: encode only when it could matter.
        return len(data) if len(data) * 4 <= PRE_AUTH_MAX_BYTES else len(data.encode("utf-8", "replace"))
    return 0


def _authenticated(server: Any, eio_sid: str) -> bool:
    return server.manager.sid_from_eio_sid(eio_sid, NAMESPACE) is not None


def _close(server: Any, eio_sid: str) -> None:
    # Without waiting for the writer to drain (see signage.push._close_transport).
    socket = server.eio.sockets.get(eio_sid)
    if socket is not None:
        socket.close(wait=False, reason=server.eio.reason.SERVER_DISCONNECT)


def install(server: Any, auth_timeout: float) -> None:
    """Wrap the Socket.IO server's Engine.IO handlers (once)."""
    handlers = server.eio.handlers
    if getattr(handlers.get("message"), "signage_limits", False):
        return
    on_message, on_connect = handlers["message"], handlers["connect"]

    def message(eio_sid: str, data: Any) -> Any:
        if _size(data) > PRE_AUTH_MAX_BYTES and not _authenticated(server, eio_sid):
            log.info("socket %s: %d bytes before authenticating, closed", eio_sid, _size(data))
            _close(server, eio_sid)
            return None
        return on_message(eio_sid, data)

    def deadline(eio_sid: str) -> None:
        server.sleep(auth_timeout)
        if eio_sid in server.eio.sockets and not _authenticated(server, eio_sid):
            log.info("socket %s: not authenticated within %ss, closed", eio_sid, auth_timeout)
            _close(server, eio_sid)

    def connect(eio_sid: str, environ: Any, *args: Any) -> Any:
        result = on_connect(eio_sid, environ, *args)
        if result is None or result is True:
            server.start_background_task(deadline, eio_sid)
        return result

    message.signage_limits = True  # type: ignore[attr-defined]
    server.eio.on("message", message)
    server.eio.on("connect", connect)
