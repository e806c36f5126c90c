"""POST /api/player/{screenId}/heartbeat (CONTRACT §5): the fallback while the player's
socket is down; same body as `screen:heartbeat`, same batched write path."""

from __future__ import annotations

from flask import g, request

from signage.core.errors import N_
from signage.monitoring.budget_rules import HEARTBEAT
from signage.monitoring.budgets import within_budget
from signage.monitoring.heartbeats import Heartbeat, record_heartbeat
from signage.web.errors import ApiError
from signage.web.http import json_body
from signage.web.openapi import accepts, answers
from signage.web.player.blueprint import bp


@bp.post("/<screen_id>/heartbeat")
@accepts(Heartbeat)
@answers(None, 204)
def player_heartbeat(screen_id: str):
    """204 once queued (written within a second); 422 naming each bad field; 429 beyond the
    screen's budget (the socket's and this share it)."""
    if not within_budget(g.screen.id, HEARTBEAT, g.screen.player_jwt_hash):
        raise ApiError(429, N_("Too many heartbeats: one every 30 seconds is enough."))
    record_heartbeat(g.screen.id, json_body(), via_socket=False, ip=request.remote_addr)
    return "", 204
