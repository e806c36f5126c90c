"""One's notifications (issue 17): newest first, the unread ones marked until read; and which
of them also come by e-mail."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signage.access.matrix import Permission
from signage.core.errors import Text
from signage.notifications import rules
from signage.notifications.service import latest, mark_all_read, set_email_choices
from signage.web.console.blueprint import bp
from signage.web.console.forms import ConfirmForm
from signage.web.guard import requires
from signage.web.i18n import translate


@bp.get("/notifications")
@requires(Permission.CONSOLE)
def notifications_page():
    items = [(n, translate(Text(n.template, **(n.params or {})))) for n in latest(current_user.id)]
    return render_template(
        "admin/notifications.html",
        items=items,
        has_unread=any(notification.read_at is None for notification, _text in items),
        kinds=rules.KINDS,
        chosen=set(rules.chosen(current_user.email_notifications)),
        form=ConfirmForm(formdata=None),
    )


@bp.post("/notifications/read")
@requires(Permission.CONSOLE)
def notifications_read():
    # A POST, not a side effect of viewing: a GET never writes (SQLite reads take no write lock).
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; try again."))
    mark_all_read(current_user.id)
    return redirect(url_for("admin.notifications_page"))


@bp.post("/notifications/email")
@requires(Permission.CONSOLE)
def notifications_email():
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; try again."))
    set_email_choices(current_user._get_current_object(), request.form.getlist("kind"))  # type: ignore[attr-defined]
    flash(_("Your e-mail choices are saved."), "success")
    return redirect(url_for("admin.notifications_page"))
