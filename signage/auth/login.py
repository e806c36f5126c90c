"""Opening and closing a console session, shared by the login page and /api/auth."""

from __future__ import annotations

from flask import request, session
from flask_login import login_user, logout_user

from signage.auth.service import authenticate
from signage.models import User


def client_ip() -> str | None:
    return request.remote_addr


def sign_in(email: str, password: str) -> User:
    """Check credentials (raising InvalidCredentials / LoginLocked) and open a session."""
    user = authenticate(email, password, client_ip())
    # A fresh session: nothing from before sign-in (including its CSRF token) carries over.
    session.clear()
    session.permanent = True
    login_user(user)
    return user


def sign_out() -> None:
    logout_user()
    session.clear()
