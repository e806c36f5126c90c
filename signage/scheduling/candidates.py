"""From the database to the engine: a screen's candidate schedules, as rules, and its zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from signage.extensions import db
from signage.fleet.targets import aimed_at
from signage.models import Schedule, ScheduleTarget, Screen, ScreenGroup, Site
from signage.scheduling.windows import ScheduleRule


def _clock(raw: str | None) -> time | None:
    return None if raw is None else time.fromisoformat(raw)


def rule_of(schedule: Schedule) -> ScheduleRule:
    return ScheduleRule(
        id=schedule.id,
        playlist_id=schedule.playlist_id,
        priority=schedule.priority,
        is_interruption=schedule.is_interruption,
        is_recurring=schedule.is_recurring,
        updated_at=schedule.updated_at,
        start_date=schedule.start_date,
        end_date=schedule.end_date,
        start_time=_clock(schedule.start_time),
        end_time=_clock(schedule.end_time),
        days_of_week=frozenset(schedule.days_of_week or ()),
        name=schedule.name,
    )


def zone_of(site: Site) -> ZoneInfo:
    """The site's zone; UTC for a name the tz database no longer knows (sites are checked
    on save, but the system's tz database can change under them)."""
    try:
        return ZoneInfo(site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def schedules_for_screens(screens: Iterable[Screen]) -> dict[int, list[Schedule]]:
    """Each screen's candidates (CONTRACT §7.1: aimed at the screen or at its group), in one query."""
    screens = list(screens)
    result: dict[int, list[Schedule]] = {screen.id: [] for screen in screens}
    condition = aimed_at(Schedule, (s.id for s in screens), (s.group_id for s in screens if s.group_id))
    if condition is None:
        return result
    rows = db.session.scalars(
        select(Schedule).where(condition, Schedule.is_enabled).order_by(Schedule.id)
    ).all()
    for screen in screens:
        result[screen.id] = [
            row
            for row in rows
            if (row.target_type == ScheduleTarget.SCREEN and row.target_id == screen.id)
            or (row.target_type == ScheduleTarget.GROUP and row.target_id == screen.group_id)
        ]
    return result


def candidate_rules(screen: Screen) -> list[ScheduleRule]:
    return [rule_of(row) for row in schedules_for_screens([screen])[screen.id]]


def group_rules(group: ScreenGroup) -> list[ScheduleRule]:
    """The schedules aimed at the group itself (what all its screens share)."""
    condition = aimed_at(Schedule, (), [group.id])
    return [
        rule_of(row)
        for row in db.session.scalars(
            select(Schedule).where(condition, Schedule.is_enabled).order_by(Schedule.id)
        )
    ]


def switched_off_rules(screen_ids: Iterable[int], group_ids: Iterable[int]) -> list[ScheduleRule]:
    """The disabled schedules aimed at these screens or groups: the calendar draws them greyed,
    the engine never sees them."""
    condition = aimed_at(Schedule, screen_ids, group_ids)
    if condition is None:
        return []
    rows = db.session.scalars(select(Schedule).where(condition, ~Schedule.is_enabled).order_by(Schedule.id))
    return [rule_of(row) for row in rows]
