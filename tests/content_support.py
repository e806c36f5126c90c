"""Rows for the content tests: media (without files), templates, playlists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from signage.extensions import db
from signage.models import EncodingStatus, Media, MediaType, Playlist, PlaylistItem, Template

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]
WITH_TICKER = [
    {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 90},
    {"id": "ticker", "type": "TICKER", "x": 0, "y": 90, "width": 100, "height": 10},
    {"id": "clock", "type": "CLOCK", "x": 80, "y": 0, "width": 20, "height": 10, "zIndex": 2},
]


def make_media(
    app: Any,
    name: str = "Poster",
    kind: str = "IMAGE",
    status: str = "DONE",
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    **fields: Any,
) -> int:
    with app.app_context():
        media = Media(
            name=name,
            type=MediaType(kind),
            encoding_status=EncodingStatus(status),
            valid_from=valid_from,
            valid_until=valid_until,
            **fields,
        )
        db.session.add(media)
        db.session.commit()
        return media.id


def make_template(app: Any, zones: list[dict[str, Any]] | None = None, name: str = "Layout") -> int:
    from signage.content.zones import normalise

    with app.app_context():
        template = Template(name=name, zones=normalise(zones or FULL))
        db.session.add(template)
        db.session.commit()
        return template.id


def make_playlist(
    app: Any, template_id: int, media_ids: list[int], zone: str = "main", name: str = "Loop"
) -> int:
    with app.app_context():
        playlist = Playlist(name=name, template_id=template_id)
        playlist.items = [PlaylistItem(media_id=m, zone_id=zone, order=i) for i, m in enumerate(media_ids)]
        db.session.add(playlist)
        db.session.commit()
        return playlist.id
