"""Who is asking: Flask-Login wiring for the console's cookie session (Secure whenever HTTPS
is, and open on the server) and for personal API tokens on the JSON API."""

from __future__ import annotations

from flask import Flask, Request, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from signage.auth import api_tokens, console_sessions
from signage.extensions import login_manager
from signage.models import User

SESSION_LIFETIME = console_sessions.LIFETIME


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, without its cost where there is no cookie to read.

    Flask-SocketIO opens a session for every Socket.IO event, and players (sockets and
    `/schedule` polls alike) never carry a cookie; Flask builds a new signing serializer each
    time all the same (a third of an event's request context)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

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


# Where a personal API token is accepted: the JSON API of the console, never its pages (a
# token in a browser would turn every page into something a script could scrape or drive).
TOKEN_PATHS = ("/api/admin/", "/api/auth/me")


def bearer_token() -> str | None:
    """The API token the request presents, if it presents one (a player's JWT is not one)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    raw = header.removeprefix("Bearer ").strip()
    return raw if api_tokens.looks_like_token(raw) else None


@login_manager.request_loader
def _load_from_token(req: Request) -> User | None:
    raw = bearer_token()
    if raw is None or not req.path.startswith(TOKEN_PATHS):
        return None
    user = api_tokens.user_for(raw)
    if user is not None:
        g.authenticated_by_token = True
    return user


def authenticated_by_token() -> bool:
    return bool(g.get("authenticated_by_token"))


def init_sessions(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.permanent_session_lifetime = SESSION_LIFETIME
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    # The guard handles anonymous visitors; Flask-Login's own redirect is never used.
    login_manager.login_view = "admin.login"
