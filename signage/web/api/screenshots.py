"""A screen's screenshots: the list (CONTRACT §4, newest first) and each image, served to
signed-in users only (screenshot keys can be guessed, so they are never public)."""

from __future__ import annotations

from flask import Response, jsonify, send_file

from signage import schemas
from signage.access.matrix import Permission
from signage.extensions import db
from signage.media.storage import get_storage
from signage.models import Screen, ScreenScreenshot
from signage.monitoring import queries
from signage.monitoring.payloads import screenshot_json
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, paginate, parse_id
from signage.web.openapi import answers, paged

# A capture never changes under its id; a browser may keep it, a shared cache may not.
CACHE_CONTROL = "private, max-age=86400"


@bp.get("/screens/<screen_id>/screenshots")
@requires(Permission.SCREENS_READ)
@paged()
@answers(schemas.page_of(schemas.Screenshot))
def screen_screenshots(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    return jsonify(paginate(queries.screen_screenshots(screen.id), screenshot_json))


@bp.get("/screens/<screen_id>/screenshots/<screenshot_id>/image")
@requires(Permission.SCREENS_READ)
@answers(None, files=("image/jpeg",))
def screen_screenshot_image(screen_id: str, screenshot_id: str) -> Response:
    key = parse_id(screenshot_id)
    shot = db.session.get(ScreenScreenshot, key) if key is not None else None
    if shot is None or shot.screen_id != parse_id(screen_id):
        raise ApiError(404, "No screenshot with this id.")
    storage = get_storage()
    info = storage.stat(shot.s3_key)
    if info is None:
        raise ApiError(404, "This screenshot's image is gone.")
    path = storage.local_path(shot.s3_key)
    if path is not None:
        response = send_file(path, mimetype="image/jpeg", etag=info.etag, conditional=True, max_age=0)
    else:
        response = Response(storage.read(shot.s3_key), mimetype="image/jpeg")
        response.set_etag(info.etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
