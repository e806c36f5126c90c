"""Every way into the app: the console's pages, the JSON API, the kiosk's pages and API, the
Socket.IO handlers, stored media and the health check. `register(app)` wires them all; nothing
registers itself at import.

The layer above the domains: a module here parses a request, calls a domain service or query,
and answers with the domain's payload. No domain imports this package (import-linter).
"""

from __future__ import annotations

from flask import Flask, Response, g, redirect, request, url_for
from flask_login import current_user
from flask_sqlalchemy.session import Session as FlaskSession

from signage.audit import capture
from signage.auth.login import client_ip
from signage.auth.session import authenticated_by_token
from signage.extensions import csrf
from signage.scheduling import cache as schedule_cache
from signage.web import api, console, health, media, player, sockets
from signage.web.errors import register_error_handlers
from signage.web.guard import init_guard, is_guarded_rule

CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; "
    "media-src 'self' blob: https:; connect-src 'self' ws: wss:; frame-src 'self' https:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# A year, without includeSubDomains or preload: other hosts of the customer's domain (a shop
# site on plain HTTP) are theirs to decide.
HSTS = "max-age=31536000"
CONSOLE_PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def register(app: Flask) -> None:
    # The guard first: an anonymous request is a 401 whatever it carries; CSRF comes next,
    # for cookie sessions only (a request with an API token carries no ambient credential).
    init_guard(app)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @app.before_request
    def _csrf_for_cookie_sessions() -> None:
        if not authenticated_by_token():
            csrf.protect(apply_exemptions=True)

    _init_audit(app)
    schedule_cache.install(FlaskSession, app)

    app.register_blueprint(health.bp)
    console.register(app)
    api.register(app)
    player.register(app)
    app.register_blueprint(media.bp)
    sockets.register(app)
    register_error_handlers(app)
    _init_security_headers(app)

    @app.get("/")
    def index():  # the console is the only thing a person opens at the root
        return redirect(url_for("admin.overview"))


def _init_audit(app: Flask) -> None:
    """Changes made during a signed-in console or API request are audited as that user's."""
    capture.install(FlaskSession)

    @app.before_request
    def _audit_actor() -> None:
        rule = request.url_rule
        if rule is None or not is_guarded_rule(rule.rule) or not current_user.is_authenticated:
            return
        via = "token" if authenticated_by_token() else "session"
        actor = capture.Actor(current_user.id, current_user.email, via, client_ip())
        g.audit_actor_token = capture.set_actor(actor)

    @app.teardown_request
    def _audit_actor_end(_exc: BaseException | None) -> None:
        token = g.pop("audit_actor_token", None)
        if token is not None:
            capture.reset_actor(token)


def _init_security_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            # Served over TLS (directly, or behind a proxy trusted with TRUSTED_PROXIES): the
            # browser then refuses plain HTTP to this host, so a network cannot strip TLS.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.path.startswith("/admin") or request.path == "/api/docs":
            response.headers.setdefault("Content-Security-Policy", CONSOLE_CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Permissions-Policy", CONSOLE_PERMISSIONS)
            response.headers.setdefault("Cache-Control", "no-store")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
