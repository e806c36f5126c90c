"""What the content pages, the API and the player read: the media library, templates and
playlists. One read path for every face: a list is a Select (the API pages it with
`paginate`, the console with its pager), the rest rows. Plain parameters in; nothing here
reads the request."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, String, cast, exists, func, or_, select

from signage.core.errors import InvalidData
from signage.core.validation import must_be_one_of
from signage.extensions import db
from signage.models import Media, Playlist, PlaylistItem, Schedule, ScheduleTarget, Screen, Template
from signage.models.enums import MediaType
from signage.models.filters import id_is

TYPES = tuple(MediaType.__members__)
# A media's validity window at an instant: what the library's filter and badges say.
VALIDITIES = ("current", "expired", "upcoming")


def library_query(
    kind: str | None = None,
    tag: str | None = None,
    term: str | None = None,
    *,
    validity: str | None = None,
    at: datetime | None = None,
) -> Select[Any]:
    """The media library, newest first; `kind` a media type, `tag` exact (case-insensitive
    for ASCII letters: other letters are stored escaped), `term` in the name, `validity` one
    of VALIDITIES at `at` (default now)."""
    query = select(Media).order_by(Media.created_at.desc(), Media.id.desc())
    if validity:
        if validity not in VALIDITIES:
            raise InvalidData({"validity": must_be_one_of(VALIDITIES)})
        at = at or datetime.now(UTC)
        if validity == "expired":
            query = query.where(Media.valid_until.is_not(None), Media.valid_until <= at)
        elif validity == "upcoming":
            query = query.where(Media.valid_from.is_not(None), Media.valid_from > at)
        else:
            query = query.where(
                or_(Media.valid_from.is_(None), Media.valid_from <= at),
                or_(Media.valid_until.is_(None), Media.valid_until > at),
            )
    if kind:
        if kind not in TYPES:
            raise InvalidData({"type": must_be_one_of(TYPES)})
        query = query.where(Media.type == MediaType(kind))
    tag = (tag or "").strip()
    if tag:
        # Tags are a JSON array: its text holds the tag quoted exactly as json.dumps writes it
        # (non-ASCII escaped), which works the same on SQLite and PostgreSQL.
        needle = json.dumps(tag)
        query = query.where(cast(Media.tags, String).icontains(needle, autoescape=True))
    if term:
        query = query.where(Media.name.icontains(term, autoescape=True))
    return query


def playlists_using(media: Media) -> list[tuple[int, str]]:
    """(id, name) of the playlists with an item showing the media, by name."""
    rows = db.session.execute(
        select(Playlist.id, Playlist.name)
        .join(PlaylistItem, PlaylistItem.playlist_id == Playlist.id)
        .where(PlaylistItem.media_id == media.id)
        .distinct()
        .order_by(Playlist.name, Playlist.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def templates_query(term: str | None = None) -> Select[Any]:
    """Templates by name; `term` in the name."""
    query = select(Template).order_by(Template.name, Template.id)
    if term:
        query = query.where(Template.name.icontains(term, autoescape=True))
    return query


def template_options() -> Sequence[Template]:
    """Every template, by name: what a playlist may be laid out on."""
    return db.session.scalars(select(Template).order_by(Template.name)).all()


def playlist_counts(template_ids: list[int]) -> dict[int, int]:
    """How many playlists use each template (absent: none)."""
    if not template_ids:
        return {}
    rows = db.session.execute(
        select(Playlist.template_id, func.count())
        .where(Playlist.template_id.in_(template_ids))
        .group_by(Playlist.template_id)
    ).all()
    return {template_id: count for template_id, count in rows}


def playlists_query(term: str | None = None, template_id: str | None = None) -> Select[Any]:
    """Playlists by name; `term` in the name; `template_id` as a client sent it: ids are
    opaque to clients, so a value that cannot be an id matches nothing rather than being an
    error (absent or empty: no filter)."""
    query = select(Playlist).order_by(Playlist.name, Playlist.id)
    if term:
        query = query.where(Playlist.name.icontains(term, autoescape=True))
    if (same_template := id_is(Playlist.template_id, template_id)) is not None:
        query = query.where(same_template)
    return query


def playlists_on(template: Template) -> Sequence[Playlist]:
    """The playlists laid out on the template, by name."""
    return db.session.scalars(
        select(Playlist).where(Playlist.template_id == template.id).order_by(Playlist.name)
    ).all()


def is_scheduled_for(playlist_id: int, screen: Screen) -> bool:
    """Whether any schedule (past, present or future) plays the playlist on this screen, so
    a player may fetch what its `upcoming` list announces, and nothing else."""
    targets = [(Schedule.target_type == ScheduleTarget.SCREEN) & (Schedule.target_id == screen.id)]
    if screen.group_id is not None:
        targets.append(
            (Schedule.target_type == ScheduleTarget.GROUP) & (Schedule.target_id == screen.group_id)
        )
    query = select(exists().where(Schedule.playlist_id == playlist_id, or_(*targets)))
    return bool(db.session.scalar(query))
