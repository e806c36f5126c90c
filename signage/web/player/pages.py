"""The kiosk's pages: /player/activate and /player/{screenId} (CONTRACT §5).

Both are static shells: the player's identity is the JWT in the browser's localStorage, so the
server cannot (and need not) know who opens them. The scripts are built from static/player/src
by esbuild (package.json) into static/dist/player/.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file, url_for

from signage.config import ROOT
from signage.web.http import parse_id

bp = Blueprint("player_pages", __name__, url_prefix="/player")

PLAYER_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; "
    "media-src 'self' blob: https:; connect-src 'self' ws: wss: https: http://127.0.0.1:3001; "
    "frame-src 'self' https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# ALLOW_HTTP_WEBPAGES: plain http:// pages (intranet dashboards) may be framed too.
PLAYER_CSP_HTTP_FRAMES = PLAYER_CSP.replace("frame-src 'self' https:;", "frame-src 'self' https: http:;")


@bp.after_request
def _headers(response: Response) -> Response:
    csp = PLAYER_CSP_HTTP_FRAMES if current_app.config["SIGNAGE"].allow_http_webpages else PLAYER_CSP
    response.headers.setdefault("Content-Security-Policy", csp)
    response.headers.setdefault("Cache-Control", "no-cache")
    return response


# Built by esbuild (static/player/build.mjs). Served from /player/ so that its scope is
# /player/ without a Service-Worker-Allowed header. The media it stores may come from a CDN
# (https:), hence its own connect-src.
SERVICE_WORKER = ROOT / "static" / "dist" / "player" / "sw.js"
SERVICE_WORKER_CSP = "default-src 'self'; connect-src 'self' https:; object-src 'none'; base-uri 'none'"


@bp.get("/sw.js")
def service_worker() -> Response:
    if not SERVICE_WORKER.is_file():
        abort(404)
    response = send_file(SERVICE_WORKER, mimetype="text/javascript", max_age=0, conditional=True)
    # Browsers check for a new worker at each navigation; never let a cache hide it.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/player/"
    response.headers["Content-Security-Policy"] = SERVICE_WORKER_CSP
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
