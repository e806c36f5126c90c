"""GET /api/player/{screenId}/playlist/{id} (CONTRACT §5): a playlist as the player plays it."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import g

from signage import schemas
from signage.content.payloads import player_playlist_json
from signage.content.player_view import playable_items
from signage.content.queries import is_scheduled_for
from signage.models import Playlist
from signage.web.errors import ApiError
from signage.web.http import conditional_json, get_or_404
from signage.web.openapi import answers
from signage.web.player.blueprint import bp


@bp.get("/<screen_id>/playlist/<playlist_id>")
@answers(schemas.PlayerPlaylist)
def player_playlist(screen_id: str, playlist_id: str):
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    if not is_scheduled_for(playlist.id, g.screen):
        raise ApiError(403, "This playlist is not scheduled for this screen.", "forbidden")
    return conditional_json(player_playlist_json(playlist, playable_items(playlist, datetime.now(UTC))))
