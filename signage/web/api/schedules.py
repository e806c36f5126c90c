"""/api/admin/schedules (CONTRACT §4, §7). Read: every role; write: ADMIN and EDITOR.

Create and update answer with the schedule and `warnings` (equal-priority overlaps).
"""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify, request
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Array, Body, Bool, Id, Int, Str, check, check_beside, omitted, one_of, text
from signage.core.validation import ValidationError
from signage.fleet.targets import SCHEDULE_TARGET_TYPES, checked_target_id
from signage.models import Schedule, ScheduleTarget
from signage.scheduling.field_rules import days_problem, parse_calendar_date, parse_clock, priority_problem
from signage.scheduling.payloads import saved_json, schedule_json
from signage.scheduling.queries import schedule_list
from signage.scheduling.schedules import (
    NAME_RULE,
    NO_PLAYLIST,
    create_schedule,
    delete_schedule,
    playlist_by_ref,
    update_schedule,
)
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.i18n import localized
from signage.web.openapi import accepts, answers, paged

# The scheduling's own rules run as the body is validated (name, target, playlist, priority,
# dates, clocks, days), so one 422 names every bad field, a wrong type elsewhere included. The
# dates' order is checked by signage.scheduling, which applies every rule again as it writes.
Name = text(NAME_RULE)
TargetType = one_of(*SCHEDULE_TARGET_TYPES)
PlaylistRef = Annotated[Id, check(lambda value: None if playlist_by_ref(value) else NO_PLAYLIST)]
CalendarDate = Annotated[Str, check(lambda value: parse_calendar_date(value)[1])]
Clock = Annotated[Str, check(lambda value: parse_clock(value)[1])]
# The screen or group of the target type sent, or of the schedule's own on a PUT.
TargetRef = Annotated[
    Id,
    check_beside(
        lambda value, others: others["target_type"] and checked_target_id(others["target_type"], value)[1],
        "target_type",
    ),
]


class ScheduleUpdate(Body):
    name: Name = omitted()
    target_type: TargetType = omitted()
    target_id: TargetRef = omitted()
    playlist_id: PlaylistRef = omitted()
    priority: Annotated[Int, check(priority_problem)] = omitted()
    start_date: CalendarDate | None = omitted()
    end_date: CalendarDate | None = omitted()
    start_time: Clock | None = omitted()
    end_time: Clock | None = omitted()
    days_of_week: Annotated[Array, check(days_problem)] = omitted()
    is_recurring: Bool = omitted()
    is_interruption: Bool = omitted()
    is_enabled: Bool = omitted()


class ScheduleCreate(ScheduleUpdate):
    name: Name
    target_type: TargetType
    target_id: TargetRef
    playlist_id: PlaylistRef


NAMES = {
    "targetType": "target_type",
    "targetId": "target_id",
    "playlistId": "playlist_id",
    "startDate": "start_date",
    "endDate": "end_date",
    "startTime": "start_time",
    "endTime": "end_time",
    "daysOfWeek": "days_of_week",
    "isRecurring": "is_recurring",
    "isInterruption": "is_interruption",
    "isEnabled": "is_enabled",
}


def _args(data: dict[str, Any]) -> dict[str, Any]:
    return {NAMES.get(key, key): value for key, value in data.items()}


@bp.get("/schedules")
@requires(Permission.SCHEDULES_READ)
@paged("q", "targetType", "targetId", "playlistId")
@answers(schemas.page_of(schemas.Schedule))
def schedules_list():
    """Filters: `?q=` (name), `?targetType=SCREEN|GROUP` with `?targetId=`, `?playlistId=`."""
    term = search_term()
    target_type = request.args.get("targetType")
    if target_type and target_type not in SCHEDULE_TARGET_TYPES:
        raise ValidationError(
            {"targetType": f"Must be one of {', '.join(SCHEDULE_TARGET_TYPES)}."}, "Invalid filter."
        )
    query = schedule_list(
        term,
        ScheduleTarget(target_type) if target_type else None,
        request.args.get("targetId"),
        request.args.get("playlistId"),
    )
    return jsonify(paginate(query, schedule_json))


@bp.post("/schedules")
@requires(Permission.SCHEDULES_WRITE)
@accepts(ScheduleCreate)
@answers(schemas.SavedSchedule, 201)
def schedules_create():
    data = ScheduleCreate.validated(json_body())
    schedule, warnings = create_schedule(**_args(data), created_by=current_user.id)
    return jsonify(localized(saved_json(schedule, warnings))), 201


@bp.get("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_READ)
@answers(schemas.Schedule)
def schedules_show(schedule_id: str):
    return jsonify(schedule_json(get_or_404(Schedule, schedule_id, "schedule")))


@bp.put("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_WRITE)
@accepts(ScheduleUpdate)
@answers(schemas.SavedSchedule)
def schedules_update(schedule_id: str):
    """Partial: only the fields sent change (null clears a date or a time)."""
    schedule = get_or_404(Schedule, schedule_id, "schedule")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = ScheduleUpdate.validated(json_body(), current=schedule_json(schedule))
    schedule, warnings = update_schedule(schedule, **_args(data))
    return jsonify(localized(saved_json(schedule, warnings)))


@bp.delete("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_WRITE)
@answers(None, 204)
def schedules_delete(schedule_id: str):
    delete_schedule(get_or_404(Schedule, schedule_id, "schedule"))
    return "", 204
