"""Room names and the one way to reach screens and the console, from anywhere.

Works in a web handler, a socket handler and an RQ worker alike: with REDIS_URL every call
goes through the Socket.IO message queue, so it reaches sockets held by any process.
"""

from __future__ import annotations

from typing import Any

import socketio as socketio_lib

from signage.extensions import socketio

# Console sockets (every signed-in role, not only ADMINs) join this room; CONTRACT §6 names it.
CONSOLE_ROOM = "admin"
NAMESPACE = "/"
# Travels on the message queue as an 'emit' that no client ever receives (see below).
_DISCONNECT_ROOM = "signage:disconnect-room"


def screen_room(screen_id: int | str) -> str:
    return f"screen:{screen_id}"


def to_screen(screen_id: int | str, event: str, data: Any = None) -> None:
    socketio.emit(event, data, to=screen_room(screen_id), namespace=NAMESPACE)


def to_console(event: str, data: Any = None) -> None:
    socketio.emit(event, data, to=CONSOLE_ROOM, namespace=NAMESPACE)


def _disconnect_local(server: Any, room: str, namespace: str) -> int:
    members = list(server.manager.get_participants(namespace, room))
    for sid, eio_sid in members:
        server.disconnect(sid, namespace=namespace, ignore_queue=True)
        # Leaving the namespace keeps the transport open, and a client could ask to join
        # again on it; closing the transport ends the connection itself.
        _close_transport(server.eio, eio_sid)
    return len(members)


def _close_transport(eio: Any, eio_sid: str) -> None:
    """engineio's Server.disconnect() waits for the socket's writer to send what is queued.
    A client that hangs up on the namespace disconnect above can take that writer down first,
    and the wait then never returns (the revoking request hung until the worker was killed):
    close without waiting; the writer sends the CLOSE packet if it is still there."""
    socket = eio.sockets.pop(eio_sid, None)
    if socket is not None:
        socket.close(wait=False, reason=eio.reason.SERVER_DISCONNECT)


def disconnect_screen(screen_id: int | str) -> None:
    """Close every live socket of the screen, in every process."""
    server = socketio.server
    manager = server.manager
    room = screen_room(screen_id)
    _disconnect_local(server, room, NAMESPACE)
    if isinstance(manager, RoomDisconnectRedisManager):
        manager.publish_disconnect_room(room, NAMESPACE)


class RoomDisconnectRedisManager(socketio_lib.RedisManager):
    """python-socketio can disconnect one sid across processes, but no process knows the
    sids another holds. This manager adds 'disconnect a room': published as an emit of a
    reserved event, which each process turns into local disconnects instead of a send."""

    def publish_disconnect_room(self, room: str, namespace: str) -> None:
        self._publish(
            {
                "method": "emit",
                "event": _DISCONNECT_ROOM,
                "data": None,
                "namespace": namespace,
                "room": room,
                "host_id": self.host_id,
            }
        )

    def _handle_emit(self, message: dict[str, Any]) -> None:
        if message.get("event") == _DISCONNECT_ROOM:
            _disconnect_local(self.server, message["room"], message.get("namespace") or NAMESPACE)
            return
        super()._handle_emit(message)
