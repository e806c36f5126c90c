"""Users as the API shows them (never the password hash nor the session version)."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso
from signage.models import User


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
