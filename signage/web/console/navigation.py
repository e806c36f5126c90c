"""The console's sidebar: only sections that exist, and only those the user may open;
and `can_user()`, so pages hide what the guard would refuse."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from signage.access.matrix import Permission, can
from signage.notifications.service import unread_count
from signage.web.console.blueprint import bp


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # lazy: each request reads it in its own language
    endpoint: str
    permission: Permission


NAV = (
    NavItem("overview", _l("Overview"), "admin.overview", Permission.CONSOLE),
    NavItem("monitoring", _l("Monitoring"), "admin.monitoring", Permission.SCREENS_READ),
    NavItem("screens", _l("Screens"), "admin.screens", Permission.SCREENS_READ),
    NavItem("sites", _l("Sites"), "admin.sites", Permission.SITES_READ),
    NavItem("media", _l("Media"), "admin.media_library", Permission.MEDIA_READ),
    NavItem("datasources", _l("Data sources"), "admin.datasources", Permission.DATASOURCES_READ),
    NavItem("templates", _l("Templates"), "admin.templates", Permission.TEMPLATES_READ),
    NavItem("playlists", _l("Playlists"), "admin.playlists", Permission.PLAYLISTS_READ),
    NavItem("schedules", _l("Schedules"), "admin.schedules", Permission.SCHEDULES_READ),
    NavItem("alerts", _l("Alerts"), "admin.alerts", Permission.ALERTS_READ),
    NavItem("reports", _l("Reports"), "admin.reports_page", Permission.REPORTS_READ),
    NavItem("users", _l("Users"), "admin.users", Permission.USERS_MANAGE),
    NavItem("audit", _l("Audit log"), "admin.audit_page", Permission.AUDIT_READ),
)


@bp.app_context_processor
def _navigation() -> dict[str, object]:
    def console_nav() -> list[dict[str, str]]:
        if not current_user.is_authenticated:
            return []
        return [
            {"key": item.key, "label": str(item.label), "url": url_for(item.endpoint)}
            for item in NAV
            if can(current_user.role, item.permission)
        ]

    def can_user(permission: Permission | str) -> bool:
        """For templates: show a form or button only to roles whose request the guard accepts."""
        return current_user.is_authenticated and can(current_user.role, permission)

    def unread_notifications() -> int:
        return unread_count(current_user.id) if current_user.is_authenticated else 0

    return {"console_nav": console_nav, "can_user": can_user, "unread_notifications": unread_notifications}
