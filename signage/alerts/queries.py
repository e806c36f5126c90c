"""The reads of alerts, one for the API and the console alike: plain parameters in, a Select
(paged by the caller: `paginate` for the API, the console's pager) or rows out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, false, func, or_, select

from signage.alerts.rules import AlertState, state
from signage.extensions import db
from signage.fleet.targets import aimed_at
from signage.models import Alert, CommandType, Screen, ScreenCommand


def alert_list(term: str | None = None, is_active: str | None = None) -> Select[Any]:
    """Newest first. `term` searches titles; `is_active` "true" or "false" filters, any other
    non-empty value matches nothing."""
    query = select(Alert).order_by(Alert.created_at.desc(), Alert.id.desc())
    if term:
        query = query.where(Alert.title.icontains(term, autoescape=True))
    if is_active in ("true", "false"):
        query = query.where(Alert.is_active.is_(is_active == "true"))
    elif is_active:
        query = query.where(false())
    return query


def alerts_by_state(now: datetime) -> dict[str, int]:
    """Counts for the console's header: how many alerts are live, scheduled..."""
    counts = {s.value: 0 for s in AlertState}
    for row in db.session.execute(select(Alert.is_active, Alert.start_at, Alert.end_at)):
        counts[state(row.is_active, row.start_at, row.end_at, now).value] += 1
    return counts


def active_alert_count() -> int:
    """How many alerts are armed (isActive), whatever their window."""
    return db.session.scalar(select(func.count()).select_from(Alert).where(Alert.is_active.is_(True))) or 0


def active_alerts(screen: Screen, at: datetime) -> list[Alert]:
    """Live alerts (armed, inside their window) aimed at every screen, at the screen's group
    or at the screen itself: for the player's schedule and the connect hook."""
    aimed = aimed_at(
        Alert, [screen.id], [screen.group_id] if screen.group_id is not None else [], with_all=True
    )
    query = select(Alert).where(
        Alert.is_active.is_(True),
        or_(Alert.start_at.is_(None), Alert.start_at <= at),
        or_(Alert.end_at.is_(None), Alert.end_at > at),
        aimed,
    )
    return list(db.session.scalars(query.order_by(Alert.id)))


def next_alert_change(screen: Screen, at: datetime) -> datetime | None:
    """The first instant after `at` when an armed alert aimed at the screen starts or ends:
    until then the screen's live alerts stay what they are (the schedule cache's horizon)."""
    aimed = aimed_at(
        Alert, [screen.id], [screen.group_id] if screen.group_id is not None else [], with_all=True
    )
    starts = db.session.scalar(
        select(func.min(Alert.start_at)).where(Alert.is_active.is_(True), Alert.start_at > at, aimed)
    )
    ends = db.session.scalar(
        select(func.min(Alert.end_at)).where(Alert.is_active.is_(True), Alert.end_at > at, aimed)
    )
    found = [moment for moment in (starts, ends) if moment is not None]
    return min(found) if found else None


def armed_alerts_between(
    screen_ids: list[int], group_ids: list[int], start: datetime, end: datetime
) -> list[Alert]:
    """Armed alerts aimed at these screens or groups (or at every screen) whose window meets
    [start, end): what a calendar marks as interruptions."""
    aimed = aimed_at(Alert, screen_ids, group_ids, with_all=True)
    query = select(Alert).where(
        Alert.is_active.is_(True),
        or_(Alert.start_at.is_(None), Alert.start_at < end),
        or_(Alert.end_at.is_(None), Alert.end_at > start),
        aimed,
    )
    return list(db.session.scalars(query.order_by(Alert.id)))


def delivery_log(alert_id: int) -> list[tuple[ScreenCommand, str | None]]:
    """The latest ALERT_SHOW / ALERT_HIDE of this alert per screen, with the screen's name
    (None once the screen is gone), newest first: what the alert's page shows."""
    rows = db.session.execute(
        select(ScreenCommand, Screen.name)
        .join(Screen, Screen.id == ScreenCommand.screen_id)
        .where(
            ScreenCommand.command.in_([CommandType.ALERT_SHOW, CommandType.ALERT_HIDE]),
            ScreenCommand.payload["id"].as_string() == str(alert_id),
        )
        .order_by(ScreenCommand.created_at.desc(), ScreenCommand.id.desc())
    ).all()
    latest: dict[int, tuple[ScreenCommand, str | None]] = {}
    for command, name in rows:
        latest.setdefault(command.screen_id, (command, name))
    return list(latest.values())
