"""/admin/playlists/{id}/preview: the playlist as saved, played by the player's own render code
(static/player/src/preview.js) at the size of the frame the playlist page gives it.

It is given what a screen would get now (player_playlist_json with the items a screen may show
at this moment) in a data attribute, so the page needs no inline script and keeps the player's
strict policy; only its frame-ancestors differ, since the console frames it. Nothing it plays
is recorded (no screen, no proof of play)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, make_response, render_template, url_for

from signage.access.matrix import Permission
from signage.content.payloads import player_playlist_json
from signage.content.player_view import playable_items
from signage.models import Playlist
from signage.web.console.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.player.csp import player_csp


@bp.get("/playlists/<playlist_id>/preview")
@requires(Permission.PLAYLISTS_READ)
def playlist_preview(playlist_id: str):
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    settings = current_app.config["SIGNAGE"]
    body = player_playlist_json(playlist, playable_items(playlist, datetime.now(UTC)))
    response = make_response(
        render_template(
            "player/preview.html",
            playlist=body,
            logo_url=settings.player_logo_url or url_for("static", filename="favicon.svg"),
        )
    )
    # Set before the console's defaults (setdefault) would forbid the frame and the player's CSS.
    response.headers["Content-Security-Policy"] = player_csp(
        (settings.cdn_base_url, settings.public_base_url),
        http_frames=settings.allow_http_webpages,
        framed_by_self=True,
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
