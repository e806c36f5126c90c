"""What schedules and alerts are aimed at: a screen or a group, named by type and id.

One definition for both: the type names, finding the row a target names, the screens it
reaches today, the condition "aimed at these screens or groups", the console's choices and
labels. Schedules aim at a SCREEN or a GROUP only; alerts may also aim at ALL screens (with
no id). That difference is kept explicit: ALL is only accepted where `with_all` says so.

Below scheduling and alerts (it imports neither), so both may use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select

from signage.core.errors import N_
from signage.core.values import reference
from signage.extensions import db
from signage.fleet.queries import group_options
from signage.fleet.store import by_name
from signage.models import Alert, AlertTarget, Schedule, ScheduleTarget, Screen, ScreenGroup, Site

SCREEN = "SCREEN"
GROUP = "GROUP"
ALL = "ALL"  # alerts only: every screen, no id
# In the order the refusals name them.
SCHEDULE_TARGET_TYPES = tuple(t.value for t in ScheduleTarget)  # SCREEN, GROUP
ALERT_TARGET_TYPES = (ALL, GROUP, SCREEN)

AnyTarget = ScheduleTarget | AlertTarget | str


def _kind(target_type: AnyTarget) -> str:
    return target_type.value if isinstance(target_type, ScheduleTarget | AlertTarget) else target_type


def find_target(target_type: AnyTarget, raw_id: Any) -> Screen | ScreenGroup | None:
    """The screen or group a SCREEN or GROUP target names; None when no row has that id."""
    key = reference(raw_id)
    if key is None:
        return None
    model = Screen if _kind(target_type) == SCREEN else ScreenGroup
    return db.session.get(model, key)


def checked_target_id(target_type: AnyTarget, raw_id: Any) -> tuple[int | None, str | None]:
    """The id of the screen or group a SCREEN or GROUP target names, or the refusal."""
    target = find_target(target_type, raw_id)
    if target is None:
        return None, N_("No screen with this id.") if _kind(target_type) == SCREEN else N_(
            "No group with this id."
        )
    return target.id, None


def target_screens_query(target_type: AnyTarget, target_id: int | None) -> Select[tuple[Screen]]:
    """The screens a target reaches today as a query, by id: for a statement that reads them
    itself (a command to a whole fleet) rather than loading 5,000 rows to name them back."""
    query = select(Screen).order_by(Screen.id)
    kind = _kind(target_type)
    if kind == SCREEN:
        return query.where(Screen.id == target_id)
    if kind == GROUP:
        return query.where(Screen.group_id == target_id)
    return query


def target_screens(target_type: AnyTarget, target_id: int | None) -> list[Screen]:
    """The screens a target reaches today (a group's membership is read at each call), by id."""
    if _kind(target_type) == SCREEN:
        screen = db.session.get(Screen, target_id) if target_id is not None else None
        return [screen] if screen is not None else []
    return list(db.session.scalars(target_screens_query(target_type, target_id)))


def aimed_at(
    model: type[Schedule] | type[Alert],
    screen_ids: Iterable[int],
    group_ids: Iterable[int],
    *,
    with_all: bool = False,
) -> ColumnElement[bool] | None:
    """The condition "aimed at one of these screens or groups" on schedules or alerts (with
    `with_all`, alerts: or at every screen); None when there is nothing to be aimed at."""
    kinds = ScheduleTarget if model is Schedule else AlertTarget
    screens, groups = sorted(set(screen_ids)), sorted(set(group_ids))
    conditions: list[ColumnElement[bool]] = []
    if with_all:
        conditions.append(model.target_type == AlertTarget.ALL)
    if screens:
        conditions.append(and_(model.target_type == kinds(SCREEN), model.target_id.in_(screens)))
    if groups:
        conditions.append(and_(model.target_type == kinds(GROUP), model.target_id.in_(groups)))
    return or_(*conditions) if conditions else None


def target_key(target_type: AnyTarget, target_id: int | None) -> str:
    """A target as one form value: "ALL", "GROUP:12", "SCREEN:3"."""
    return ALL if target_id is None else f"{_kind(target_type)}:{target_id}"


def split_target_key(raw: str | None) -> tuple[str, str]:
    """A form value back into its type and id ("" for a missing part)."""
    target_type, _, target_id = (raw or "").partition(":")
    return target_type, target_id


def target_options(*, with_all: bool) -> list[tuple[str, str]]:
    """(form value, label): "All screens" first when `with_all` (alerts), then every group,
    then every screen, each with its site."""
    groups = group_options()
    screens = db.session.execute(
        select(Screen.id, Screen.name, Site.name.label("site"))
        .join(Site)
        .order_by(*by_name(Site), *by_name(Screen))
    ).all()
    return (
        ([(ALL, "All screens")] if with_all else [])
        + [(target_key(GROUP, g.id), f"Group: {g.name} — {g.site_name}") for g in groups]
        + [(target_key(SCREEN, s.id), f"Screen: {s.name} — {s.site}") for s in screens]
    )


def target_label(target_type: AnyTarget, target_id: int | None) -> str:
    """For lists and pages: "All screens", "Group Lobby", "Screen Hall 2"."""
    kind = _kind(target_type)
    if kind == ALL:
        return "All screens"
    model = ScreenGroup if kind == GROUP else Screen
    row = db.session.get(model, target_id) if target_id is not None else None
    label = "Group" if kind == GROUP else "Screen"
    return f"{label} {row.name}" if row is not None else f"{label} (deleted)"
