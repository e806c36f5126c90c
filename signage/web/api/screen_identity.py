"""A screen's player identity: activation tokens, pairing by code, revocation (CONTRACT §4,
§5, §12)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Body, sized
from signage.fleet import pairing
from signage.fleet.identity import new_activation_token, revoke
from signage.fleet.payloads import activation_json, screen_json
from signage.models import Screen
from signage.urls import public_url
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body
from signage.web.openapi import accepts, answers

PairingCode = sized(1, 32)


class Pair(Body):
    code: PairingCode


def activation_url(token: str) -> str:
    return public_url("player_pages.activate", token=token) or ""


@bp.post("/screens/<screen_id>/activation-token")
@requires(Permission.SCREENS_WRITE)
@answers(schemas.Activation, 201)
def screen_activation_token(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    token = new_activation_token(screen, datetime.now(UTC))
    return jsonify(activation_json(screen, token, activation_url(token))), 201


@bp.post("/screens/<screen_id>/pair")
@requires(Permission.SCREENS_WRITE)
@accepts(Pair)
@answers(schemas.Screen)
def screen_pair(screen_id: str):
    """The code a kiosk shows goes to this screen (CONTRACT §12); its previous JWT ends."""
    screen = get_or_404(Screen, screen_id, "screen")
    data = Pair.validated(json_body())
    try:
        pairing.claim(screen, data["code"], current_user.id, datetime.now(UTC))
    except pairing.TooManyAttempts as exc:
        raise ApiError(429, exc.message, exc.code, headers={"Retry-After": str(exc.retry_after)}) from None
    return jsonify(screen_json(screen))


@bp.post("/screens/<screen_id>/revoke")
@requires(Permission.SCREENS_REVOKE)
@answers(None, 204)
def screen_revoke(screen_id: str):
    """The JWT stops working and the player's live connections are closed."""
    revoke(get_or_404(Screen, screen_id, "screen"))
    return "", 204
