"""Opening and closing a console session, shared by the login page and /api/auth."""

from __future__ import annotations

from flask import has_request_context, request, session
from flask_login import current_user, login_user, logout_user

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
    return session.get(SESSION_KEY) if has_request_context() else None


def end_other_sessions(user: User) -> None:
    """After a password or role change (CONTRACT §15): the user's other sessions end; the one
    making the change, when it is the user's own, stays open."""
    user.session_version += 1
    own = has_request_context() and current_user.is_authenticated and current_user.id == user.id
    console_sessions.end_sessions(user.id, keep=current_session_id() if own else None, commit=False)
    if own:
        login_user(user)  # the cookie now names the new version
