"""Users as the API shows them (never the password hash nor the session version)."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso
from signage.models import User, UserSession


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
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
