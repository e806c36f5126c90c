"""What the data source pages, the API and the player read. One read path for every face: a
list is a Select (the API pages it with `paginate`, the console with its pager), the rest
rows. Plain parameters in; nothing here reads the request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, func, select

from signage.content.queries import is_scheduled_for
from signage.extensions import db
from signage.models import DataSource, Media, PlaylistItem, Screen

NAMED_IN_MESSAGE = 10


def sources_query(term: str | None = None) -> Select[Any]:
    """Data sources by name (case-insensitive); `term` in the name."""
    query = select(DataSource).order_by(func.lower(DataSource.name), DataSource.id)
    if term:
        query = query.where(DataSource.name.icontains(term, autoescape=True))
    return query


def media_using(source_id: int, limit: int = NAMED_IN_MESSAGE) -> tuple[list[tuple[int, str]], int]:
    """(id, name) of the first `limit` media reading the source, by name, and how many do."""
    query = select(Media.id, Media.name).where(Media.data_source_id == source_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    first = db.session.execute(query.order_by(func.lower(Media.name), Media.id).limit(limit)).all()
    return [(row.id, row.name) for row in first], total


def is_read_by(source_id: int, screen: Screen) -> bool:
    """Whether a playlist scheduled (past, present or future) for the screen has a media
    reading the source."""
    playlist_ids = db.session.scalars(
        select(PlaylistItem.playlist_id)
        .join(Media, Media.id == PlaylistItem.media_id)
        .where(Media.data_source_id == source_id)
        .distinct()
    )
    return any(is_scheduled_for(playlist_id, screen) for playlist_id in playlist_ids)


def is_read_in(source_id: int, playlist_id: int) -> bool:
    """Whether one of the playlist's media reads the source (what its console preview may read)."""
    return bool(
        db.session.scalar(
            select(
                exists()
                .where(PlaylistItem.playlist_id == playlist_id)
                .where(Media.id == PlaylistItem.media_id)
                .where(Media.data_source_id == source_id)
            )
        )
    )
