"""/api/admin/tokens: personal API tokens (CONTRACT §15), each user's own.

Managed from a signed-in session only: a token that could mint tokens would let a leaked one
outlive its own revocation.
"""

from __future__ import annotations

from typing import Annotated

from flask import jsonify
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.auth import api_tokens
from signage.auth.payloads import token_json
from signage.auth.session import authenticated_by_token
from signage.bodies import Body, Str, check, omitted, text
from signage.core.wire import parse_instant
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import json_body, parse_id
from signage.web.openapi import accepts, answers


def _instant_problem(value: str) -> str | None:
    try:
        return api_tokens.expiry_problem(parse_instant(value))
    except ValueError as exc:
        return str(exc)


# signage.auth.api_tokens' rules (the name trimmed, an expiry ahead) as the body is validated,
# so one 422 names both; the service checks them again with the tokens a user may still make.
TokenName = text(api_tokens.NAME_RULE)
Instant = Annotated[Str, check(_instant_problem)]


class TokenCreate(Body):
    name: TokenName
    expires_at: Instant | None = omitted()


def _session_only() -> None:
    if authenticated_by_token():
        raise ApiError(403, "API tokens are managed from a signed-in session, not with a token.", "forbidden")


@bp.get("/tokens")
@requires(Permission.CONSOLE)
@answers(schemas.page_of(schemas.Token))
def tokens_list():
    items = [token_json(t) for t in api_tokens.tokens_of(current_user.id)]
    return jsonify({"items": items, "total": len(items)})


@bp.post("/tokens")
@requires(Permission.CONSOLE)
@accepts(TokenCreate)
@answers(schemas.NewToken, 201)
def tokens_create():
    _session_only()
    data = TokenCreate.validated(json_body())
    expires = data.get("expiresAt")
    token, secret = api_tokens.create_token(
        current_user, data["name"], parse_instant(expires) if expires else None
    )
    return jsonify(token_json(token, secret)), 201


@bp.delete("/tokens/<token_id>")
@requires(Permission.CONSOLE)
@answers(None, 204)
def tokens_revoke(token_id: str):
    _session_only()
    api_tokens.revoke(current_user.id, parse_id(token_id))
    return "", 204
