"""Opening and closing a console session, shared by the login page and /api/auth."""

from __future__ import annotations

from flask import request, session
from flask_login import login_user, logout_user

from signage.auth import console_sessions
from signage.auth.service import authenticate
from signage.auth.session import SESSION_KEY
from signage.models import User


def client_ip() -> str | None:
    return request.remote_addr


def sign_in(email: str, password: str) -> User:
    """Check credentials (raising InvalidCredentials / LoginLocked) and open a session."""
    user = authenticate(email, password, client_ip())
    # A fresh session: nothing from before sign-in (including its CSRF token) carries over.
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = console_sessions.open_session(
        user, client_ip(), request.headers.get("User-Agent", "")
    )
    login_user(user)
    return user


def sign_out() -> None:
    """End the session on the server too: a copy of the cookie opens nothing afterwards."""
    console_sessions.end_session(session.get(SESSION_KEY))
    logout_user()
    session.clear()


def current_session_id() -> str | None:
    return session.get(SESSION_KEY)
