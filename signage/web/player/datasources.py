"""GET /api/player/{screenId}/datasource/{id}: the data a feed or dataset zone shows.

The server's cached copy (one fetch for the whole fleet, and screens never reach the remote
side nor see its credentials), with an ETag so polling an unchanged feed costs a header. A
screen reads only the sources its playlists use.
"""

from __future__ import annotations

from flask import Response, g

from signage import schemas
from signage.datasources.queries import is_read_by
from signage.models import DataSource
from signage.web.errors import ApiError
from signage.web.http import conditional_json, get_or_404
from signage.web.openapi import answers
from signage.web.player.blueprint import bp


@bp.get("/<screen_id>/datasource/<source_id>")
@answers(schemas.SourceData)
def player_datasource(screen_id: str, source_id: str):
    source = get_or_404(DataSource, source_id, "data source")
    if not is_read_by(source.id, g.screen):
        raise ApiError(403, "No playlist scheduled for this screen uses this data source.", "forbidden")
    return source_data(source)


def source_data(source: DataSource) -> Response:
    """The answer to a reader allowed the source: the cached data, revalidated by ETag on each
    poll, or a 503 until the first fetch. The console's playlist preview answers with it too."""
    if source.last_data is None:
        message = "This data source has not been fetched yet."
        raise ApiError(503, message, "datasource_not_ready", headers={"Retry-After": "60"})
    response = conditional_json(source.last_data)
    response.headers["Cache-Control"] = "no-cache"
    return response
