"""/api/admin/schedules (CONTRACT §4, §7). Read: every role; write: ADMIN and EDITOR.

Create and update answer with the schedule and `warnings` (equal-priority overlaps).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from signage.access.matrix import Permission
from signage.core.validation import Field, Schema, ValidationError
from signage.fleet.targets import SCHEDULE_TARGET_TYPES
from signage.models import Schedule, ScheduleTarget
from signage.scheduling.payloads import saved_json, schedule_json
from signage.scheduling.queries import schedule_list
from signage.scheduling.schedules import create_schedule, delete_schedule, update_schedule
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.i18n import localized

ID = (str, int)  # ids are strings; a script sending the integer is understood too
# Shapes here; values (dates, clocks, days, targets, playlist) in signage.scheduling, so
# every bad value is named in one answer.
FIELDS = {
    "name": Field(str),
    "targetType": Field(str),
    "targetId": Field(ID),
    "playlistId": Field(ID),
    "priority": Field(int),
    "startDate": Field(str, nullable=True),
    "endDate": Field(str, nullable=True),
    "startTime": Field(str, nullable=True),
    "endTime": Field(str, nullable=True),
    "daysOfWeek": Field(list),
    "isRecurring": Field(bool),
    "isInterruption": Field(bool),
    "isEnabled": Field(bool),
}
REQUIRED = ("name", "targetType", "targetId", "playlistId")
CREATE = Schema(**{**FIELDS, **{key: Field(FIELDS[key].kind, required=True) for key in REQUIRED}})
UPDATE = Schema(**FIELDS)
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
def schedules_create():
    data = CREATE.validate(json_body())
    schedule, warnings = create_schedule(**_args(data), created_by=current_user.id)
    return jsonify(localized(saved_json(schedule, warnings))), 201


@bp.get("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_READ)
def schedules_show(schedule_id: str):
    return jsonify(schedule_json(get_or_404(Schedule, schedule_id, "schedule")))


@bp.put("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_WRITE)
def schedules_update(schedule_id: str):
    """Partial: only the fields sent change (null clears a date or a time)."""
    schedule = get_or_404(Schedule, schedule_id, "schedule")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = UPDATE.validate(json_body(), partial=True, current=schedule_json(schedule))
    schedule, warnings = update_schedule(schedule, **_args(data))
    return jsonify(localized(saved_json(schedule, warnings)))


@bp.delete("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_WRITE)
def schedules_delete(schedule_id: str):
    delete_schedule(get_or_404(Schedule, schedule_id, "schedule"))
    return "", 204
