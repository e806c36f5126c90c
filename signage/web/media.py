"""`/media/<key>`: stored objects, public (players fetch them without a session).

Keys are unguessable and content-addressed (signage.media.keys), so an object at a key never
changes: one year of immutable caching, the key's digest as a strong ETag, and Range requests
(206) so players can seek and resume videos.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, send_file

from signage.media.keys import is_public_key
from signage.media.storage import get_storage

bp = Blueprint("media_files", __name__)

CACHE_CONTROL = "public, max-age=31536000, immutable"


@bp.get("/media/<path:key>")
def serve(key: str) -> Response:
    if not is_public_key(key):
        abort(404)
    storage = get_storage()
    info = storage.stat(key)
    if info is None:
        abort(404)
    path = storage.local_path(key)
    if path is not None:
        response = send_file(path, mimetype=info.content_type, etag=info.etag, conditional=True, max_age=0)
    else:
        response = _streamed(key, info.size, info.etag, info.content_type)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Accept-Ranges"] = "bytes"
    # Public objects: a kiosk whose page is on another origin (a CDN pulling from here, another
    # host name) reads them with CORS (crossOrigin media, the precache's fetch), which keeps its
    # remote screenshot readable. No credentials are ever involved.
    response.headers["Access-Control-Allow-Origin"] = "*"
    # A stored HTML file is content for screens, not a page of this origin: it runs in an
    # opaque origin, away from the console's cookies.
    response.headers["Content-Security-Policy"] = "sandbox allow-scripts"
    return response


def _streamed(key: str, size: int, etag: str, content_type: str) -> Response:
    """Range and conditional handling for a backend with no local file (S3)."""
    storage = get_storage()
    response = Response(status=200, mimetype=content_type)
    response.set_etag(etag)
    if request.if_none_match.contains(etag):
        response.status_code = 304
        return response
    ranges = request.range
    span = ranges.range_for_length(size) if ranges and request.if_range.etag in (None, etag) else None
    if ranges and span is None and request.if_range.etag in (None, etag):
        response.status_code = 416
        response.headers["Content-Range"] = f"bytes */{size}"
        return response
    start, stop = span or (0, size)
    response.response = storage.read(key, start, stop)
    response.content_length = stop - start
    if span is not None:
        response.status_code = 206
        response.headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    return response
