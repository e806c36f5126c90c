"""Events players send (CONTRACT §6). Each handler finds the socket's screen from its
connection, never from the payload: a player speaks only for itself."""

from __future__ import annotations

import logging
from typing import Any

from flask import request

from signage.core.validation import ValidationError
from signage.extensions import socketio
from signage.monitoring.budget_rules import ERROR
from signage.monitoring.budgets import within_budget
from signage.monitoring.command_acks import queue_ack
from signage.monitoring.player_errors import record_error
from signage.push import NAMESPACE

log = logging.getLogger(__name__)


def socket_screen_id() -> int | None:
    """The screen of the current socket, or None for a console socket."""
    session = socketio.server.get_session(request.sid, namespace=NAMESPACE)  # type: ignore[attr-defined]
    return session.get("screen_id")


def socket_within_budget(screen_id: int, kind: str) -> bool:
    """The socket's screen may send one more message of this kind (monitoring.budgets)."""
    session = socketio.server.get_session(request.sid, namespace=NAMESPACE)  # type: ignore[attr-defined]
    return within_budget(screen_id, kind, session.get("token"))


def on_command_ack(data: Any = None) -> None:
    screen_id = socket_screen_id()
    if screen_id is None or not isinstance(data, dict):
        return
    queue_ack(screen_id, data.get("commandId"), data.get("status"), data.get("error"))


def on_player_error(data: Any = None) -> None:
    screen_id = socket_screen_id()
    if screen_id is None or not socket_within_budget(screen_id, ERROR):
        return
    try:
        record_error(screen_id, data)
    except ValidationError:
        log.info("screen %s sent an invalid screen:error", screen_id)
