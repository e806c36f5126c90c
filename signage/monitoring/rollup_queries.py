"""Reports read from the daily rollups (issue 17): availability and plays by local day, over
any period the rollups keep (400 days by default), fast on a month of a site whatever the
number of raw plays."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, select

from signage.extensions import db
from signage.models import Media, PlayDay, Screen, ScreenDay, ScreenIncident
from signage.monitoring.rollup_rules import day_bounds, percent


@dataclass(frozen=True)
class Scope:
    """Which screens and days: local dates [first, last] in each screen's own zone."""

    first: date
    last: date
    site_id: int | None = None
    screen_id: int | None = None

    def screens(self) -> ColumnElement[bool]:
        clauses = []
        if self.site_id is not None:
            clauses.append(Screen.site_id == self.site_id)
        if self.screen_id is not None:
            clauses.append(Screen.id == self.screen_id)
        return and_(True, *clauses)


@dataclass
class ScreenAvailability:
    screen_id: int
    name: str
    site_id: int
    online_seconds: float = 0.0
    covered_seconds: int = 0
    heartbeats: int = 0
    plays: int = 0
    errors: int = 0
    incidents: int = 0
    longest_outage_seconds: int = 0

    @property
    def uptime_percent(self) -> float:
        return percent(self.online_seconds, self.covered_seconds)


@dataclass
class Availability:
    screens: list[ScreenAvailability]
    days: list[tuple[date, float, int]] = field(default_factory=list)  # (day, online, covered)


def availability(scope: Scope, now: datetime) -> Availability:
    chosen = select(Screen.id, Screen.name, Screen.site_id).where(scope.screens())
    screens = {
        row.id: ScreenAvailability(row.id, row.name, row.site_id)
        for row in db.session.execute(chosen.order_by(Screen.name, Screen.id))
    }
    by_day: dict[date, list[float]] = defaultdict(lambda: [0.0, 0])
    zones: dict[int, str] = {}
    rows = db.session.scalars(
        select(ScreenDay).where(
            ScreenDay.screen_id.in_(list(screens)), ScreenDay.day >= scope.first, ScreenDay.day <= scope.last
        )
    )
    for row in rows:
        item = screens[row.screen_id]
        item.online_seconds += row.online_seconds
        item.covered_seconds += row.length_seconds
        item.heartbeats += row.heartbeats
        item.plays += row.plays
        item.errors += row.errors
        zones[row.screen_id] = row.zone
        by_day[row.day][0] += row.online_seconds
        by_day[row.day][1] += row.length_seconds
    for screen_id, zone in zones.items():
        start, _ = day_bounds(scope.first, zone)
        _, end = day_bounds(scope.last, zone)
        outages = db.session.execute(
            select(ScreenIncident.started_at, ScreenIncident.recovered_at).where(
                ScreenIncident.screen_id == screen_id,
                ScreenIncident.started_at < end,
                func.coalesce(ScreenIncident.recovered_at, now) > start,
            )
        ).all()
        item = screens[screen_id]
        item.incidents = len(outages)
        for began, ended in outages:
            length = (min(ended or now, end, now) - max(began, start)).total_seconds()
            item.longest_outage_seconds = max(item.longest_outage_seconds, int(length))
    days = [(day, online, int(covered)) for day, (online, covered) in sorted(by_day.items())]
    return Availability(list(screens.values()), days)


@dataclass(frozen=True)
class Plays:
    days: list[tuple[date, int, float]]
    top_media: list[tuple[int | None, str, int, float]]
    by_screen: list[tuple[int, str, int, float]]


def plays(scope: Scope, media_id: int | None = None, playlist_id: int | None = None, top: int = 10) -> Plays:
    where = [PlayDay.day >= scope.first, PlayDay.day <= scope.last]
    if media_id is not None:
        where.append(PlayDay.media_id == media_id)
    if playlist_id is not None:
        where.append(PlayDay.playlist_id == playlist_id)
    base = (
        select(PlayDay).join(Screen, Screen.id == PlayDay.screen_id).where(scope.screens(), *where).subquery()
    )
    total, seconds = func.sum(base.c.plays), func.sum(base.c.seconds)
    by_day = select(base.c.day, total, seconds).group_by(base.c.day).order_by(base.c.day)
    days = db.session.execute(by_day).all()
    media = db.session.execute(
        select(base.c.media_id, Media.name, total, seconds)
        .join(Media, Media.id == base.c.media_id, isouter=True)
        .group_by(base.c.media_id, Media.name)
        .order_by(total.desc(), base.c.media_id)
        .limit(top)
    ).all()
    screens = db.session.execute(
        select(base.c.screen_id, Screen.name, total, seconds)
        .join(Screen, Screen.id == base.c.screen_id)
        .group_by(base.c.screen_id, Screen.name)
        .order_by(total.desc(), base.c.screen_id)
    ).all()
    return Plays(
        [(d, int(n), float(s)) for d, n, s in days],
        [(m, name or "", int(n), float(s)) for m, name, n, s in media],
        [(sid, name, int(n), float(s)) for sid, name, n, s in screens],
    )
