"""/api/admin/schedules (CONTRACT §4, §7). Read: every role; write: ADMIN and EDITOR.

Create and update answer with the schedule and `warnings` (equal-priority overlaps).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Array, Body, Bool, Id, Int, Str, omitted
from signage.core.validation import ValidationError
from signage.fleet.targets import SCHEDULE_TARGET_TYPES
from signage.models import Schedule, ScheduleTarget
from signage.scheduling.payloads import saved_json, schedule_json
from signage.scheduling.queries import schedule_list
from signage.scheduling.schedules import create_schedule, delete_schedule, update_schedule
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.i18n import localized
from signage.web.openapi import accepts, answers, paged


# Shapes here; values (dates, clocks, days, targets, playlist) in signage.scheduling, so
# every bad value is named in one answer.
class ScheduleUpdate(Body):
    name: Str = omitted()
    target_type: Str = omitted()
    target_id: Id = omitted()
    playlist_id: Id = omitted()
    priority: Int = omitted()
    start_date: Str | None = omitted()
    end_date: Str | None = omitted()
    start_time: Str | None = omitted()
    end_time: Str | None = omitted()
    days_of_week: Array = omitted()
    is_recurring: Bool = omitted()
    is_interruption: Bool = omitted()
    is_enabled: Bool = omitted()


class ScheduleCreate(ScheduleUpdate):
    name: Str
    target_type: Str
    target_id: Id
    playlist_id: Id


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
