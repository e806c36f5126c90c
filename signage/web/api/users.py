"""/api/admin/users: ADMIN-only account management (CONTRACT §3)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from signage.access.matrix import Permission
from signage.auth import password_reset
from signage.auth.login import client_ip
from signage.auth.payloads import user_json
from signage.auth.queries import users_query
from signage.auth.users import create_user, delete_user, update_user
from signage.core.errors import N_
from signage.core.validation import Field, Schema, email, length, one_of
from signage.models import Role, User
from signage.web.account_mail import send_reset
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate

ROLES = tuple(r.value for r in Role)
CREATE = Schema(
    email=Field(str, required=True, check=email),
    password=Field(str, required=True, check=length(1, 256)),
    role=Field(str, required=True, check=one_of(*ROLES)),
    name=Field(str, check=length(0, 120)),
)
UPDATE = Schema(
    email=Field(str, check=email),
    password=Field(str, check=length(1, 256)),
    role=Field(str, check=one_of(*ROLES)),
    name=Field(str, check=length(0, 120)),
    # null: the browser's (CONTRACT §14); the values are checked by signage.auth.users.
    locale=Field(str, nullable=True),
    timezone=Field(str, nullable=True),
)


@bp.get("/users")
@requires(Permission.USERS_MANAGE)
def users_list():
    return jsonify(paginate(users_query(), user_json))


@bp.post("/users")
@requires(Permission.USERS_MANAGE)
def users_create():
    data = CREATE.validate(json_body())
    user = create_user(data["email"], data["password"], data["role"], data.get("name", ""))
    return jsonify(user_json(user)), 201


@bp.get("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
def users_show(user_id: str):
    return jsonify(user_json(get_or_404(User, user_id, "user")))


@bp.put("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
def users_update(user_id: str):
    """Partial: only the fields sent change (email, name, role, password, locale, timezone)."""
    user = get_or_404(User, user_id, "user")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = UPDATE.validate(json_body(), partial=True, current=user_json(user))
    update_user(user, **data)
    return jsonify(user_json(user))


@bp.delete("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
def users_delete(user_id: str):
    user = get_or_404(User, user_id, "user")
    delete_user(user, acting_user_id=current_user.id)
    return "", 204


@bp.post("/users/<user_id>/unlock")
@requires(Permission.USERS_MANAGE)
def users_unlock(user_id: str):
    """Clear the e-mail's failed sign-ins (ends a lockout); the audit log records who."""
    user = get_or_404(User, user_id, "user")
    cleared = password_reset.unlock(user, by=current_user, ip_address=client_ip())
    return jsonify({"failuresCleared": cleared})


@bp.post("/users/<user_id>/password-reset")
@requires(Permission.USERS_MANAGE)
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
