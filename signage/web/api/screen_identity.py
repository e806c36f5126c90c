"""Activation tokens and revocation of a screen's player identity (CONTRACT §4, §5)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify

from signage.access.matrix import Permission
from signage.fleet.identity import new_activation_token, revoke
from signage.fleet.payloads import activation_json
from signage.models import Screen
from signage.urls import public_url
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404


def activation_url(token: str) -> str:
    return public_url("player_pages.activate", token=token) or ""


@bp.post("/screens/<screen_id>/activation-token")
@requires(Permission.SCREENS_WRITE)
def screen_activation_token(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    token = new_activation_token(screen, datetime.now(UTC))
    return jsonify(activation_json(screen, token, activation_url(token))), 201


@bp.post("/screens/<screen_id>/revoke")
@requires(Permission.SCREENS_REVOKE)
def screen_revoke(screen_id: str):
    """The JWT stops working and the player's live connections are closed."""
    revoke(get_or_404(Screen, screen_id, "screen"))
    return "", 204
