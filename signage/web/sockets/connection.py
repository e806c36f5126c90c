"""Who may open a Socket.IO connection, and which room it joins (CONTRACT §6).

A player presents `auth: {token: <jwt>}` and joins `screen:{id}`; a console user's session
cookie joins `admin`; anything else is refused with `Unauthorized`.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from signage.access.matrix import Permission, can
from signage.alerts.delivery import on_player_connect
from signage.extensions import db, socketio
from signage.fleet.identity import authenticate_player
from signage.models import ScreenStatus
from signage.monitoring.commands import deliver_pending
from signage.monitoring.presence import record_drop, record_presence
from signage.push import CONSOLE_ROOM, NAMESPACE, screen_room

log = logging.getLogger(__name__)


def _player_token(auth: Any) -> Any:
    return auth.get("token") if isinstance(auth, dict) else None


def on_connect(auth: Any = None) -> None:
    token = _player_token(auth)
    if token is not None:
        screen = authenticate_player(token, current_app.config["SIGNAGE"].player_jwt_secret)
        if screen is None:
            db.session.rollback()
            raise ConnectionRefusedError("Unauthorized")
        session = {"screen_id": screen.id, "token": screen.player_jwt_hash}
        socketio.server.save_session(request.sid, session, namespace=NAMESPACE)  # type: ignore[attr-defined]
        join_room(screen_room(screen.id))
        record_presence(screen, ScreenStatus.ONLINE, request.remote_addr)
        deliver_pending(screen.id)
        on_player_connect(screen.id)  # live alerts (CONTRACT §6); after the queue, never raises
        return
    if current_user.is_authenticated and can(current_user.role, Permission.CONSOLE):
        join_room(CONSOLE_ROOM)
        return
    raise ConnectionRefusedError("Unauthorized")


def on_disconnect(reason: Any = None) -> None:
    session = socketio.server.get_session(request.sid, namespace=NAMESPACE)  # type: ignore[attr-defined]
    screen_id = session.get("screen_id")
    if screen_id is None:
        return
    others = [
        sid
        for sid, _eio in socketio.server.manager.get_participants(NAMESPACE, screen_room(screen_id))
        if sid != request.sid  # type: ignore[attr-defined]
    ]
    if others:  # a reconnect that overtook the old socket's goodbye: still online
        return
    # A dropped socket is a warning, not yet offline: the player reconnects on its own, and
    # the monitoring sweep decides when silence has lasted too long. Queued, never raises (a
    # handler that raised would leave the socket in its rooms for good).
    try:
        record_drop(screen_id)
    except Exception:
        log.exception("screen %s: could not record its disconnection", screen_id)
