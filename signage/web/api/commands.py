"""Remote commands: POST /api/admin/screens/{id}/command and the screen's command log."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Body, Object, Str, omitted
from signage.models import Screen
from signage.monitoring import queries
from signage.monitoring.commands import send_command
from signage.monitoring.payloads import command_accepted_json, command_json
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate
from signage.web.openapi import accepts, answers, paged


class CommandBody(Body):
    command: Str
    payload: Object | None = omitted()


@bp.post("/screens/<screen_id>/command")
@requires(Permission.SCREENS_COMMAND)
@accepts(CommandBody)
@answers(schemas.CommandAccepted, 202)
def screen_command(screen_id: str):
    """202: accepted, not yet done; the ack arrives as admin:command_status."""
    data = CommandBody.validated(json_body())
    screen = get_or_404(Screen, screen_id, "screen")
    sent = send_command(screen, data["command"], data.get("payload"), sent_by=current_user.id)
    return jsonify(command_accepted_json(sent.id)), 202


@bp.get("/screens/<screen_id>/commands")
@requires(Permission.SCREENS_READ)
@paged()
@answers(schemas.page_of(schemas.Command))
def screen_commands(screen_id: str):
    """Newest first."""
    screen = get_or_404(Screen, screen_id, "screen")
    return jsonify(paginate(queries.screen_commands(screen.id), command_json))
