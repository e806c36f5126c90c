"""The reads of monitoring, one for the API and the console alike: the fleet's state, a
screen's commands, screenshots and heartbeats, the plays and screens the reports cover.
Plain parameters in (ids as clients send them, see signage.models.filters.id_is), a Select
(paged by the caller: `paginate` for the API, the console's pager) or rows out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, select, true
from sqlalchemy.orm import joinedload

from signage.extensions import db
from signage.fleet.store import by_name
from signage.models import (
    Media,
    Playlist,
    ProofOfPlay,
    Schedule,
    Screen,
    ScreenCommand,
    ScreenGroup,
    ScreenHeartbeat,
    ScreenScreenshot,
    ScreenStatus,
    Site,
)
from signage.models.filters import id_is
from signage.monitoring.status_rules import SEVERITY

# A screen's commands and screenshots, newest first: the API pages them, the screen's page
# shows the first few.


def screen_commands(screen_id: int) -> Select[Any]:
    return (
        select(ScreenCommand)
        .where(ScreenCommand.screen_id == screen_id)
        .order_by(ScreenCommand.created_at.desc(), ScreenCommand.id.desc())
    )


def screen_screenshots(screen_id: int) -> Select[Any]:
    return (
        select(ScreenScreenshot)
        .where(ScreenScreenshot.screen_id == screen_id)
        .order_by(ScreenScreenshot.taken_at.desc(), ScreenScreenshot.id.desc())
    )


def latest_commands(screen_id: int, limit: int) -> list[ScreenCommand]:
    return list(db.session.scalars(screen_commands(screen_id).limit(limit)).all())


def latest_screenshot(screen_id: int) -> ScreenScreenshot | None:
    return db.session.scalar(screen_screenshots(screen_id).limit(1))


def recent_heartbeats(screen_id: int, since: datetime, limit: int) -> list[Row[Any]]:
    """The screen's newest `limit` heartbeats since `since`, oldest first (the columns the
    screen's page draws, never the whole row)."""
    rows = db.session.execute(
        select(
            ScreenHeartbeat.timestamp,
            ScreenHeartbeat.is_visible,
            ScreenHeartbeat.error_message,
            ScreenHeartbeat.memory_usage_mb,
            ScreenHeartbeat.uptime,
            ScreenHeartbeat.connection_type,
            ScreenHeartbeat.current_media_name,
        )
        .where(ScreenHeartbeat.screen_id == screen_id, ScreenHeartbeat.timestamp >= since)
        .order_by(ScreenHeartbeat.timestamp.desc())
        .limit(limit)
    ).all()
    return list(reversed(rows))


# The fleet live (the monitoring page): a scope of site and group, counted from the screens
# table only, never from heartbeats.


def fleet_scope(site_id: str | None = None, group_id: str | None = None) -> ColumnElement[bool]:
    """Site and group: what the counts cover. A value naming nothing matches nothing."""
    clauses: list[ColumnElement[bool]] = [true()]
    for column, raw in ((Screen.site_id, site_id), (Screen.group_id, group_id)):
        if (condition := id_is(column, raw)) is not None:
            clauses.append(condition)
    return and_(*clauses)


def screen_statuses(scope: ColumnElement[bool]) -> dict[str, str]:
    """Every screen in scope, id → status (two short columns of an indexed table)."""
    return {
        str(screen_id): status.value
        for screen_id, status in db.session.execute(select(Screen.id, Screen.status).where(scope)).tuples()
    }


def offline_alarms(scope: ColumnElement[bool], now: datetime, after: timedelta) -> int:
    """Screens in scope OFFLINE for more than `after` (one never seen is not activated yet:
    no alarm, as status_rules.offline_too_long says)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Screen)
            .where(
                scope,
                Screen.status == ScreenStatus.OFFLINE,
                Screen.last_seen < now - after,
            )
        )
        or 0
    )


def monitored_screens(scope: ColumnElement[bool], status: ScreenStatus | None = None) -> Select[Any]:
    """Screens in scope with their site and group, problems first, then by name."""
    severity = case(
        {value: rank for rank, value in enumerate(SEVERITY)}, value=Screen.status, else_=len(SEVERITY)
    )
    query = (
        select(Screen)
        .options(joinedload(Screen.site), joinedload(Screen.group))
        .where(scope)
        .order_by(severity, *by_name(Screen))
    )
    if status is not None:
        query = query.where(Screen.status == status)
    return query


def playlist_names(ids: set[int]) -> dict[int, str]:
    """id → name of these playlists; no query when there are none."""
    if not ids:
        return {}
    return dict(
        db.session.execute(select(Playlist.id, Playlist.name).where(Playlist.id.in_(ids))).tuples().all()
    )


def screens_by_status() -> dict[ScreenStatus, int]:
    return dict(
        db.session.execute(select(Screen.status, func.count()).group_by(Screen.status)).tuples().all()
    )


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def library_counts() -> dict[str, int]:
    """How many sites, groups, media, playlists and schedules there are (the overview)."""
    return {
        "sites": _count(Site),
        "groups": _count(ScreenGroup),
        "media": _count(Media),
        "playlists": _count(Playlist),
        "schedules": _count(Schedule),
    }


# The reports.


def plays(
    *,
    screen_id: str | None = None,
    media_id: str | None = None,
    playlist_id: str | None = None,
    site_id: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Select[Any]:
    """Plays in [start, end) with the names of what they mention (null once deleted), newest
    first."""
    where: list[ColumnElement[bool]] = [
        clause
        for clause in (
            id_is(ProofOfPlay.screen_id, screen_id),
            id_is(ProofOfPlay.media_id, media_id),
            id_is(ProofOfPlay.playlist_id, playlist_id),
            id_is(Screen.site_id, site_id),
        )
        if clause is not None
    ]
    if start is not None:
        where.append(ProofOfPlay.played_at >= start)
    if end is not None:
        where.append(ProofOfPlay.played_at < end)
    return (
        select(
            ProofOfPlay,
            Screen.name.label("screen_name"),
            Screen.site_id.label("site_id"),
            Site.name.label("site_name"),
            Media.name.label("media_name"),
            Playlist.name.label("playlist_name"),
        )
        .outerjoin(Screen, Screen.id == ProofOfPlay.screen_id)
        .outerjoin(Site, Site.id == Screen.site_id)
        .outerjoin(Media, Media.id == ProofOfPlay.media_id)
        .outerjoin(Playlist, Playlist.id == ProofOfPlay.playlist_id)
        .where(*where)
        .order_by(ProofOfPlay.played_at.desc(), ProofOfPlay.id.desc())
    )


def screens_by_name(site_id: str | None = None) -> Select[Any]:
    """Every screen (of one site), by name: the rows of the uptime report."""
    query = select(Screen).order_by(*by_name(Screen))
    if (site := id_is(Screen.site_id, site_id)) is not None:
        query = query.where(site)
    return query
