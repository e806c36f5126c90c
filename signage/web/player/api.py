"""/api/player: what kiosks call (CONTRACT §5). Bearer JWT, no cookie, so no CSRF.

One guard for the whole blueprint, fail closed: every route but /activate needs a valid
token whose screen is the `<screen_id>` of the path (401 missing/invalid/revoked, 403 another
screen's); a route without `<screen_id>` in its path is refused outright.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime

from flask import current_app, g, jsonify, request

from signage.bodies import Body, sized
from signage.core.wire import iso
from signage.extensions import db
from signage.fleet.identity import activate, authenticate_player
from signage.monitoring.player_errors import PlayerErrorReport, record_error
from signage.scheduling.payloads import schedule_body
from signage.scheduling.screen_schedule import player_schedule
from signage.web.errors import ApiError
from signage.web.http import json_body, parse_id
from signage.web.openapi import accepts
from signage.web.player.blueprint import bp

log = logging.getLogger("signage.player")

# Anonymous: a kiosk without a token activating, or asking for and collecting a pairing.
UNGUARDED = frozenset({"api_player.activate", "api_player.pairing_start", "api_player.pairing_poll"})
ActivationToken = sized(1, 64)


class Activate(Body):
    token: ActivationToken


def _secret() -> str:
    return current_app.config["SIGNAGE"].player_jwt_secret


@bp.before_request
def _guard() -> None:
    if request.endpoint in UNGUARDED:
        return
    raw = (request.view_args or {}).get("screen_id")
    if raw is None:
        raise ApiError(404, "Not found.")
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Send the player token: Authorization: Bearer <jwt>.")
    screen = authenticate_player(token.strip(), _secret())
    if screen is None:
        db.session.rollback()
        raise ApiError(401, "This player token is invalid or was revoked: activate the screen again.")
    if parse_id(raw) != screen.id:
        raise ApiError(403, "This token belongs to another screen.", "forbidden")
    g.screen = screen


@bp.post("/activate", endpoint="activate")
@accepts(Activate)
def activate_route():
    data = Activate.validated(json_body())
    result = activate(data["token"].strip(), _secret(), datetime.now(UTC))
    log.info("screen %s activated from %s", result.screen_id, request.remote_addr)
    return jsonify({"jwt": result.jwt, "screenId": str(result.screen_id)})


@bp.post("/<screen_id>/error")
@accepts(PlayerErrorReport)
def player_error(screen_id: str):
    """A playback error the player reports (CONTRACT §5), written to the `signage.player`
    log with the screen. The fleet's error state itself travels in heartbeats."""
    record_error(g.screen.id, json_body())
    return "", 204


@bp.get("/<screen_id>/schedule")
def player_schedule_route(screen_id: str):
    """What plays now, what plays next (>= 72 h, to pre-cache) and the alerts (CONTRACT §5).

    The ETag covers everything but `serverTime`, so a player polling an unchanged schedule
    gets a 304 without a body.
    """
    now = datetime.now(UTC).replace(microsecond=0)
    # `timezone` (ours, beyond the contract): the site's, for the player's clock zones.
    body = {"timezone": g.screen.site.timezone, **schedule_body(player_schedule(g.screen, now))}
    etag = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:32]
    response = jsonify({"screenId": str(g.screen.id), "serverTime": iso(now), **body})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)
