"""Schedules: create, change, delete; the equal-priority overlap warnings (CONTRACT §7.3);
and `playlist:reload` to each screen whose playlist changes at once because of the save.

Services own their transactions: a refused change raises InvalidData and writes nothing.
Players switch by themselves at the boundaries their `upcoming` list announces, so only the
change that takes effect now is pushed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from signage.core.errors import N_, Conflict, InvalidData, Text
from signage.core.validation import must_be_one_of
from signage.core.values import TextRule, clean_texts, reference
from signage.extensions import db
from signage.fleet.targets import (
    SCHEDULE_TARGET_TYPES,
    aimed_at,
    checked_target_id,
    find_target,
    target_screens,
)
from signage.models import Playlist, PlaylistItem, Schedule, ScheduleTarget, Screen, Site
from signage.push import to_screen
from signage.scheduling.candidates import rule_of, schedules_for_screens, zone_of
from signage.scheduling.field_rules import (
    NAME_MAX,
    date_order_problem,
    days_problem,
    one_shot_order_problem,
    parse_calendar_date,
    parse_clock,
    priority_problem,
)
from signage.scheduling.resolution import active_at, timeline

UNSET: Any = object()
NAME_RULE = TextRule(NAME_MAX, required=True)
NO_PLAYLIST = N_("No playlist with this id.")
# How far ahead two schedules are compared for overlaps: a year of dates and every weekday.
OVERLAP_HORIZON = timedelta(days=371)
ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]


@dataclass(frozen=True)
class OverlapWarning:
    schedule_id: int
    name: str
    message: str
    code: str = "equal_priority_overlap"


EMPTY_PLAYLIST = N_(
    "This playlist has no items yet: while this schedule is active its screens show only the logo "
    "and the clock. Add media to the playlist first."
)


def playlist_by_ref(value: Any) -> Playlist | None:
    """The playlist a client's id names, or None."""
    key = reference(value)
    return db.session.get(Playlist, key) if key is not None else None


def _checked(schedule: Schedule | None, raw: dict[str, Any]) -> dict[str, Any]:
    """Model attributes from the given values (UNSET: keep), all checked together."""
    given = {key: value for key, value in raw.items() if value is not UNSET}
    clean: dict[str, Any]
    clean, problems = clean_texts({"name": given.get("name")}, {"name": NAME_RULE})
    target_type = schedule.target_type if schedule is not None else None
    if "target_type" in given:
        if given["target_type"] in SCHEDULE_TARGET_TYPES:
            target_type = clean["target_type"] = ScheduleTarget(given["target_type"])
        else:
            problems["target_type"] = must_be_one_of(SCHEDULE_TARGET_TYPES)
    if target_type is not None and ("target_id" in given or "target_type" in given):
        raw_id = given.get("target_id", schedule.target_id if schedule is not None else None)
        target_id, problem = checked_target_id(target_type, raw_id)
        if problem:
            problems["target_id"] = problem
        else:
            clean["target_id"] = target_id
    if "playlist_id" in given:
        found = playlist_by_ref(given["playlist_id"])
        if found is None:
            problems["playlist_id"] = NO_PLAYLIST
        else:
            clean["playlist_id"] = found.id
    if "priority" in given:
        if problem := priority_problem(given["priority"]):
            problems["priority"] = problem
        else:
            clean["priority"] = given["priority"]
    for name in ("start_date", "end_date"):
        if name in given:
            value, problem = (None, None) if given[name] is None else parse_calendar_date(given[name])
            if problem:
                problems[name] = problem
            else:
                clean[name] = value
    for name in ("start_time", "end_time"):
        if name in given:
            value, problem = (None, None) if given[name] is None else parse_clock(given[name])
            if problem:
                problems[name] = problem
            else:
                clean[name] = None if value is None else value.strftime("%H:%M")
    if "days_of_week" in given:
        if problem := days_problem(given["days_of_week"]):
            problems["days_of_week"] = problem
        else:
            clean["days_of_week"] = sorted(given["days_of_week"])
    for name in ("is_recurring", "is_interruption", "is_enabled"):
        if name in given:
            clean[name] = given[name]
    if not problems:
        _check_together(schedule, clean, problems)
    if problems:
        db.session.rollback()
        raise InvalidData(problems)
    return clean


