"""POST /api/player/{screenId}/heartbeat (CONTRACT §5): the fallback while the player's
socket is down; same body as `screen:heartbeat`, same batched write path."""

from __future__ import annotations

from flask import g, request

from signage.monitoring.heartbeats import Heartbeat, record_heartbeat
from signage.web.http import json_body
from signage.web.openapi import accepts
from signage.web.player.blueprint import bp


@bp.post("/<screen_id>/heartbeat")
@accepts(Heartbeat)
def player_heartbeat(screen_id: str):
    """204 once queued (written within a second); 422 naming each bad field."""
    record_heartbeat(g.screen.id, json_body(), via_socket=False, ip=request.remote_addr)
    return "", 204
