"""create_app: configuration -> extensions -> blueprints -> sockets -> cli.

No connection, migration or network call happens here: engines and clients are built
lazily, so importing or creating the app is cheap and safe anywhere (CLI, workers, tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, redirect, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

from signage.config import INSTANCE_DIR, ROOT, Settings, flask_config, load_settings
from signage.database import begin_deferred, configure_engine, end_deferred
from signage.extensions import csrf, db, migrate, socketio

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SOCKET_MAX_MESSAGE_BYTES = 7 * 1024 * 1024
CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; "
    "media-src 'self' blob: https:; connect-src 'self' ws: wss:; frame-src 'self' https:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(settings: Settings | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(
        "signage",
        root_path=str(ROOT),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    app.config.update(flask_config(settings))
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented key order
    if overrides:
        app.config.update(overrides)
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)  # type: ignore[method-assign]

    _init_database(app)
    _init_auth(app)
    _init_socketio(app, settings)
    _register_blueprints(app)
    _init_request_hooks(app)
    _init_cli(app)
    return app


def _init_database(app: Flask) -> None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            configure_engine(engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)


def _init_auth(app: Flask) -> None:
    from signage.access.guard import init_guard
    from signage.auth.session import init_sessions

    init_sessions(app)
    # The guard first: an anonymous request is a 401 whatever it carries; CSRF comes next.
    init_guard(app)
    csrf.init_app(app)


def _init_socketio(app: Flask, settings: Settings) -> None:
    from gevent import monkey

    import signage.realtime.connection
    import signage.realtime.heartbeats
    import signage.realtime.player_events
    import signage.realtime.proof_of_play
    import signage.realtime.screenshots  # noqa: F401

    # The gevent driver needs a patched process (wsgi.py); tests and the CLI are not patched.
    async_mode = "gevent" if monkey.is_module_patched("socket") else "threading"
    options: dict[str, Any] = {}
    if settings.redis_url:
        from signage.realtime.rooms import RoomDisconnectRedisManager

        # Room-wide disconnects across processes (see signage.realtime.rooms).
        options["client_manager"] = RoomDisconnectRedisManager(
            settings.redis_url, channel=settings.socketio_channel
        )
    # A screenshot (a JPEG of up to 5 MB, base64 in JSON) is the largest message a player
    # sends; python-socketio's default of 1 MB would drop the player's connection instead.
    options["max_http_buffer_size"] = SOCKET_MAX_MESSAGE_BYTES
    socketio.init_app(app, async_mode=async_mode, manage_session=False, **options)


def _register_blueprints(app: Flask) -> None:
    from signage.admin import bp as admin_bp
    from signage.api.admin import bp as api_admin_bp
    from signage.api.auth import bp as api_auth_bp
    from signage.api.errors import register_error_handlers
    from signage.api.player import bp as api_player_bp
    from signage.health import bp as health_bp
    from signage.media.serving import bp as media_files_bp
    from signage.player import bp as player_pages_bp

    for bp in (
        health_bp,
        admin_bp,
        api_auth_bp,
        api_admin_bp,
        api_player_bp,
        player_pages_bp,
        media_files_bp,
    ):
        app.register_blueprint(bp)
    register_error_handlers(app)

    @app.get("/")
    def index():  # the console is the only thing a person opens at the root
        return redirect(url_for("admin.overview"))


def _init_request_hooks(app: Flask) -> None:
    @app.before_request
    def _sqlite_read_only() -> None:
        # Read-only requests take no write lock and begin DEFERRED (see signage.database).
        if request.method in SAFE_METHODS:
            request.environ["signage.deferred_token"] = begin_deferred()

    @app.teardown_request
    def _sqlite_reset(_exc: BaseException | None) -> None:
        token = request.environ.pop("signage.deferred_token", None)
        if token is not None:
            end_deferred(token)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.path.startswith("/admin"):
            response.headers.setdefault("Content-Security-Policy", CONSOLE_CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Cache-Control", "no-store")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _init_cli(app: Flask) -> None:
    from signage.cli import init_cli

    init_cli(app)
