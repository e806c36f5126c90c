"""POST /api/player/{screenId}/proof_of_play (CONTRACT §5): a batch of plays."""

from __future__ import annotations

from flask import g, jsonify

from signage import schemas
from signage.core.errors import N_
from signage.extensions import db
from signage.monitoring.budget_rules import PROOF_OF_PLAY
from signage.monitoring.budgets import within_budget
from signage.monitoring.proof_of_play import BatchTooLarge, FlushFailed, submit_plays
from signage.web.errors import ApiError
from signage.web.http import json_array
from signage.web.i18n import localized
from signage.web.openapi import answers
from signage.web.player.blueprint import bp


@bp.post("/<screen_id>/proof_of_play")
@answers(schemas.PlaysReceived)
def player_proof_of_play(screen_id: str):
    """`[{id, mediaId, playlistId, playedAt, durationSeconds}]` (≤ 1000) → 200
    `{accepted, duplicates, rejected: [{index, error}]}`, once the plays are committed (with
    other screens', by the process's writer). Sending a batch again is safe."""
    screen_id = g.screen.id
    if not within_budget(screen_id, PROOF_OF_PLAY, g.screen.player_jwt_hash):
        raise ApiError(429, N_("Too many proof-of-play requests: send the plays again later."))
    items = json_array("plays")
    # Nothing read or written by this request from here: release its database connection
    # while it waits for the writer's commit.
    db.session.rollback()
    try:
        result = submit_plays(screen_id, items)
    except BatchTooLarge as exc:
        raise ApiError(413, exc.args[0]) from exc  # a Text: in the request's language
    except FlushFailed as exc:
        raise ApiError(503, str(exc), "unavailable") from exc
    return jsonify(localized(result.json()))
