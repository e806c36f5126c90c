"""Who may open a Socket.IO connection, and which room it joins (CONTRACT §6).

A player presents `auth: {token: <jwt>}` and joins `screen:{id}`; a console user's session
cookie joins `admin`; anything else is refused with `Unauthorized`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from flask import current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room
from sqlalchemy import select

from signage.access.matrix import Permission, can
from signage.alerts.delivery import on_player_connect
from signage.alerts.queries import active_alerts
from signage.database import read_only_transactions
from signage.extensions import db, socketio
from signage.fleet.identity import authenticate_player
from signage.models import CommandStatus, Screen, ScreenCommand, ScreenStatus
from signage.monitoring.commands import deliver_pending
from signage.monitoring.presence import must_write_at_once, record_connect, record_drop, record_presence
from signage.push import CONSOLE_ROOM, NAMESPACE, screen_room

log = logging.getLogger(__name__)


def _player_token(auth: Any) -> Any:
    return auth.get("token") if isinstance(auth, dict) else None


def _has_pending_commands(screen_id: int) -> bool:
    waiting = select(ScreenCommand.id).where(
        ScreenCommand.screen_id == screen_id, ScreenCommand.status == CommandStatus.PENDING
    )
    return db.session.scalar(waiting.limit(1)) is not None


def on_connect(auth: Any = None) -> None:
    token = _player_token(auth)
    if token is not None:
        _connect_player(token)
        return
    if current_user.is_authenticated and can(current_user.role, Permission.CONSOLE):
        join_room(CONSOLE_ROOM)
        return
    raise ConnectionRefusedError("Unauthorized")


def _connect_player(token: Any) -> None:
    """A restart storm reconnects a whole fleet at once: a connect reads in a transaction that
    takes no write lock (SQLite) and queues its presence (monitoring.presence); only a screen
    with commands waiting, a live alert, or an OFFLINE or unseen row writes at once."""
    with read_only_transactions():
        screen = authenticate_player(token, current_app.config["SIGNAGE"].player_jwt_secret)
        if screen is None:
            db.session.rollback()
            raise ConnectionRefusedError("Unauthorized")
        screen_id, token_digest = screen.id, screen.player_jwt_hash
        at_once = must_write_at_once(screen)
        commands = _has_pending_commands(screen_id)
        alerts = bool(active_alerts(screen, datetime.now(UTC)))
        db.session.rollback()  # nothing was written: end the read
    session = {"screen_id": screen_id, "token": token_digest}
    socketio.server.save_session(request.sid, session, namespace=NAMESPACE)  # type: ignore[attr-defined]
    join_room(screen_room(screen_id))
    if at_once:
        found = db.session.get(Screen, screen_id)
        if found is not None:
            record_presence(found, ScreenStatus.ONLINE, request.remote_addr)
    else:
        record_connect(screen_id, token_digest, request.remote_addr)
    if commands:
        deliver_pending(screen_id)
    if alerts:
        on_player_connect(screen_id)  # live alerts (CONTRACT §6); after the queue, never raises


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
        record_drop(screen_id, session.get("token"))
    except Exception:
        log.exception("screen %s: could not record its disconnection", screen_id)
