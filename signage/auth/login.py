"""Opening and closing a console session, shared by the login page and /api/auth."""

from __future__ import annotations

from flask import has_request_context, request, session
from flask_login import current_user, login_user, logout_user

from signage.audit import capture
from signage.auth import console_sessions
from signage.auth.service import InvalidCredentials, authenticate, normalize_email
from signage.auth.session import SESSION_KEY
from signage.extensions import db
from signage.models import User


def client_ip() -> str | None:
    return request.remote_addr


def sign_in(email: str, password: str) -> User:
    """Check credentials (raising InvalidCredentials / LoginLocked) and open a session. Each
    checked attempt goes to the audit log (refused ones while locked do not: a flood of them
    would only fill it), and so does the failure that locks an e-mail."""
    ip = client_ip()
    try:
        user = authenticate(email, password, ip)
    except InvalidCredentials as exc:
        typed = normalize_email(email)[:254]
        capture.record("sign_in_failed", email=typed, ip_address=ip, session=db.session)
        if exc.locked_now:
            capture.record("locked_out", email=typed, ip_address=ip, session=db.session)
        db.session.commit()
        raise
    capture.record("sign_in", email=user.email, user_id=user.id, ip_address=ip, session=db.session)
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
    if current_user.is_authenticated:
        capture.record(
            "sign_out",
            email=current_user.email,
            user_id=current_user.id,
            ip_address=client_ip(),
            session=db.session,
        )
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
