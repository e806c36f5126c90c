"""Media, templates and playlists as the API shows them (CONTRACT §1, §4), and a playlist
as a player plays it (CONTRACT §5)."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso, ref
from signage.media.keys import DIGEST_CHARS, is_valid_key
from signage.media.urls import media_url, object_url, page_urls, thumbnail_url
from signage.models import Media, MediaType, Playlist, PlaylistItem, Template


def template_json(template: Template, playlist_count: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(template.id),
        "name": template.name,
        "description": template.description,
        "thumbnailUrl": object_url(template.thumbnail_s3_key) or template.thumbnail_cdn_url,
        "zones": template.zones,
        "canvasWidth": template.canvas_width,
        "canvasHeight": template.canvas_height,
        "createdAt": iso(template.created_at),
        "updatedAt": iso(template.updated_at),
    }
    if playlist_count is not None:
        body["playlistCount"] = playlist_count
    return body


def item_json(item: PlaylistItem) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "mediaId": str(item.media_id),
        "zoneId": item.zone_id,
        "order": item.order,
        "duration": item.duration,
        "transitionIn": item.transition_in.value if item.transition_in else None,
        "transitionOut": item.transition_out.value if item.transition_out else None,
        "fit": item.fit or "contain",
    }


def playlist_json(playlist: Playlist, *, with_items: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(playlist.id),
        "name": playlist.name,
        "description": playlist.description,
        "templateId": str(playlist.template_id),
        "defaultDuration": playlist.default_duration,
        "transition": playlist.transition.value,
        "version": playlist.version,
        "itemCount": len(playlist.items),
        "createdAt": iso(playlist.created_at),
        "updatedAt": iso(playlist.updated_at),
    }
    if with_items:
        body["items"] = [item_json(item) for item in ordered_items(playlist)]
    return body


def ordered_items(playlist: Playlist) -> list[PlaylistItem]:
    """Zone by zone in the template's order, then in play order within each zone."""
    zone_index = {zone["id"]: index for index, zone in enumerate(playlist.template.zones)}
    return sorted(
        playlist.items, key=lambda item: (zone_index.get(item.zone_id, len(zone_index)), item.order)
    )


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
        "dataSourceId": ref(media.data_source_id),
        "validFrom": iso(media.valid_from),
        "validUntil": iso(media.valid_until),
        "createdAt": iso(media.created_at),
        "updatedAt": iso(media.updated_at),
        "createdBy": ref(media.created_by),
        "framing": framing_json(media),
    }


def framing_json(media: Media) -> dict[str, Any] | None:
    """A web page's answer to being framed, as last checked (null before the first check and
    for other types): `status` ALLOWED | REFUSED | UNKNOWN, `reason` the header or the error."""
    if media.type != MediaType.WEBPAGE or media.framing_status is None:
        return None
    return {
        "status": media.framing_status,
        "reason": media.framing_reason,
        "checkedAt": iso(media.framing_checked_at),
    }


def _stored_digest(media: Media) -> str | None:
    """A stored image's or video's SHA-256: in full when the row keeps it, else the prefix its
    key carries (signage.media.keys), for files stored before."""
    key = media.s3_key
    if media.type not in (MediaType.IMAGE, MediaType.VIDEO) or not key:
        return None
    if media.sha256:
        return media.sha256
    if not is_valid_key(key):
        return None
    return key.rsplit("/", 1)[1].split(".", 1)[0][-DIGEST_CHARS:]


def player_media_json(media: Media) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(media.id),
        "name": media.name,
        "type": media.type.value,
        "url": media_url(media),
        "mimeType": media.mime_type,
        "duration": media.duration,
        # For the player's media cache (CONTRACT §13): the file's size, and its SHA-256 (in
        # full; older rows: the first 32 hex digits their key carries): a copy whose digest
        # does not start with it is damaged.
        "fileSize": media.file_size,
        "sha256": _stored_digest(media),
        # Ours, beyond the contract: feeds are read through the server (see the README).
        "dataSourceId": str(media.data_source_id) if media.data_source_id else None,
    }
    source = media.data_source if media.data_source_id else None
    if source is not None:
        # Which field of the source's records a ticker shows as title, text and image (null:
        # a feed's item titles), as signage.datasources.fields maps them.
        # (signage.datasources.fields.mapping_of's shape; content may not import datasources.)
        fields = {"title": source.title_field, "text": source.text_field, "image": source.image_field}
        body["dataFields"] = fields if any(fields.values()) else None
    if media.type == MediaType.WEBPAGE:
        # The page refuses our frame: the player shows «Contenu indisponible» and moves on.
        body["frameRefused"] = media.framing_status == "REFUSED"
    if media.type == MediaType.PDF:
        body["pages"] = page_urls(media)  # the player shows a PDF as slides of these images
    return body


def player_item_json(item: PlaylistItem) -> dict[str, Any]:
    return {**item_json(item), "media": player_media_json(item.media)}


def player_playlist_json(playlist: Playlist, items: list[PlaylistItem]) -> dict[str, Any]:
    """The playlist with the `items` a screen may show (see signage.content.player_view)."""
    template = template_json(playlist.template)
    return {
        "id": str(playlist.id),
        "name": playlist.name,
        "version": playlist.version,
        "transition": playlist.transition.value,
        "defaultDuration": playlist.default_duration,
        "template": {"id": template["id"], "name": template["name"], "zones": template["zones"]},
        "items": [player_item_json(item) for item in items],
    }
