"""/api/admin/users: ADMIN-only account management (CONTRACT §3)."""

from __future__ import annotations

from typing import Annotated

from flask import jsonify
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.auth import password_reset
from signage.auth.login import client_ip
from signage.auth.payloads import user_json
from signage.auth.queries import users_query
from signage.auth.users import create_user, delete_user, update_user
from signage.bodies import Body, Str, check, omitted, one_of, sized
from signage.core.errors import N_
from signage.core.validation import email
from signage.i18n import locale_problem, zone_problem
from signage.models import Role, User
from signage.web.account_mail import send_reset
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate
from signage.web.openapi import accepts, answers, paged

ROLES = tuple(r.value for r in Role)
Email = Annotated[Str, check(email)]
Password = sized(1, 256)
RoleName = one_of(*ROLES)
Name = sized(0, 120)
# A language or timezone as signage.auth.users checks it (empty: the browser's), here too so
# that one 422 names them beside every other bad field. A weak password keeps its own
# `weak_password` refusal, and a taken e-mail its 409, from the service.
Locale = Annotated[Str, check(lambda value: value and locale_problem(value))]
Timezone = Annotated[Str, check(lambda value: value and zone_problem(value))]


class UserCreate(Body):
    email: Email
    password: Password
    role: RoleName
    name: Name = omitted()


class UserUpdate(Body):
    email: Email = omitted()
    password: Password = omitted()
    role: RoleName = omitted()
    name: Name = omitted()
    # null: the browser's (CONTRACT §14).
    locale: Locale | None = omitted()
    timezone: Timezone | None = omitted()


@bp.get("/users")
@requires(Permission.USERS_MANAGE)
@paged()
@answers(schemas.page_of(schemas.User))
def users_list():
    return jsonify(paginate(users_query(), user_json))


@bp.post("/users")
@requires(Permission.USERS_MANAGE)
@accepts(UserCreate)
@answers(schemas.User, 201)
def users_create():
    data = UserCreate.validated(json_body())
    user = create_user(data["email"], data["password"], data["role"], data.get("name", ""))
    return jsonify(user_json(user)), 201


@bp.get("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
@answers(schemas.User)
def users_show(user_id: str):
    return jsonify(user_json(get_or_404(User, user_id, "user")))


@bp.put("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
@accepts(UserUpdate)
@answers(schemas.User)
def users_update(user_id: str):
    """Partial: only the fields sent change (email, name, role, password, locale, timezone)."""
    user = get_or_404(User, user_id, "user")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = UserUpdate.validated(json_body(), current=user_json(user))
    update_user(user, **data)
    return jsonify(user_json(user))


@bp.delete("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
@answers(None, 204)
def users_delete(user_id: str):
    user = get_or_404(User, user_id, "user")
    delete_user(user, acting_user_id=current_user.id)
    return "", 204


@bp.post("/users/<user_id>/unlock")
@requires(Permission.USERS_MANAGE)
@answers(schemas.Unlocked)
def users_unlock(user_id: str):
    """Clear the e-mail's failed sign-ins (ends a lockout); the audit log records who."""
    user = get_or_404(User, user_id, "user")
    cleared = password_reset.unlock(user, by=current_user, ip_address=client_ip())
    return jsonify({"failuresCleared": cleared})


@bp.post("/users/<user_id>/password-reset")
@requires(Permission.USERS_MANAGE)
@answers(schemas.ResetSent, 202)
def users_password_reset(user_id: str):
    """E-mail the user a reset link: 202, or 409 when this server sends no e-mail (no 5xx: the
    request is fine, the server is not set up for it)."""
    user = get_or_404(User, user_id, "user")
    if not send_reset(user, trusted_host=True):
        raise ApiError(
            409, N_("This server sends no e-mail (MAIL_SERVER is not set)."), "mail_not_configured"
        )
    password_reset.note_reset_sent(user, by=current_user, ip_address=client_ip())
    return jsonify({"status": "SENT"}), 202
