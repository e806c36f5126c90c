"""/api/admin/users/{id}/sessions: an ADMIN sees where a user is signed in and ends those
sessions (CONTRACT §15; the routes are our addition, documented in docs/api.md)."""

from __future__ import annotations

from flask import jsonify

from signage import schemas
from signage.access.matrix import Permission
from signage.auth import console_sessions
from signage.auth.login import current_session_id
from signage.auth.payloads import session_json
from signage.models import User
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, parse_id
from signage.web.openapi import answers


@bp.get("/users/<user_id>/sessions")
@requires(Permission.USERS_MANAGE)
@answers(schemas.page_of(schemas.Session))
def user_sessions(user_id: str):
    user = get_or_404(User, user_id, "user")
    mine = current_session_id()
    items = [
        session_json(s, console_sessions.is_current(s, mine)) for s in console_sessions.live_sessions(user.id)
    ]
    return jsonify({"items": items, "total": len(items)})


@bp.delete("/users/<user_id>/sessions")
@requires(Permission.USERS_MANAGE)
@answers(schemas.SessionsEnded)
def user_sessions_end(user_id: str):
    """Every session of the user ends, except the one making this request."""
    user = get_or_404(User, user_id, "user")
    return jsonify({"ended": console_sessions.end_sessions(user.id, keep=current_session_id())})


@bp.delete("/users/<user_id>/sessions/<session_id>")
@requires(Permission.USERS_MANAGE)
@answers(None, 204)
def user_session_end(user_id: str, session_id: str):
    user = get_or_404(User, user_id, "user")
    number = parse_id(session_id)
    if number is None or not console_sessions.end_sessions(user.id, session_id=number):
        raise ApiError(404, "No session with this id for this user.")
    return "", 204
