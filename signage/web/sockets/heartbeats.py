"""`screen:heartbeat` (CONTRACT §6): validated and queued, never written here.

The handler touches no database (signage.monitoring.heartbeats batches the writes), so a
fleet's heartbeats never stall the process's other sockets. A bad heartbeat is dropped with a
log line: a socket event has no answer to carry a 422.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import request

from signage.core.validation import ValidationError
from signage.monitoring.budget_rules import HEARTBEAT
from signage.monitoring.heartbeats import record_heartbeat
from signage.web.sockets.player_events import socket_screen_id, socket_within_budget

log = logging.getLogger(__name__)


def on_heartbeat(data: Any = None) -> None:
    screen_id = None
    try:
        screen_id = socket_screen_id()
        if screen_id is None:  # a console socket has no heartbeat to give
            return
        if not socket_within_budget(screen_id, HEARTBEAT):
            return
        record_heartbeat(screen_id, data, via_socket=True, ip=request.remote_addr)
    except ValidationError as exc:
        log.info("screen %s: heartbeat ignored, invalid fields: %s", screen_id, exc.fields)
    except Exception:
        log.exception("screen %s: heartbeat could not be queued", screen_id)
