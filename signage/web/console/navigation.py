"""The console's sidebar: only sections that exist, and only those the user may open;
and `can_user()`, so pages hide what the guard would refuse."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_login import current_user

from signage.access.matrix import Permission, can
from signage.web.console.blueprint import bp


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    endpoint: str
    permission: Permission


NAV = (
    NavItem("overview", "Overview", "admin.overview", Permission.CONSOLE),
    NavItem("monitoring", "Monitoring", "admin.monitoring", Permission.SCREENS_READ),
    NavItem("screens", "Screens", "admin.screens", Permission.SCREENS_READ),
    NavItem("sites", "Sites", "admin.sites", Permission.SITES_READ),
    NavItem("media", "Media", "admin.media_library", Permission.MEDIA_READ),
    NavItem("datasources", "Data sources", "admin.datasources", Permission.DATASOURCES_READ),
    NavItem("templates", "Templates", "admin.templates", Permission.TEMPLATES_READ),
    NavItem("playlists", "Playlists", "admin.playlists", Permission.PLAYLISTS_READ),
    NavItem("schedules", "Schedules", "admin.schedules", Permission.SCHEDULES_READ),
    NavItem("alerts", "Alerts", "admin.alerts", Permission.ALERTS_READ),
    NavItem("users", "Users", "admin.users", Permission.USERS_MANAGE),
)


@bp.app_context_processor
def _navigation() -> dict[str, object]:
    def console_nav() -> list[dict[str, str]]:
        if not current_user.is_authenticated:
            return []
        return [
            {"key": item.key, "label": item.label, "url": url_for(item.endpoint)}
            for item in NAV
            if can(current_user.role, item.permission)
        ]

    def can_user(permission: Permission | str) -> bool:
        """For templates: show a form or button only to roles whose request the guard accepts."""
        return current_user.is_authenticated and can(current_user.role, permission)

    return {"console_nav": console_nav, "can_user": can_user}
