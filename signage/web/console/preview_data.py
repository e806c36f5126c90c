"""The data a playlist's console preview reads (static/player/src/preview-context.js), since it
has no screen token for the player's routes: a data source's cached data and the weather, the
same answers as /api/player/{screenId}/datasource/{id} and /weather (the player views' own
functions), for a console reader of the playlist.

Only what the playlist itself reads: a source one of its media reads, a city and units one of
its layout's WEATHER zones shows; anything else is a 404, so the preview is no way to read
other sources nor to spend the OpenWeatherMap quota on any city. The weather goes through the
server's cache like a screen's, in the reader's language (a playlist has no site)."""

from __future__ import annotations

from flask import Response
from flask_babel import get_locale

from signage.access.matrix import Permission
from signage.content.zones import weather_asks
from signage.datasources.queries import is_read_in
from signage.extensions import db
from signage.i18n import N_
from signage.models import DataSource, Playlist
from signage.web.console.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, parse_id
from signage.web.player.datasources import source_data
from signage.web.player.weather import weather_answer, weather_args


@bp.get("/playlists/<playlist_id>/preview/datasource/<source_id>")
@requires(Permission.PLAYLISTS_READ)
def preview_datasource(playlist_id: str, source_id: str) -> Response:
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    key = parse_id(source_id)
    source = db.session.get(DataSource, key) if key is not None and is_read_in(key, playlist.id) else None
    if source is None:
        raise ApiError(404, N_("No data source with this id is read by this playlist."))
    return private(source_data(source))


@bp.get("/playlists/<playlist_id>/preview/weather")
@requires(Permission.PLAYLISTS_READ)
def preview_weather(playlist_id: str) -> Response:
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    city, units = weather_args()
    if (city, units) not in weather_asks(playlist.template.zones or []):
        raise ApiError(404, N_("This playlist's layout shows no weather for this city in these units."))
    return private(weather_answer(city, units, str(get_locale() or "en")))


def private(response: Response) -> Response:
    # The player's caching, for this browser only: the answer came through a session cookie.
    response.headers["Cache-Control"] = f"private, {response.headers['Cache-Control']}"
    return response
