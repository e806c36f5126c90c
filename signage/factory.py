"""create_app: configuration -> extensions -> the web faces (signage.web) -> cli.

No connection, migration or network call happens here: engines and clients are built
lazily, so importing or creating the app is cheap and safe anywhere (CLI, workers, tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from signage import web
from signage.auth.session import init_sessions
from signage.cli import init_cli
from signage.config import INSTANCE_DIR, ROOT, Settings, flask_config, load_settings
from signage.database import begin_deferred, configure_engine, end_deferred
from signage.extensions import db, migrate, socketio
from signage.push import RoomDisconnectRedisManager
from signage.web.i18n import init_i18n
from signage.web.url_map import RememberingMap


class SignageFlask(Flask):
    url_map_class = RememberingMap


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SOCKET_MAX_MESSAGE_BYTES = 7 * 1024 * 1024


def create_app(settings: Settings | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    settings = settings or load_settings()
    app = SignageFlask(
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
    init_sessions(app)
    _init_socketio(app, settings)
    _init_sqlite_transactions(app)
    init_i18n(app)
    web.register(app)
    init_cli(app)
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


def _init_socketio(app: Flask, settings: Settings) -> None:
    from gevent import monkey

    # The gevent driver needs a patched process (wsgi.py); tests and the CLI are not patched.
    async_mode = "gevent" if monkey.is_module_patched("socket") else "threading"
    options: dict[str, Any] = {}
    if settings.redis_url:
        # Room-wide disconnects across processes (see signage.push).
        options["client_manager"] = RoomDisconnectRedisManager(
            settings.redis_url, channel=settings.socketio_channel
        )
    # A screenshot (a JPEG of up to 5 MB, base64 in JSON) is the largest message a player
    # sends; python-socketio's default of 1 MB would drop the player's connection instead.
    options["max_http_buffer_size"] = SOCKET_MAX_MESSAGE_BYTES
    socketio.init_app(app, async_mode=async_mode, manage_session=False, **options)


def _init_sqlite_transactions(app: Flask) -> None:
    @app.before_request
    def _sqlite_read_only() -> None:
        # Read-only requests take no write lock and begin DEFERRED (see signage.database);
        # `?lang=` is not read-only: it saves the signed-in user's language (web.i18n).
        if request.method in SAFE_METHODS and "lang" not in request.args:
            request.environ["signage.deferred_token"] = begin_deferred()

    @app.teardown_request
    def _sqlite_reset(_exc: BaseException | None) -> None:
        token = request.environ.pop("signage.deferred_token", None)
        if token is not None:
            end_deferred(token)
