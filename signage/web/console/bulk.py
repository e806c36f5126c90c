"""Bulk actions (issue 16): ticked rows of the screens, schedules, alerts and media lists, one action
for all of them. Each action goes through the same service as its one-row form, in one
transaction where the service takes many; the permission is the one-row action's."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from signage.access.matrix import Permission, can
from signage.alerts.lifecycle import deactivate_alert, delete_alert
from signage.content.library import MediaInUse, update_media
from signage.content.media_rules import clean_tags, split_tags
from signage.content.playlists import append_media
from signage.core.errors import ServiceError
from signage.datasources.feed_media import delete_feed_media
from signage.extensions import db
from signage.fleet.identity import revoke_screens
from signage.fleet.screens import move_screens
from signage.models import Alert, Media, Playlist, Schedule, Screen
from signage.monitoring.commands import send_commands
from signage.scheduling.schedules import delete_schedules, set_schedules_enabled
from signage.web.console.blueprint import bp
from signage.web.console.forms import ConfirmForm
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.i18n import translate

# One page of a list at most: a bulk action names what the user ticked, not "everything".
MAX_SELECTED = 500
SCREEN_COMMANDS = ("SCREENSHOT", "PLAYLIST_RELOAD", "RELOAD", "CACHE_CLEAR", "RESTART_BROWSER", "REBOOT")

M = TypeVar("M", Screen, Schedule, Alert, Media)


def _selected(model: type[M]) -> list[M]:
    """The ticked rows that still exist, in id order; a forged id list is a 400."""
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; try again."))
    raw = request.form.getlist("ids")
    if len(raw) > MAX_SELECTED or not all(value.isdigit() and len(value) <= 18 for value in raw):
        abort(400)
    ids = sorted({int(value) for value in raw})
    rows = list(db.session.scalars(select(model).where(model.id.in_(ids)).order_by(model.id))) if ids else []
    if len(rows) < len(ids):
        missing = len(ids) - len(rows)
        flash(
            ngettext(
                "%(num)d ticked row was deleted meanwhile.",
                "%(num)d ticked rows were deleted meanwhile.",
                missing,
            ),
            "error",
        )
    return rows


def _refused(exc: ServiceError) -> None:
    db.session.rollback()
    problems = exc.fields or {"": exc.message}
    flash(" ".join(translate(message) for message in problems.values()), "error")


def _back(endpoint: str):
    # Back to the list as it was filtered and paged (the form carries the list's query string).
    query = request.form.get("back", "")
    target = url_for(endpoint)
    return redirect(f"{target}?{query}" if query and "//" not in query and "\\" not in query else target)


@bp.post("/screens/bulk")
@requires(Permission.SCREENS_WRITE)  # and each action's own permission below
def screens_bulk():
    action = request.form.get("action", "")
    needed = {
        "move": Permission.SCREENS_WRITE,
        "command": Permission.SCREENS_COMMAND,
        "revoke": Permission.SCREENS_REVOKE,
    }
    if action not in needed:
        abort(400)
    if not can(current_user.role, needed[action]):
        abort(403)
    screens = _selected(Screen)
    if not screens:
        flash(_("Tick at least one screen first."), "error")
        return _back("admin.screens")
    try:
        if action == "move":
            group = request.form.get("group_id", "")
            count = move_screens(screens, group or None)
            flash(ngettext("%(num)d screen moved.", "%(num)d screens moved.", count), "success")
        elif action == "command":
            command = request.form.get("command", "")
            if command not in SCREEN_COMMANDS:
                abort(400)
            rows = send_commands(screens, command, None, sent_by=current_user.id)
            queued = sum(1 for row in rows if not row.live)
            flash(
                ngettext("Sent to %(num)d screen.", "Sent to %(num)d screens.", len(rows) - queued)
                + (
                    " "
                    + ngettext(
                        "%(num)d queued: it runs when the screen reconnects, within 10 minutes.",
                        "%(num)d queued: they run when the screens reconnect, within 10 minutes.",
                        queued,
                    )
                    if queued
                    else ""
                ),
                "success",
            )
        else:
            count = revoke_screens(screens)
            flash(ngettext("%(num)d screen revoked.", "%(num)d screens revoked.", count), "success")
    except ServiceError as exc:
        _refused(exc)
    return _back("admin.screens")


@bp.post("/schedules/bulk")
@requires(Permission.SCHEDULES_WRITE)
def schedules_bulk():
    action = request.form.get("action", "")
    if action not in ("enable", "disable", "delete"):
        abort(400)
    schedules = _selected(Schedule)
    if not schedules:
        flash(_("Tick at least one schedule first."), "error")
        return _back("admin.schedules")
    try:
        if action == "delete":
            count = delete_schedules(schedules)
            flash(ngettext("%(num)d schedule deleted.", "%(num)d schedules deleted.", count), "success")
        elif action == "enable":
            count = set_schedules_enabled(schedules, True)
            flash(ngettext("%(num)d schedule enabled.", "%(num)d schedules enabled.", count), "success")
        else:
            count = set_schedules_enabled(schedules, False)
            flash(ngettext("%(num)d schedule disabled.", "%(num)d schedules disabled.", count), "success")
    except ServiceError as exc:
        _refused(exc)
    return _back("admin.schedules")


@bp.post("/alerts/bulk")
@requires(Permission.ALERTS_WRITE)
def alerts_bulk():
    action = request.form.get("action", "")
    if action not in ("deactivate", "delete"):
        abort(400)
    alerts = _selected(Alert)
    if not alerts:
        flash(_("Tick at least one alert first."), "error")
        return _back("admin.alerts")
    for alert in alerts:
        if action == "deactivate":
            deactivate_alert(alert, sent_by=current_user.id)
        else:
            delete_alert(alert, sent_by=current_user.id)
    if action == "deactivate":
        flash(ngettext("%(num)d alert deactivated.", "%(num)d alerts deactivated.", len(alerts)), "success")
    else:
        flash(ngettext("%(num)d alert deleted.", "%(num)d alerts deleted.", len(alerts)), "success")
    return _back("admin.alerts")


@bp.post("/media/bulk")
@requires(Permission.MEDIA_WRITE)
def media_bulk():
    action = request.form.get("action", "")
    if action not in ("tag", "delete", "add"):
        abort(400)
    if action == "add" and not can(current_user.role, Permission.PLAYLISTS_WRITE):
        abort(403)
    media = _selected(Media)
    if not media:
        flash(_("Tick at least one media first."), "error")
        return _back("admin.media_library")
    try:
        if action == "tag":
            added = split_tags(request.form.get("tags", ""))
            if not added:
                flash(_("Type the tags to add, separated by commas."), "error")
                return _back("admin.media_library")
            for row in media:
                update_media(row, tags=clean_tags([*row.tags, *added]))
            flash(ngettext("%(num)d media tagged.", "%(num)d media tagged.", len(media)), "success")
        elif action == "add":
            playlist = get_or_404(Playlist, request.form.get("playlist_id", ""), "playlist")
            count = append_media(playlist, media)
            flash(
                ngettext(
                    "%(num)d media added to %(playlist)s.",
                    "%(num)d media added to %(playlist)s.",
                    count,
                    playlist=playlist.name,
                ),
                "success",
            )
        else:
            _delete_unused(media)
    except ValueError as exc:  # a tag rule
        db.session.rollback()
        flash(translate(exc.args[0] if exc.args else str(exc)), "error")
    except ServiceError as exc:
        _refused(exc)
    return _back("admin.media_library")


def _delete_unused(media: list[Media]) -> None:
    """Deletes what no playlist uses; what one does stays, named: removing a media from its
    playlists is a choice made on its own page (with the box that says so)."""
    kept: list[str] = []
    deleted = 0
    for row in media:
        try:
            delete_feed_media(row)
        except MediaInUse:
            db.session.rollback()
            kept.append(row.name)
        else:
            deleted += 1
    if deleted:
        flash(ngettext("%(num)d media deleted.", "%(num)d media deleted.", deleted), "success")
    if kept:
        flash(
            _(
                "Kept because playlists use them: %(names)s. Delete each from its own page to "
                "remove it from its playlists too.",
                names=", ".join(kept),
            ),
            "error",
        )
