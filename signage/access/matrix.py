"""The permission matrix of the spec (CONTRACT §3), as one declarative table.

Pure: standard library only, so it is read and tested without Flask. Pages, REST routes
and Socket.IO handlers name a Permission; `can()` is the only question ever asked.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Console roles. Stored in the users table by value."""

    ADMIN = "ADMIN"
    EDITOR = "EDITOR"
    VIEWER = "VIEWER"


class Permission(StrEnum):
    SITES_READ = "sites:read"  # sites and screen groups
    SITES_WRITE = "sites:write"
    SCREENS_READ = "screens:read"
    SCREENS_WRITE = "screens:write"  # register (activation), edit, delete
    SCREENS_REVOKE = "screens:revoke"
    SCREENS_COMMAND = "screens:command"  # screenshot, reload, reboot ...
    MEDIA_READ = "media:read"
    MEDIA_WRITE = "media:write"
    TEMPLATES_READ = "templates:read"
    TEMPLATES_WRITE = "templates:write"
    PLAYLISTS_READ = "playlists:read"
    PLAYLISTS_WRITE = "playlists:write"
    SCHEDULES_READ = "schedules:read"
    SCHEDULES_WRITE = "schedules:write"
    ALERTS_READ = "alerts:read"
    ALERTS_WRITE = "alerts:write"  # create, activate, deactivate
    DATASOURCES_READ = "datasources:read"
    DATASOURCES_WRITE = "datasources:write"
    REPORTS_READ = "reports:read"  # reports and proof of play
    USERS_MANAGE = "users:manage"
    AUDIT_READ = "audit:read"  # the audit log
    CONSOLE = "console"  # any signed-in user: the console shell, own account


_ALL = frozenset(Role)
_ADMIN = frozenset({Role.ADMIN})
_STAFF = frozenset({Role.ADMIN, Role.EDITOR})

MATRIX: dict[Permission, frozenset[Role]] = {
    Permission.SITES_READ: _ALL,
    Permission.SITES_WRITE: _ADMIN,
    Permission.SCREENS_READ: _ALL,
    Permission.SCREENS_WRITE: _ADMIN,
    Permission.SCREENS_REVOKE: _ADMIN,
    Permission.SCREENS_COMMAND: _ADMIN,
    Permission.MEDIA_READ: _ALL,
    Permission.MEDIA_WRITE: _STAFF,
    Permission.TEMPLATES_READ: _ALL,
    Permission.TEMPLATES_WRITE: _STAFF,
    Permission.PLAYLISTS_READ: _ALL,
    Permission.PLAYLISTS_WRITE: _STAFF,
    Permission.SCHEDULES_READ: _ALL,
    Permission.SCHEDULES_WRITE: _STAFF,
    Permission.ALERTS_READ: _ALL,
    Permission.ALERTS_WRITE: _STAFF,
    Permission.DATASOURCES_READ: _ALL,
    Permission.DATASOURCES_WRITE: _STAFF,
    Permission.REPORTS_READ: _ALL,
    Permission.USERS_MANAGE: _ADMIN,
    Permission.AUDIT_READ: _ADMIN,
    Permission.CONSOLE: _ALL,
}


def can(role: str | Role | None, permission: Permission | str) -> bool:
    """True when `role` holds `permission`. Unknown roles and permissions hold nothing."""
    if role is None:
        return False
    try:
        role_value = Role(role if not isinstance(role, Role) else role.value)
        perm = Permission(permission)
    except ValueError:
        return False
    return role_value in MATRIX.get(perm, frozenset())


def permissions_of(role: str | Role) -> frozenset[Permission]:
    return frozenset(p for p in Permission if can(role, p))