def _check_together(schedule: Schedule | None, clean: dict[str, Any], problems: dict[str, str]) -> None:
    def final(name: str, default: Any = None) -> Any:
        return clean[name] if name in clean else getattr(schedule, name, default)

    start, end = final("start_date"), final("end_date")
    if problem := date_order_problem(start, end):
        problems["end_date" if "end_date" in clean else "start_date"] = problem
    elif not final("is_recurring", True):
        clocks = [
            None if c is None else time.fromisoformat(c) for c in (final("start_time"), final("end_time"))
        ]
        if problem := one_shot_order_problem(start, clocks[0], end, clocks[1]):
            problems["end_time"] = problem


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError as exc:  # the playlist or the author went meanwhile
        db.session.rollback()
        raise Conflict(
            "changed_meanwhile", N_("The data changed while this was being saved: reload and try again.")
        ) from exc


def playing_now(screens: list[Screen], at: datetime) -> dict[int, int | None]:
    """The playlist each screen plays at `at` (None: nothing)."""
    candidates = schedules_for_screens(screens)
    result: dict[int, int | None] = {}
    for screen in screens:
        active = active_at([rule_of(row) for row in candidates[screen.id]], zone_of(screen.site), at)
        result[screen.id] = active[0].playlist_id if active else None
    return result


def _notify_changes(before: dict[int, int | None], at: datetime) -> int:
    """Send playlist:reload to screens whose playlist differs from `before`; how many."""
    screens = list(db.session.scalars(select(Screen).where(Screen.id.in_(list(before)))))
    after = playing_now(screens, at)
    changed = {sid: pid for sid, pid in after.items() if before.get(sid) != pid}
    versions = dict(
        db.session.execute(
            select(Playlist.id, Playlist.version).where(Playlist.id.in_([p for p in changed.values() if p]))
        ).all()
    )
    for screen_id, playlist_id in sorted(changed.items()):
        # playlistId null: nothing is scheduled now; the player shows its idle screen.
        payload = {
            "playlistId": None if playlist_id is None else str(playlist_id),
            "version": versions.get(playlist_id) if playlist_id is not None else None,
        }
        to_screen(screen_id, "playlist:reload", payload)
    return len(changed)


def _reached(schedules: list[tuple[ScheduleTarget, int]]) -> list[Screen]:
    found: dict[int, Screen] = {}
    for target_type, target_id in schedules:
        for screen in target_screens(target_type, target_id):
            found[screen.id] = screen
    return list(found.values())


def create_schedule(
    *,
    created_by: int | None = None,
    at: datetime | None = None,
    allow_empty_playlist: bool = True,
    **raw: Any,
) -> tuple[Schedule, list[OverlapWarning]]:
    """Keys: name, target_type, target_id, playlist_id (required), priority, start_date,
    end_date, start_time, end_time, days_of_week, is_recurring, is_interruption, is_enabled.

    A playlist without items is refused with `allow_empty_playlist=False` (the console, until
    its user confirms); the API takes it as before (a script may fill the playlist next)."""
    at = at or datetime.now(UTC)
    missing = {
        name: N_("This field is required.")
        for name in ("name", "target_type", "target_id", "playlist_id")
        if raw.get(name, UNSET) is UNSET
    }
    if missing:
        raise InvalidData(missing)
    values = _checked(None, raw)
    _check_playlist_filled(values["playlist_id"], allow_empty_playlist)
    values.setdefault("days_of_week", list(ALL_DAYS))
    screens = _reached([(values["target_type"], values["target_id"])])
    before = playing_now(screens, at)
    schedule = Schedule(created_by=created_by, **values)
    db.session.add(schedule)
    _commit()
    _notify_changes(before, at)
    return schedule, overlap_warnings(schedule, at)


