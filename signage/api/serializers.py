"""ORM objects to the JSON of the API: camelCase keys, string ids, UTC `Z` times."""

from __future__ import annotations

from typing import Any

from signage.api.http import iso
from signage.models import User


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "createdAt": iso(user.created_at),
        "lastLoginAt": iso(user.last_login_at),
    }
