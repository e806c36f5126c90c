"""Sites, groups and screens as the API and the console's socket show them: camelCase keys,
string ids, UTC `Z` times. Never a screen's activation token nor its JWT digest: both let a
device pass for the screen."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from signage.core.wire import iso, ref
from signage.models import Screen, ScreenGroup, ScreenStatus, Site


def site_json(site: Site) -> dict[str, Any]:
    """Counts come from the relationships: list queries preload their ids (selectinload)."""
    return {
        "id": str(site.id),
        "name": site.name,
        "city": site.city,
        "address": site.address,
        "timezone": site.timezone,
        "locale": site.locale,
        "contactName": site.contact_name,
        "contactEmail": site.contact_email,
        "createdAt": iso(site.created_at),
        "screenCount": len(site.screens),
        "groupCount": len(site.groups),
    }


def group_json(group: ScreenGroup) -> dict[str, Any]:
    return {
        "id": str(group.id),
        "name": group.name,
        "description": group.description,
        "siteId": str(group.site_id),
        "screenCount": len(group.screens),
        "screenshotIntervalMinutes": group.screenshot_interval_minutes,
    }


def screen_json(screen: Screen) -> dict[str, Any]:
    return {
        "id": str(screen.id),
        "name": screen.name,
        "description": screen.description,
        "siteId": str(screen.site_id),
        "groupId": ref(screen.group_id),
        "status": screen.status.value,
        "lastSeen": iso(screen.last_seen),
        "resolution": screen.resolution,
        "orientation": screen.orientation.value,
        "playerVersion": screen.player_version,
        "ipAddress": screen.ip_address,
        "uptime": screen.uptime,
        "currentPlaylistId": ref(screen.current_playlist_id),
        "currentMediaName": screen.current_media_name,
        "lastScreenshotAt": iso(screen.last_screenshot_at),
        "createdAt": iso(screen.created_at),
        "activated": screen.player_jwt_hash is not None and not screen.player_jwt_blacklisted,
        "revoked": screen.player_jwt_blacklisted,
        # Messages its player sent beyond its budget (dropped), and when that last happened.
        "droppedMessages": screen.dropped_messages,
        "overBudgetAt": iso(screen.over_budget_at),
    }


class ScreenStatusFields(Protocol):
    """What a status summary reads of a screen: a `Screen`, or the writers' plain rows
    (monitoring.announce.ScreenState)."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> ScreenStatus: ...
    @property
    def last_seen(self) -> datetime | None: ...
    @property
    def current_playlist_id(self) -> int | None: ...
    @property
    def current_media_name(self) -> str | None: ...
    @property
    def uptime(self) -> int | None: ...
    @property
    def player_version(self) -> str | None: ...
    @property
    def resolution(self) -> str | None: ...
    @property
    def dropped_messages(self) -> int: ...
    @property
    def over_budget_at(self) -> datetime | None: ...


def screen_status_json(screen: ScreenStatusFields) -> dict[str, Any]:
    """`admin:screen_status` (a socket connected or dropped, the sweep changed a status): the
    summary the monitoring view needs."""
    return {
        "screenId": str(screen.id),
        "status": screen.status.value,
        "lastSeen": iso(screen.last_seen),
        "currentPlaylistId": ref(screen.current_playlist_id),
        "currentMediaName": screen.current_media_name,
        "uptime": screen.uptime,
        "playerVersion": screen.player_version,
        "droppedMessages": screen.dropped_messages,
        "overBudgetAt": iso(screen.over_budget_at),
    }


def screen_heartbeat_status_json(
    screen: ScreenStatusFields, playlist_name: str | None, update_available: bool
) -> dict[str, Any]:
    """`admin:screen_status` after a heartbeat: the summary above, plus what the monitoring
    page shows and could not know otherwise."""
    return {
        **screen_status_json(screen),
        "currentPlaylistName": playlist_name,
        "resolution": screen.resolution,
        "updateAvailable": update_available,
    }


def activation_json(screen: Screen, token: str, url: str) -> dict[str, Any]:
    """A new activation link: shown once, to the admin who asked for it."""
    return {
        "screenId": str(screen.id),
        "token": token,
        "url": url,
        "expiresAt": iso(screen.activation_token_expires_at),
    }
