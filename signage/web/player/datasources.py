"""GET /api/player/{screenId}/datasource/{id}: the data a feed or dataset zone shows.

The server's cached copy (one fetch for the whole fleet, and screens never reach the remote
side nor see its credentials), with an ETag so polling an unchanged feed costs a header. A
screen reads only the sources its playlists use.
"""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from signage.content.player_view import is_scheduled_for
from signage.extensions import db
from signage.models import DataSource, Media, PlaylistItem, Screen
from signage.web.errors import ApiError
from signage.web.http import conditional_json, get_or_404
from signage.web.player.blueprint import bp


def _used_by(source_id: int, screen: Screen) -> bool:
    """Whether a playlist scheduled (past, present or future) for the screen has a media
    reading the source."""
    playlist_ids = db.session.scalars(
        select(PlaylistItem.playlist_id)
        .join(Media, Media.id == PlaylistItem.media_id)
        .where(Media.data_source_id == source_id)
        .distinct()
    )
    return any(is_scheduled_for(playlist_id, screen) for playlist_id in playlist_ids)


@bp.get("/<screen_id>/datasource/<source_id>")
def player_datasource(screen_id: str, source_id: str):
    source = get_or_404(DataSource, source_id, "data source")
    if not _used_by(source.id, g.screen):
        raise ApiError(403, "No playlist scheduled for this screen uses this data source.", "forbidden")
    if source.last_data is None:
        message = "This data source has not been fetched yet."
        raise ApiError(503, message, "datasource_not_ready", headers={"Retry-After": "60"})
    response = conditional_json(source.last_data)
    response.headers["Cache-Control"] = "no-cache"
    return response
