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

from signage.access.matrix import Permission
from signage.models import Screen, ScreenStatus
from signage.monitoring.player_versions import is_older
from signage.monitoring.queries import (
    fleet_scope,
    monitored_screens,
    offline_alarms,
    playlist_names,
    screen_statuses,
)
from signage.monitoring.status_rules import offline_for, offline_too_long
from signage.web.console.blueprint import bp
from signage.web.console.fleet_choices import group_choices, site_choices
from signage.web.console.paging import page_of
from signage.web.guard import requires

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
    scope = fleet_scope(filters["site"], filters["group"])
    # Every screen in scope, id → status: the script keeps the counts right when a screen
    # that is not on this page changes; the counts are read from the same rows.
    statuses = screen_statuses(scope)
    by_status = Counter(statuses.values())
    counts = {value: by_status[value] for value in STATUSES}
    alarms = offline_alarms(scope, now, ALARM_AFTER)
    page = page_of(monitored_screens(scope, ScreenStatus(filters["status"]) if filters["status"] else None))
    playlists = playlist_names({s.current_playlist_id for s in page.items if s.current_playlist_id})
    return render_template(
        "admin/monitoring.html",
        page=page,
        rows=[_row(screen, playlists, now, version) for screen in page.items],
        counts=counts,
        total=sum(counts.values()),
        alarms=alarms,
        statuses=statuses,
        filters=filters,
        status_choices=STATUSES,
        sites=site_choices(),
        groups=group_choices()[1:],  # the filter adds its own "Any group"
        current_version=version,
        alarm_seconds=int(ALARM_AFTER.total_seconds()),
    )
