"""`screen:screenshot_response` (CONTRACT §6): a player's answer to `player:screenshot`."""

from __future__ import annotations

import logging
from typing import Any

from signage.extensions import db
from signage.monitoring.budget_rules import SCREENSHOT
from signage.monitoring.screenshots import store_screenshot
from signage.web.sockets.player_events import socket_screen_id, socket_within_budget

log = logging.getLogger(__name__)


def on_screenshot_response(data: Any = None) -> None:
    screen_id = None
    try:
        screen_id = socket_screen_id()
        if screen_id is None or not socket_within_budget(screen_id, SCREENSHOT):
            return
        store_screenshot(screen_id, data)
    except Exception:  # a socket handler never raises (python-socketio would drop the event loop's work)
        db.session.rollback()
        log.exception("screen %s: screenshot response failed", screen_id)
