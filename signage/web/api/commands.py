"""Remote commands: POST /api/admin/screens/{id}/command and the screen's command log."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from sqlalchemy import select

from signage.access.matrix import Permission
from signage.core.validation import Field, Schema
from signage.models import Screen, ScreenCommand
from signage.monitoring.commands import command_json, send_command
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate

COMMAND = Schema(command=Field(str, required=True), payload=Field(dict, nullable=True))


@bp.post("/screens/<screen_id>/command")
@requires(Permission.SCREENS_COMMAND)
def screen_command(screen_id: str):
    """202: accepted, not yet done; the ack arrives as admin:command_status."""
    data = COMMAND.validate(json_body())
    screen = get_or_404(Screen, screen_id, "screen")
    command = send_command(screen, data["command"], data.get("payload"), sent_by=current_user.id)
    return jsonify({"id": str(command.id), "status": command.status.value}), 202


@bp.get("/screens/<screen_id>/commands")
@requires(Permission.SCREENS_READ)
def screen_commands(screen_id: str):
    """Newest first."""
    screen = get_or_404(Screen, screen_id, "screen")
    query = (
        select(ScreenCommand)
        .where(ScreenCommand.screen_id == screen.id)
        .order_by(ScreenCommand.created_at.desc(), ScreenCommand.id.desc())
    )
    return jsonify(paginate(query, command_json))
