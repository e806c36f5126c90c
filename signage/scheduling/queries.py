"""The reads of schedules, one for the API and the console alike: plain parameters in, a
Select (paged by the caller: `paginate` for the API, the console's pager) or rows out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from signage.extensions import db
from signage.models import Playlist, Schedule, ScheduleTarget, Screen, ScreenGroup
from signage.models.filters import id_is


def schedule_list(
    term: str | None = None,
    target_type: ScheduleTarget | None = None,
    target_id: str | None = None,
    playlist_id: str | None = None,
) -> Select[Any]:
    """By name. `term` searches names; the ids are as clients send them (see signage.models.filters.id_is)."""
    query = select(Schedule).order_by(Schedule.name, Schedule.id)
    if term:
        query = query.where(Schedule.name.icontains(term, autoescape=True))
    if target_type is not None:
        query = query.where(Schedule.target_type == target_type)
    for raw, column in ((target_id, Schedule.target_id), (playlist_id, Schedule.playlist_id)):
        if (condition := id_is(column, raw)) is not None:
            query = query.where(condition)
    return query


def playlist_options() -> list[tuple[str, str]]:
    """(id, name) of every playlist, by name: what a schedule can play."""
    rows = db.session.execute(select(Playlist.id, Playlist.name).order_by(Playlist.name, Playlist.id)).all()
    return [(str(row.id), row.name) for row in rows]


def names_by_kind() -> dict[str, dict[int, str]]:
    """Names of the targets and playlists schedules mention (small tables next to schedules)."""
    return {
        "SCREEN": dict(db.session.execute(select(Screen.id, Screen.name)).tuples().all()),
        "GROUP": dict(db.session.execute(select(ScreenGroup.id, ScreenGroup.name)).tuples().all()),
        "PLAYLIST": dict(db.session.execute(select(Playlist.id, Playlist.name)).tuples().all()),
    }
