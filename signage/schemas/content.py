"""Media, templates and playlists (CONTRACT §4, §8), and a playlist as a player plays it
(CONTRACT §5); signage.content.payloads builds them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from signage.models.enums import EncodingStatus, MediaType, Transition
from signage.schemas.base import Answer, Id, Instant, absent
from signage.schemas.sources import DataFields

Zone = dict[str, Any]  # signage.content.zones checks them: id, name, type, x, y, width, height...


class Framing(Answer):
    """A web page's answer to being framed, as last checked."""

    status: Literal["ALLOWED", "REFUSED", "UNKNOWN"]
    reason: str | None
    checked_at: Instant | None


class Media(Answer):
    id: Id
    name: str
    type: MediaType
    url: str | None
    thumbnail_url: str | None
    pages: list[str] = Field(description="a processed PDF's pages as image URLs")
    mime_type: str | None
    file_size: int | None
    duration: float | None
    width: int | None
    height: int | None
    encoding_status: EncodingStatus
    encoding_error: str | None
    tags: list[str]
    data_source_id: Id | None
    valid_from: Instant | None
    valid_until: Instant | None
    created_at: Instant
    updated_at: Instant
    created_by: Id | None
    framing: Framing | None = Field(description="web pages only, once checked")


class Template(Answer):
    id: Id
    name: str
    description: str
    thumbnail_url: str | None
    zones: list[Zone]
    canvas_width: int = Field(description="the resolution the layout is drawn for, in pixels")
    canvas_height: int
    created_at: Instant
    updated_at: Instant
    playlist_count: int


class PlaylistItem(Answer):
    id: Id
    media_id: Id
    zone_id: str
    order: int
    duration: int | None
    transition_in: Transition | None
    transition_out: Transition | None
    fit: str


class PlaylistSummary(Answer):
    """A playlist in a list: without its items."""

    id: Id
    name: str
    description: str
    template_id: Id
    default_duration: int
    transition: Transition
    version: int
    item_count: int
    created_at: Instant
    updated_at: Instant


class Playlist(PlaylistSummary):
    items: list[PlaylistItem] = Field(description="zone by zone, in play order")


class PlayerMedia(Answer):
    id: Id
    name: str
    type: MediaType
    url: str | None
    mime_type: str | None
    duration: float | None
    file_size: int | None
    sha256: str | None = Field(description="the file's SHA-256, or the prefix its key carries")
    data_source_id: Id | None
    data_fields: DataFields | None = absent(
        "media reading a data source: which record field a ticker shows as title, text and image "
        "(null: a feed's item titles)"
    )
    frame_refused: bool = absent()
    pages: list[str] = absent()


class PlayerItem(PlaylistItem):
    media: PlayerMedia


class PlayerTemplate(Answer):
    id: Id
    name: str
    zones: list[Zone]


class PlayerPlaylist(Answer):
    """The items a screen may show now (validity dates, processed media)."""

    id: Id
    name: str
    version: int
    transition: Transition
    default_duration: int
    template: PlayerTemplate
    items: list[PlayerItem]
