"""/api/player/pairings: a kiosk without a token asks for a code and waits for an admin to
claim it (CONTRACT §12). Anonymous, like /activate; rate limited per address."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import current_app, jsonify, request

from signage import schemas
from signage.core.wire import iso
from signage.fleet import pairing
from signage.fleet.pairing_rules import shown
from signage.web.errors import ApiError
from signage.web.openapi import answers
from signage.web.player.blueprint import bp

log = logging.getLogger("signage.player")


@bp.post("/pairings", endpoint="pairing_start")
@answers(schemas.PairingStarted, 201)
def pairing_start():
    try:
        new = pairing.start_pairing(request.remote_addr, datetime.now(UTC))
    except pairing.TooManyAttempts as exc:
        raise ApiError(429, exc.message, exc.code, headers={"Retry-After": str(exc.retry_after)}) from None
    return jsonify(
        {
            "pairingId": new.pairing.id,
            "code": shown(new.pairing.code),
            "pollToken": new.poll_token,
            "expiresAt": iso(new.pairing.expires_at),
        }
    ), 201


@bp.get("/pairings/<pairing_id>", endpoint="pairing_poll")
@answers(schemas.PairingDone)
@answers(schemas.PairingPending, 202)
def pairing_poll(pairing_id: str):
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Send the poll token: Authorization: Bearer <pollToken>.")
    secret = current_app.config["SIGNAGE"].player_jwt_secret
    collected = pairing.poll(pairing_id, token.strip(), secret, datetime.now(UTC))
    if collected is None:
        return jsonify({"status": "PENDING"}), 202
    log.info("screen %s paired from %s", collected.screen_id, request.remote_addr)
    return jsonify({"status": "PAIRED", "jwt": collected.jwt, "screenId": str(collected.screen_id)})
