"""What a console socket may ask (CONTRACT §6 is silent: ours). A page renders the screens'
state, then subscribes: a change committed between the two, or while its socket was away (a
server restart), would stay unseen until the screen's next change. On each connect the page
asks `admin:status_snapshot` for its screens and applies the answer like any
`admin:screen_status`."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from signage.access.matrix import Permission, can
from signage.extensions import db
from signage.monitoring.announce import status_payloads
from signage.web.sockets.player_events import socket_screen_id

MAX_SCREENS = 5000  # a whole fleet's Monitoring (its counters cover every screen in scope)


def snapshot_ids(data: Any) -> list[int] | None:
    """The screen ids asked for, or None when the request is malformed."""
    raw = data.get("screenIds") if isinstance(data, dict) else None
    if not isinstance(raw, list) or len(raw) > MAX_SCREENS:
        return None
    ids = []
    for value in raw:
        text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            return None
        ids.append(int(text))
    return ids


def on_status_snapshot(data: Any = None) -> dict[str, Any]:
    """Acknowledged with `{"screens": [admin:screen_status...]}` or `{"error": code}`."""
    if socket_screen_id() is not None or not current_user.is_authenticated:
        return {"error": "forbidden"}
    if not can(current_user.role, Permission.SCREENS_READ):
        return {"error": "forbidden"}
    ids = snapshot_ids(data)
    if ids is None:
        return {"error": "invalid_data"}
    try:
        return {"screens": status_payloads(ids)}
    finally:
        db.session.rollback()  # a read: end it, release the connection
