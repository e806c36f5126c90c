"""Sites, groups and screens as the API shows them: camelCase keys, string ids, UTC `Z` times."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso, ref
from signage.models import Screen, ScreenGroup, Site


def site_json(site: Site) -> dict[str, Any]:
    """Counts come from the relationships: list queries preload their ids (selectinload)."""
    return {
        "id": str(site.id),
        "name": site.name,
        "city": site.city,
        "address": site.address,
        "timezone": site.timezone,
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
    }


def screen_json(screen: Screen) -> dict[str, Any]:
    # Never the activation token nor the JWT digest: both let a device pass for this screen.
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
    }
