"""POST /api/player/{screenId}/proof_of_play (CONTRACT §5): a batch of plays."""

from __future__ import annotations

import json

from flask import current_app, g, jsonify, request

from signage.api.errors import ApiError
from signage.api.player import bp
from signage.monitoring.proof_of_play import BatchTooLarge, record_plays


@bp.post("/<screen_id>/proof_of_play")
def player_proof_of_play(screen_id: str):
    """`[{id, mediaId, playlistId, playedAt, durationSeconds}]` (≤ 1000) → 200
    `{accepted, duplicates, rejected: [{index, error}]}`. Sending a batch again is safe."""
    if not request.is_json:
        raise ApiError(415, "Send the body as JSON with Content-Type: application/json.")
    limit = current_app.config["SIGNAGE"].json_max_bytes
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"The JSON body is larger than {limit} bytes.")
    request.max_content_length = limit
    try:
        items = json.loads(request.get_data(cache=False) or b"null")
    except ValueError:
        raise ApiError(400, "The body is not valid JSON.", "malformed_json") from None
    if not isinstance(items, list):
        raise ApiError(400, "The body must be a JSON array of plays.", "malformed_body")
    try:
        result = record_plays(g.screen.id, items)
    except BatchTooLarge as exc:
        raise ApiError(413, str(exc)) from exc
    return jsonify(result.json())
