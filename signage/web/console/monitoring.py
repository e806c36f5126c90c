"""/admin/monitoring: the fleet live (spec, prompt 4). Read: every role; commands: ADMIN.

Built for 5,000 screens: one page of rows at a time, problems first; counts from the id and
status of every screen in scope (which the script needs anyway); every number comes from
the screens table, never from heartbeats. The page's script (static/console/src/monitoring.js)
keeps rows and counts live from `admin:screen_status` and sends commands through the API.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, render_template, request
from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.orm import joinedload

from signage.access.matrix import Permission
from signage.extensions import db
from signage.fleet.store import by_name
from signage.models import Playlist, Screen, ScreenStatus
from signage.monitoring.player_versions import is_older
from signage.monitoring.status_rules import SEVERITY, offline_for, offline_too_long
from signage.web.console.blueprint import bp
from signage.web.console.fleet_choices import group_choices, site_choices
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import parse_id

STATUSES = [s.value for s in ScreenStatus]
# The spec's red badge: offline for more than five minutes.
ALARM_AFTER = timedelta(minutes=5)


def _filters() -> dict[str, str]:
    status = request.args.get("status", "")
    return {
        "site": request.args.get("site", ""),
        "group": request.args.get("group", ""),
        "status": status if status in STATUSES else "",
    }


def _scope(filters: dict[str, str]) -> ColumnElement[bool]:
    """Site and group: what the counts cover. A value naming nothing matches nothing."""
    clauses: list[ColumnElement[bool]] = [true()]
    if filters["site"]:
        clauses.append(Screen.site_id == (parse_id(filters["site"]) or 0))
    if filters["group"]:
        clauses.append(Screen.group_id == (parse_id(filters["group"]) or 0))
    return and_(*clauses)


def _row(screen: Screen, playlists: dict[int, str], now: datetime, version: str) -> dict[str, Any]:
    status = screen.status.value
    return {
        "screen": screen,
        "playlist": playlists.get(screen.current_playlist_id or 0),
        "alarm": offline_too_long(status, screen.last_seen, now, ALARM_AFTER),
        "offline_for": offline_for(status, screen.last_seen, now),
        "update_available": is_older(screen.player_version, version),
    }


@bp.get("/monitoring")
@requires(Permission.SCREENS_READ)
def monitoring():
    now = datetime.now(UTC)
    version = current_app.config["SIGNAGE"].current_player_version
    filters = _filters()
    scope = _scope(filters)
    # Every screen in scope, id → status: the script keeps the counts right when a screen
    # that is not on this page changes (two short columns of an indexed table); the counts
    # are read from the same rows.
    statuses = {
        str(screen_id): status.value
        for screen_id, status in db.session.execute(select(Screen.id, Screen.status).where(scope)).tuples()
    }
    by_status = Counter(statuses.values())
    counts = {value: by_status[value] for value in STATUSES}
    alarms = db.session.scalar(
        select(func.count())
        .select_from(Screen)
        .where(
            scope,
            Screen.status == ScreenStatus.OFFLINE,
            or_(Screen.last_seen.is_(None), Screen.last_seen < now - ALARM_AFTER),
        )
    )
    severity = case(
        {value: rank for rank, value in enumerate(SEVERITY)}, value=Screen.status, else_=len(SEVERITY)
    )
    query = (
        select(Screen)
        .options(joinedload(Screen.site), joinedload(Screen.group))
        .where(scope)
        .order_by(severity, *by_name(Screen))
    )
    if filters["status"]:
        query = query.where(Screen.status == ScreenStatus(filters["status"]))
    page = page_of(query)
    playing = {s.current_playlist_id for s in page.items if s.current_playlist_id}
    playlists = (
        dict(
            db.session.execute(select(Playlist.id, Playlist.name).where(Playlist.id.in_(playing)))
            .tuples()
            .all()
        )
        if playing
        else {}
    )
    return render_template(
        "admin/monitoring.html",
        page=page,
        rows=[_row(screen, playlists, now, version) for screen in page.items],
        counts=counts,
        total=sum(counts.values()),
        alarms=alarms or 0,
        statuses=statuses,
        filters=filters,
        status_choices=STATUSES,
        sites=site_choices(),
        groups=group_choices()[1:],  # the filter adds its own "Any group"
        current_version=version,
        alarm_seconds=int(ALARM_AFTER.total_seconds()),
    )
