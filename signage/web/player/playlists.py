"""GET /api/player/{screenId}/playlist/{id} (CONTRACT §5): a playlist as the player plays it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import g

from signage.content.payloads import item_json, ordered_items, template_json
from signage.content.player_view import is_scheduled_for, playable
from signage.media.urls import media_url, page_urls
from signage.models import Media, MediaType, Playlist, PlaylistItem
from signage.web.errors import ApiError
from signage.web.http import conditional_json, get_or_404
from signage.web.player.blueprint import bp


def _media_json(media: Media) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(media.id),
        "name": media.name,
        "type": media.type.value,
        "url": media_url(media),
        "mimeType": media.mime_type,
        "duration": media.duration,
        # Ours, beyond the contract: feeds are read through the server (see the README).
        "dataSourceId": str(media.data_source_id) if media.data_source_id else None,
    }
    if media.type == MediaType.PDF:
        body["pages"] = page_urls(media)  # the player shows a PDF as slides of these images
    return body


def _item_json(item: PlaylistItem) -> dict[str, Any]:
    return {**item_json(item), "media": _media_json(item.media)}


@bp.get("/<screen_id>/playlist/<playlist_id>")
def player_playlist(screen_id: str, playlist_id: str):
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    if not is_scheduled_for(playlist.id, g.screen):
        raise ApiError(403, "This playlist is not scheduled for this screen.", "forbidden")
    now = datetime.now(UTC)
    template = template_json(playlist.template)
    body = {
        "id": str(playlist.id),
        "name": playlist.name,
        "version": playlist.version,
        "transition": playlist.transition.value,
        "defaultDuration": playlist.default_duration,
        "template": {"id": template["id"], "name": template["name"], "zones": template["zones"]},
        "items": [_item_json(item) for item in ordered_items(playlist) if playable(item.media, now)],
    }
    return conditional_json(body)
