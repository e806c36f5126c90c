"""POST /api/player/{screenId}/proof_of_play (CONTRACT §5): a batch of plays."""

from __future__ import annotations

from typing import Annotated

from flask import g, jsonify
from pydantic import Field, StringConstraints

from signage import schemas
from signage.bodies import Body, Int, Number, Str, check, omitted
from signage.core.errors import N_
from signage.extensions import db
from signage.monitoring.budget_rules import PROOF_OF_PLAY
from signage.monitoring.budgets import within_budget
from signage.monitoring.play_rules import CLIENT_ID_MAX, MAX_BATCH, MAX_DURATION
from signage.monitoring.proof_of_play import BatchTooLarge, FlushFailed, submit_plays
from signage.web.errors import ApiError
from signage.web.http import json_array
from signage.web.i18n import localized
from signage.web.openapi import accepts, answers
from signage.web.player.blueprint import bp

# An id as a play names it: a positive 32-bit integer, or its digits.
MAX_REF = 2**31 - 1
Digits = Annotated[
    Str,
    StringConstraints(pattern=r"^[0-9]{1,10}$"),
    check(lambda text: None if 1 <= int(text) <= MAX_REF else N_("This value is not valid.")),
]
Ref = Digits | Annotated[Int, Field(ge=1, le=MAX_REF)]


class PlayItem(Body):
    """One play of a batch. The batch is checked item by item (signage.monitoring.play_rules),
    so that a bad item is refused alone, in `rejected`, and the others kept: this model
    describes an item for the API's description, and tests/unit/test_play_item.py holds it
    to the same verdicts as the rules."""

    id: Annotated[
        Str, StringConstraints(min_length=1, max_length=CLIENT_ID_MAX, pattern=r"^[A-Za-z0-9_.:-]+$")
    ]
    media_id: Ref
    playlist_id: Ref | None = omitted()
    played_at: Annotated[
        Str, StringConstraints(max_length=40), Field(json_schema_extra={"format": "date-time"})
    ]
    duration_seconds: Annotated[Number, Field(ge=0, le=MAX_DURATION)]


@bp.post("/<screen_id>/proof_of_play")
@accepts(PlayItem, many=True, most=MAX_BATCH)
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
