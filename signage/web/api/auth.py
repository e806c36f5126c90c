"""/api/auth: JSON sign-in for the console's scripts and automation (CONTRACT §2)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from signage import schemas
from signage.auth import password_reset
from signage.auth.login import client_ip, sign_in, sign_out
from signage.auth.payloads import user_json
from signage.auth.service import InvalidCredentials, LoginLocked
from signage.bodies import Body, sized
from signage.extensions import csrf
from signage.web.account_mail import send_reset
from signage.web.errors import ApiError
from signage.web.http import json_body
from signage.web.openapi import accepts, answers

bp = Blueprint("api_auth", __name__, url_prefix="/api/auth")

Email = sized(1, 254)
Password = sized(1, 256)
ResetToken = sized(1, 1000)


class Login(Body):
    email: Email
    password: Password


def _me() -> dict[str, Any]:
    return {"user": user_json(current_user), "csrfToken": generate_csrf()}


# Not CSRF-protected: it is not authenticated by a session cookie, and it only accepts
# application/json, which no cross-site form can send without a CORS preflight.
@bp.post("/login")
@csrf.exempt
@accepts(Login)
@answers(schemas.Me)
def login():
    data = Login.validated(json_body())
    try:
        sign_in(data["email"], data["password"])
    except LoginLocked as exc:
        raise ApiError(
            429,
            "Too many failed sign-ins for this account; try again later.",
            "too_many_attempts",
            headers={"Retry-After": str(exc.retry_after)},
        ) from exc
    except InvalidCredentials as exc:
        raise ApiError(401, "Wrong email or password.", "invalid_credentials") from exc
    return jsonify(_me())


@bp.get("/me")
@answers(schemas.Me)
def me():
    if not current_user.is_authenticated:
        raise ApiError(401, "Not signed in.")
    return jsonify(_me())


@bp.post("/logout")
@answers(None, 204)
def logout():
    sign_out()
    return "", 204


class ForgotPassword(Body):
    email: Email


class ResetPassword(Body):
    token: ResetToken
    password: Password


# Anonymous like /login (and CSRF-exempt for the same reason): the same 202 whether the
# e-mail exists, is throttled or mail is off; only the inbox tells.
@bp.post("/forgot-password")
@csrf.exempt
@accepts(ForgotPassword)
@answers(schemas.ResetRequested, 202)
def forgot_password():
    data = ForgotPassword.validated(json_body())
    if password_reset.may_send_reset(data["email"], client_ip()):
        user = password_reset.user_by_email(data["email"])
        if user is not None:
            send_reset(user, trusted_host=False)
    return jsonify({"status": "ACCEPTED"}), 202


@bp.post("/reset-password")
@csrf.exempt
@accepts(ResetPassword)
@answers(schemas.PasswordReset)
def reset_password():
    """The link's token and the new password: 200, or 404 (unknown or used), 410 (expired),
    422 (a password the rules refuse)."""
    data = ResetPassword.validated(json_body())
    password_reset.reset_password(data["token"], current_app.config["SECRET_KEY"], data["password"])
    return jsonify({"status": "RESET"})
