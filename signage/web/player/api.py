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

from flask import Response, current_app, g, jsonify, request

from signage import schemas
from signage.bodies import Body, sized
from signage.core.errors import N_
from signage.core.wire import iso
from signage.extensions import db
from signage.fleet.identity import activate, authenticate_player
from signage.monitoring.budget_rules import ERROR
from signage.monitoring.budgets import within_budget
from signage.monitoring.player_errors import PlayerErrorReport, record_error
from signage.scheduling.cache import Entry, schedule_cache
from signage.scheduling.payloads import schedule_body
from signage.scheduling.screen_schedule import player_schedule
from signage.web.errors import ApiError
from signage.web.http import json_body, parse_id
from signage.web.openapi import accepts, answers
from signage.web.player.blueprint import bp

log = logging.getLogger("signage.player")

# Anonymous: a kiosk without a token activating, or asking for and collecting a pairing.
UNGUARDED = frozenset({"api_player.activate", "api_player.pairing_start", "api_player.pairing_poll"})
SCHEDULE = "api_player.player_schedule_route"
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
    if request.endpoint == SCHEDULE and _schedule_from_cache(raw, token.strip()):
        return
    screen = authenticate_player(token.strip(), _secret())
    if screen is None:
        db.session.rollback()
        raise ApiError(401, "This player token is invalid or was revoked: activate the screen again.")
    if parse_id(raw) != screen.id:
        raise ApiError(403, "This token belongs to another screen.", "forbidden")
    g.screen = screen


@bp.post("/activate", endpoint="activate")
@accepts(Activate)
@answers(schemas.Activated)
def activate_route():
    data = Activate.validated(json_body())
    result = activate(data["token"].strip(), _secret(), datetime.now(UTC))
    log.info("screen %s activated from %s", result.screen_id, request.remote_addr)
    return jsonify({"jwt": result.jwt, "screenId": str(result.screen_id)})


@bp.post("/<screen_id>/error")
@accepts(PlayerErrorReport)
@answers(None, 204)
def player_error(screen_id: str):
    """A playback error the player reports (CONTRACT §5), written to the `signage.player`
    log with the screen. The fleet's error state itself travels in heartbeats."""
    if not within_budget(g.screen.id, ERROR, g.screen.player_jwt_hash):
        raise ApiError(429, N_("Too many error reports: they were dropped."))
    record_error(g.screen.id, json_body())
    return "", 204


def _schedule_from_cache(raw_id: str, token: str) -> bool:
    """A poll the process's schedule cache answers: no database read at all (see
    signage.scheduling.cache). Otherwise the generation is noted before the first read, so
    the answer about to be resolved is stored under the generation it was read after."""
    screen_id = parse_id(raw_id)
    cache = schedule_cache()
    if screen_id is not None:
        # The route's clock (whole seconds), so the horizon ends where the answer changes.
        entry = cache.lookup(screen_id, token, datetime.now(UTC).replace(microsecond=0))
        if entry is not None:
            g.cached_schedule = entry
            return True
    g.schedule_generation = cache.generation.current()
    return False


@bp.get("/<screen_id>/schedule")
@answers(schemas.PlayerSchedule)
def player_schedule_route(screen_id: str):
    """What plays now, what plays next (>= 72 h, to pre-cache) and the alerts (CONTRACT §5).

    The ETag covers everything but `serverTime`, so a player polling an unchanged schedule
    gets a 304 without a body.
    """
    now = datetime.now(UTC).replace(microsecond=0)
    entry: Entry | None = g.get("cached_schedule")
    if entry is None:
        resolved = player_schedule(g.screen, now)
        # `timezone` (ours, beyond the contract): the site's, for the player's clock zones;
        # `locale`: the site's language, which the player's on-screen texts speak (CONTRACT §14).
        site = g.screen.site
        body = {"timezone": site.timezone, "locale": site.locale, **schedule_body(resolved)}
        generation = g.get("schedule_generation")
        if generation is None or g.screen.player_jwt_hash is None:
            return _schedule_response(g.screen.id, now, body)
        entry = schedule_cache().store(
            g.screen.id, generation, resolved.valid_until, g.screen.player_jwt_hash, body
        )
    head = json.dumps({"screenId": str(entry.screen_id), "serverTime": iso(now)}, separators=(",", ":"))
    # The stored body is an encoded object: splice the two per-request fields in front of it.
    data = head[:-1].encode() + (b"," + entry.body[1:] if entry.body != b"{}" else b"}")
    response = Response(data, mimetype="application/json")
    response.set_etag(entry.etag)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def _schedule_response(screen_id: int, now: datetime, body: dict) -> Response:
    etag = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:32]
    response = jsonify({"screenId": str(screen_id), "serverTime": iso(now), **body})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)
