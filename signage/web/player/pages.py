"""The kiosk's pages: /player/activate and /player/{screenId} (CONTRACT §5).

Both are static shells: the player's identity is the JWT in the browser's localStorage, so the
server cannot (and need not) know who opens them. The scripts are built from static/player/src
by esbuild (package.json) into static/dist/player/.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file, url_for

from signage.config import ROOT
from signage.web.http import parse_id
from signage.web.player.csp import player_csp, service_worker_csp

bp = Blueprint("player_pages", __name__, url_prefix="/player")


def _media_urls() -> tuple[str | None, ...]:
    settings = current_app.config["SIGNAGE"]
    return (settings.cdn_base_url, settings.public_base_url)


@bp.after_request
def _headers(response: Response) -> Response:
    http_frames = current_app.config["SIGNAGE"].allow_http_webpages
    response.headers.setdefault("Content-Security-Policy", player_csp(_media_urls(), http_frames=http_frames))
    response.headers.setdefault("Cache-Control", "no-cache")
    return response


# Built by esbuild (static/player/build.mjs). Served from /player/ so that its scope is
# /player/ without a Service-Worker-Allowed header. The media it stores may come from a CDN
# (https:, or CDN_BASE_URL's origin whatever its scheme), hence its own connect-src.
SERVICE_WORKER = ROOT / "static" / "dist" / "player" / "sw.js"


@bp.get("/sw.js")
def service_worker() -> Response:
    if not SERVICE_WORKER.is_file():
        abort(404)
    response = send_file(SERVICE_WORKER, mimetype="text/javascript", max_age=0, conditional=True)
    # Browsers check for a new worker at each navigation; never let a cache hide it.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/player/"
    response.headers["Content-Security-Policy"] = service_worker_csp(_media_urls())
    return response


@bp.get("", strict_slashes=False)
def pair():
    """A kiosk opens /player (the launcher does): with a stored token it goes to its screen,
    without one it shows a pairing code (CONTRACT §12)."""
    return render_template("player/pair.html")


@bp.get("/activate")
def activate():
    return render_template("player/activate.html", token=request.args.get("token", ""))


@bp.get("/<screen_id>")
def screen(screen_id: str):
    if parse_id(screen_id) is None:
        abort(404)
    return render_template(
        "player/screen.html",
        screen_id=screen_id,
        logo_url=current_app.config["SIGNAGE"].player_logo_url or url_for("static", filename="favicon.svg"),
    )
