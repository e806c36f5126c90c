"""Who may open a Socket.IO connection. Console users (session cookie) join `admin`;
anyone else is refused with `Unauthorized` (CONTRACT §6)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from signage.access.matrix import Permission, can
from signage.extensions import socketio

ADMIN_ROOM = "admin"


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    if current_user.is_authenticated and can(current_user.role, Permission.CONSOLE):
        join_room(ADMIN_ROOM)
        return
    raise ConnectionRefusedError("Unauthorized")
