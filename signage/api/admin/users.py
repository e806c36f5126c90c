"""/api/admin/users: ADMIN-only account management (CONTRACT §3)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from sqlalchemy import select

from signage.access.guard import requires
from signage.access.matrix import Permission
from signage.api.admin import bp
from signage.api.errors import ApiError
from signage.api.http import get_or_404, json_body, paginate
from signage.api.serializers import user_json
from signage.api.validation import Field, Schema, email, length, one_of
from signage.auth.users import AccountError, LastAdmin, create_user, delete_user, update_user
from signage.extensions import db
from signage.models import Role, User

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
)


def _account_error(exc: AccountError) -> ApiError:
    if isinstance(exc, LastAdmin) or exc.field is None:
        return ApiError(409, exc.message, exc.code)
    status = 409 if exc.code == "email_taken" else 422
    return ApiError(status, exc.message, exc.code, {exc.field: exc.message})


@bp.get("/users")
@requires(Permission.USERS_MANAGE)
def users_list():
    return jsonify(paginate(select(User).order_by(User.email), user_json))


@bp.post("/users")
@requires(Permission.USERS_MANAGE)
def users_create():
    data = CREATE.validate(json_body())
    try:
        user = create_user(data["email"], data["password"], data["role"], data.get("name", ""))
    except AccountError as exc:
        db.session.rollback()
        raise _account_error(exc) from exc
    return jsonify(user_json(user)), 201


@bp.get("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
def users_show(user_id: str):
    return jsonify(user_json(get_or_404(User, user_id, "user")))


@bp.put("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
def users_update(user_id: str):
    """Partial: only the fields sent change (email, name, role, password)."""
    data = UPDATE.validate(json_body(), partial=True)
    user = get_or_404(User, user_id, "user")
    try:
        update_user(user, **data)
    except AccountError as exc:
        db.session.rollback()
        raise _account_error(exc) from exc
    return jsonify(user_json(user))


@bp.delete("/users/<user_id>")
@requires(Permission.USERS_MANAGE)
def users_delete(user_id: str):
    user = get_or_404(User, user_id, "user")
    try:
        delete_user(user, acting_user_id=current_user.id)
    except AccountError as exc:
        db.session.rollback()
        raise _account_error(exc) from exc
    return "", 204
