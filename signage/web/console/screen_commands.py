"""Commands from a screen's own page (issue 13): every command a screen takes, the volume with
a slider, REBOOT and RESTART_BROWSER asked first (confirm.js); the answer says "queued" when the
screen has no live connection. (Alerts reach screens from the Alerts page.)"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signage.access.matrix import Permission
from signage.core.errors import ServiceError
from signage.models import Screen, ScreenStatus
from signage.monitoring.commands import send_command
from signage.web.console.blueprint import bp
from signage.web.console.forms import ConfirmForm
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.i18n import translate

PAGE_COMMANDS = (
    "SCREENSHOT",
    "PLAYLIST_RELOAD",
    "RELOAD",
    "CACHE_CLEAR",
    "RESTART_BROWSER",
    "REBOOT",
    "VOLUME_SET",
)


@bp.post("/screens/<screen_id>/command")
@requires(Permission.SCREENS_COMMAND)
def screen_command_page(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; try again."))
    command = request.form.get("command", "")
    if command not in PAGE_COMMANDS:
        abort(400)
    payload = None
    if command == "VOLUME_SET":
        raw = request.form.get("level", "")
        payload = {"level": int(raw) if raw.isdigit() else -1}
    try:
        send_command(screen, command, payload, sent_by=current_user.id)
    except ServiceError as exc:
        problems = exc.fields or {"": exc.message}
        flash(" ".join(translate(message) for message in problems.values()), "error")
        return redirect(url_for("admin.screen", screen_id=screen.id))
    if screen.status == ScreenStatus.OFFLINE:
        flash(
            _(
                "Queued for %(name)s: it runs when the screen reconnects, within 10 minutes.",
                name=screen.name,
            ),
            "success",
        )
    else:
        flash(_("Sent to %(name)s.", name=screen.name), "success")
    return redirect(url_for("admin.screen", screen_id=screen.id))
