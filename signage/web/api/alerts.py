"""/api/admin/alerts: urgent messages (CONTRACT §9). Read: every role; write: ADMIN, EDITOR."""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify, request
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.alerts.lifecycle import (
    activate_alert,
    alert_target_id,
    create_alert,
    deactivate_alert,
    delete_alert,
    update_alert,
)
from signage.alerts.payloads import alert_json, delivery_json
from signage.alerts.queries import alert_list, delivery_log
from signage.alerts.rules import (
    CONTENT_MAX,
    DISPLAY_MODES,
    TITLE_MAX,
    color_problem,
    parse_instant,
    text_problem,
)
from signage.bodies import Body, Bool, Id, Str, check, check_beside, omitted, one_of
from signage.fleet.targets import ALERT_TARGET_TYPES
from signage.models import Alert
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# The alerts' own rules run as the body is validated (texts, colours, display mode, target,
# instants), so one 422 names every bad field, a wrong type elsewhere included. The window's
# order is checked by signage.alerts, which applies every rule again as it writes.
Title = Annotated[Str, check(lambda value: text_problem(value, TITLE_MAX))]
Content = Annotated[Str, check(lambda value: text_problem(value, CONTENT_MAX))]
Colour = Annotated[Str, check(color_problem)]
Instant = Annotated[Str, check(lambda value: parse_instant(value)[1])]
# The screen or group of the target type sent, or of the alert's own on a PUT (none for ALL).
TargetRef = Annotated[
    Id,
    check_beside(
        lambda value, others: others["target_type"] and alert_target_id(others["target_type"], value)[1],
        "target_type",
    ),
]


class AlertUpdate(Body):
    title: Title = omitted()
    content: Content = omitted()
    display_mode: one_of(*DISPLAY_MODES) = omitted()  # type: ignore[valid-type]
    background_color: Colour = omitted()
    text_color: Colour = omitted()
    target_type: one_of(*ALERT_TARGET_TYPES) = omitted()  # type: ignore[valid-type]
    target_id: TargetRef | None = omitted()
    start_at: Instant | None = omitted()
    end_at: Instant | None = omitted()


class AlertCreate(AlertUpdate):
    title: Title
    content: Content
    is_active: Bool = omitted()


ARGS = {
    "title": "title",
    "content": "content",
    "displayMode": "display_mode",
    "backgroundColor": "background_color",
    "textColor": "text_color",
    "targetType": "target_type",
    "targetId": "target_id",
    "startAt": "start_at",
    "endAt": "end_at",
}


def _args(data: dict[str, Any]) -> dict[str, Any]:
    return {ARGS[key]: value for key, value in data.items() if key in ARGS}


@bp.get("/alerts")
@requires(Permission.ALERTS_READ)
@paged("q", "isActive")
@answers(schemas.page_of(schemas.Alert))
def alerts_list():
    """Newest first. `?q=` searches titles; `?isActive=true|false` filters."""
    return jsonify(paginate(alert_list(search_term(), request.args.get("isActive")), alert_json))


@bp.post("/alerts")
@requires(Permission.ALERTS_WRITE)
@accepts(AlertCreate)
@answers(schemas.Alert, 201)
def alerts_create():
    """`isActive: true` creates and activates in one request (the emergency path)."""
    data = AlertCreate.validated(json_body())
    alert = create_alert(**_args(data), created_by=current_user.id, activate=data.get("isActive", False))
    return jsonify(alert_json(alert)), 201


@bp.get("/alerts/<alert_id>")
@requires(Permission.ALERTS_READ)
@answers(schemas.AlertWithDeliveries)
def alerts_show(alert_id: str):
    """With `deliveries`: per screen, the latest show/hide sent and whether the player
    confirmed it (PENDING, DELIVERED, FAILED)."""
    return jsonify(_shown(get_or_404(Alert, alert_id, "alert")))


def _shown(alert: Alert) -> dict[str, Any]:
    deliveries = [delivery_json(command, name) for command, name in delivery_log(alert.id)]
    return {**alert_json(alert), "deliveries": deliveries}


@bp.put("/alerts/<alert_id>")
@requires(Permission.ALERTS_WRITE)
@accepts(AlertUpdate)
@answers(schemas.Alert)
def alerts_update(alert_id: str):
    """Partial: only the fields sent change. A live alert reaches its screens again."""
    alert = get_or_404(Alert, alert_id, "alert")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = AlertUpdate.validated(json_body(), current=_shown(alert))
    update_alert(alert, **_args(data), sent_by=current_user.id)
    return jsonify(alert_json(alert))


@bp.delete("/alerts/<alert_id>")
@requires(Permission.ALERTS_WRITE)
@answers(None, 204)
def alerts_delete(alert_id: str):
    delete_alert(get_or_404(Alert, alert_id, "alert"), sent_by=current_user.id)
    return "", 204


@bp.put("/alerts/<alert_id>/activate")
@requires(Permission.ALERTS_WRITE)
@answers(schemas.Alert)
def alerts_activate(alert_id: str):
    alert = get_or_404(Alert, alert_id, "alert")
    activate_alert(alert, sent_by=current_user.id)
    return jsonify(alert_json(alert))


@bp.put("/alerts/<alert_id>/deactivate")
@requires(Permission.ALERTS_WRITE)
@answers(schemas.Alert)
def alerts_deactivate(alert_id: str):
    alert = get_or_404(Alert, alert_id, "alert")
    deactivate_alert(alert, sent_by=current_user.id)
    return jsonify(alert_json(alert))
