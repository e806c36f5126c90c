"""Console sessions: Flask-Login wiring and a cookie that is Secure whenever HTTPS is."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from signage.extensions import db, login_manager
from signage.models import User

SESSION_LIFETIME = timedelta(hours=12)


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        # Behind HTTPS (directly or through a trusted proxy) the cookie never travels in clear.
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


@login_manager.user_loader
def _load_user(user_key: str) -> User | None:
    user_id, _, version = user_key.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalar(select(User).where(User.id == int(user_id)))
    if user is None or user.session_version != int(version):
        return None
    return user


def init_sessions(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.permanent_session_lifetime = SESSION_LIFETIME
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    # The guard handles anonymous visitors; Flask-Login's own redirect is never used.
    login_manager.login_view = "admin.login"
