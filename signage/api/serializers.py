"""ORM objects to the JSON of the API: camelCase keys, string ids, UTC `Z` times."""

from __future__ import annotations

from typing import Any

from signage.api.http import iso
from signage.media.urls import media_url, page_urls, thumbnail_url
from signage.models import Media, Screen, ScreenGroup, Site, User


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "createdAt": iso(user.created_at),
        "lastLoginAt": iso(user.last_login_at),
    }


def _ref(value: int | None) -> str | None:
    return None if value is None else str(value)


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
        "groupId": _ref(screen.group_id),
        "status": screen.status.value,
        "lastSeen": iso(screen.last_seen),
        "resolution": screen.resolution,
        "orientation": screen.orientation.value,
        "playerVersion": screen.player_version,
        "ipAddress": screen.ip_address,
        "uptime": screen.uptime,
        "currentPlaylistId": _ref(screen.current_playlist_id),
        "currentMediaName": screen.current_media_name,
        "lastScreenshotAt": iso(screen.last_screenshot_at),
        "createdAt": iso(screen.created_at),
        "activated": screen.player_jwt_hash is not None and not screen.player_jwt_blacklisted,
        "revoked": screen.player_jwt_blacklisted,
    }


def media_json(media: Media) -> dict[str, Any]:
    """`pages` lists a PDF's pages as image URLs once processed (empty for other types)."""
    return {
        "id": str(media.id),
        "name": media.name,
        "type": media.type.value,
        "url": media_url(media),
        "thumbnailUrl": thumbnail_url(media),
        "pages": page_urls(media),
        "mimeType": media.mime_type,
        "fileSize": media.file_size,
        "duration": media.duration,
        "width": media.width,
        "height": media.height,
        "encodingStatus": media.encoding_status.value,
        "encodingError": media.encoding_error,
        "tags": list(media.tags or []),
        "dataSourceId": _ref(media.data_source_id),
        "validFrom": iso(media.valid_from),
        "validUntil": iso(media.valid_until),
        "createdAt": iso(media.created_at),
        "updatedAt": iso(media.updated_at),
        "createdBy": _ref(media.created_by),
    }
