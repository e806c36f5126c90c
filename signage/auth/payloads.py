"""Users as the API shows them (never the password hash nor the session version)."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso
from signage.models import ApiToken, User, UserSession


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        # The console's language and timezone for this user; null: the browser's.
        "locale": user.locale,
        "timezone": user.timezone,
        "createdAt": iso(user.created_at),
        "lastLoginAt": iso(user.last_login_at),
    }


def session_json(session: UserSession, current: bool) -> dict[str, Any]:
    """A console session as an ADMIN reviews it (never its id for the cookie)."""
    return {
        "id": str(session.id),
        "createdAt": iso(session.created_at),
        "lastSeenAt": iso(session.last_seen_at),
        "expiresAt": iso(session.expires_at),
        "ipAddress": session.ip_address,
        "userAgent": session.user_agent,
        "current": current,
    }


def token_json(token: ApiToken, secret: str | None = None) -> dict[str, Any]:
    """An API token as its owner sees it; `token` (the secret) only in the answer creating it."""
    body: dict[str, Any] = {"id": str(token.id), "name": token.name}
    if secret is not None:
        body["token"] = secret
    return body | {
        "prefix": token.prefix,
        "expiresAt": iso(token.expires_at),
        "createdAt": iso(token.created_at),
        "lastUsedAt": iso(token.last_used_at),
    }
