"""Console sessions: Flask-Login wiring and a cookie that is Secure whenever HTTPS is."""

from __future__ import annotations

from flask import Flask, request, session
from flask.sessions import SecureCookieSessionInterface

from signage.auth import console_sessions
from signage.extensions import login_manager
from signage.models import User

SESSION_LIFETIME = console_sessions.LIFETIME


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        # Behind HTTPS (directly or through a trusted proxy) the cookie never travels in clear.
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


SESSION_KEY = "sid"


@login_manager.user_loader
def _load_user(user_key: str) -> User | None:
    user_id, _, version = user_key.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # The signed cookie alone is not enough: its session must still be open on the server.
    return console_sessions.user_for(session.get(SESSION_KEY), int(user_id), int(version))


def init_sessions(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.permanent_session_lifetime = SESSION_LIFETIME
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    # The guard handles anonymous visitors; Flask-Login's own redirect is never used.
    login_manager.login_view = "admin.login"