def update_schedule(
    schedule: Schedule, *, at: datetime | None = None, allow_empty_playlist: bool = True, **raw: Any
) -> tuple[Schedule, list[OverlapWarning]]:
    """Apply the given changes all together, or none of them. A save counts as an edit
    (updated_at moves) even when nothing changed, which makes this schedule win its ties."""
    at = at or datetime.now(UTC)
    values = _checked(schedule, raw)
    _check_playlist_filled(values.get("playlist_id", schedule.playlist_id), allow_empty_playlist)
    targets = [(schedule.target_type, schedule.target_id)]
    targets.append(
        (values.get("target_type", schedule.target_type), values.get("target_id", schedule.target_id))
    )
    before = playing_now(_reached(targets), at)
    for key, value in values.items():
        setattr(schedule, key, value)
    schedule.updated_at = datetime.now(UTC)
    _commit()
    _notify_changes(before, at)
    return schedule, overlap_warnings(schedule, at)


def playlist_is_empty(playlist_id: int) -> bool:
    return not db.session.scalar(select(exists().where(PlaylistItem.playlist_id == playlist_id)))


def _check_playlist_filled(playlist_id: int, allow_empty: bool) -> None:
    if not allow_empty and playlist_is_empty(playlist_id):
        db.session.rollback()
        raise InvalidData({"playlist_id": EMPTY_PLAYLIST}, EMPTY_PLAYLIST)


def delete_schedule(schedule: Schedule, *, at: datetime | None = None) -> None:
    delete_schedules([schedule], at=at)


def delete_schedules(schedules: list[Schedule], *, at: datetime | None = None) -> int:
    """Delete them in one transaction; each screen whose playlist changes is told once."""
    at = at or datetime.now(UTC)
    before = playing_now(_reached([(row.target_type, row.target_id) for row in schedules]), at)
    for row in schedules:
        db.session.delete(row)
    _commit()
    _notify_changes(before, at)
    return len(schedules)


def set_schedules_enabled(schedules: list[Schedule], enabled: bool, *, at: datetime | None = None) -> int:
    """Enable or disable them in one transaction; each screen whose playlist changes is told once.
    A switch counts as an edit (updated_at moves), like a save."""
    at = at or datetime.now(UTC)
    before = playing_now(_reached([(row.target_type, row.target_id) for row in schedules]), at)
    for row in schedules:
        row.is_enabled = enabled
        row.updated_at = datetime.now(UTC)
    _commit()
    _notify_changes(before, at)
    return len(schedules)


def _site_of(schedule: Schedule) -> Site | None:
    target = find_target(schedule.target_type, schedule.target_id)
    return None if target is None else target.site


def _peers(schedule: Schedule) -> list[Schedule]:
    """Other schedules of the same rank that reach a screen this one reaches."""
    if schedule.target_type == ScheduleTarget.SCREEN:
        screen = db.session.get(Screen, schedule.target_id)
        screen_ids, group_ids = [schedule.target_id], [screen.group_id] if screen and screen.group_id else []
    else:
        group_ids = [schedule.target_id]
        screen_ids = list(db.session.scalars(select(Screen.id).where(Screen.group_id == schedule.target_id)))
    query = select(Schedule).where(
        Schedule.id != schedule.id,
        Schedule.priority == schedule.priority,
        Schedule.is_interruption == schedule.is_interruption,
        Schedule.is_enabled,
        aimed_at(Schedule, screen_ids, group_ids),
    )
    return list(db.session.scalars(query.order_by(Schedule.id)))


def overlap_warnings(schedule: Schedule, at: datetime) -> list[OverlapWarning]:
    """Schedules of equal priority (and the same interruption flag) that are active at some
    instant together with this one, from `at` (or the later start date) over a year."""
    site = _site_of(schedule)
    if site is None:
        return []
    zone = zone_of(site)
    mine = rule_of(schedule)
    warnings = []
    for peer in _peers(schedule):
        other = rule_of(peer)
        starts = [d for d in (mine.start_date, other.start_date) if d is not None]
        begin = at
        if starts:
            begin = max(at, datetime.combine(max(starts), time(0), tzinfo=UTC) - timedelta(days=1))
        segments = timeline([mine, other], zone, begin, begin + OVERLAP_HORIZON)
        if any(len(segment.active) == 2 for segment in segments):
            warnings.append(
                OverlapWarning(
                    peer.id,
                    peer.name,
                    Text(
                        N_(
                            'Overlaps "%(name)s", which has the same priority (%(priority)s): while '
                            "both are active, the one saved most recently plays."
                        ),
                        name=peer.name,
                        priority=schedule.priority,
                    ),
                )
            )
    return warnings
