"""Alert pages: the list with the emergency form and the full create form; one alert with
its per-screen delivery status. Read: every role; write: ADMIN and EDITOR."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signage.access.matrix import Permission
from signage.alerts.lifecycle import (
    activate_alert,
    create_alert,
    deactivate_alert,
    delete_alert,
    update_alert,
)
from signage.alerts.queries import alert_list, alerts_by_state, delivery_log
from signage.alerts.rules import state
from signage.core.errors import ServiceError
from signage.fleet.targets import target_key, target_label
from signage.models import Alert
from signage.web.console.alert_forms import (
    AlertForm,
    EmergencyForm,
    edit_data,
    localized_target,
    target_choices,
    target_zone,
)
from signage.web.console.blueprint import bp
from signage.web.console.forms import ConfirmForm, DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.i18n import translate


def _choices(form: AlertForm | EmergencyForm) -> AlertForm | EmergencyForm:
    form.target.choices = target_choices()
    return form


def _list_page(form: AlertForm | None = None, emergency: EmergencyForm | None = None, status: int = 200):
    now = datetime.now(UTC)
    page = page_of(alert_list())
    rows = [
        (
            alert,
            state(alert.is_active, alert.start_at, alert.end_at, now).value,
            localized_target(target_label(alert.target_type, alert.target_id)),
            target_zone(target_key(alert.target_type, alert.target_id)),
        )
        for alert in page.items
    ]
    return render_template(
        "admin/alerts.html",
        page=page,
        rows=rows,
        counts=alerts_by_state(now),
        form=_choices(form or AlertForm(formdata=None)),
        emergency=_choices(emergency or EmergencyForm(formdata=None)),
        action_form=ConfirmForm(formdata=None),
    ), status


def _alert_page(alert: Alert, *, form: AlertForm | None = None, status: int = 200):
    now = datetime.now(UTC)
    deliveries = sorted(delivery_log(alert.id), key=lambda row: ((row[1] or "").lower(), row[0].screen_id))
    return render_template(
        "admin/alert.html",
        alert=alert,
        state=state(alert.is_active, alert.start_at, alert.end_at, now).value,
        target=localized_target(target_label(alert.target_type, alert.target_id)),
        zone=target_zone(target_key(alert.target_type, alert.target_id)),
        deliveries=deliveries,
        summary={
            s: sum(1 for c, _ in deliveries if c.status.value == s)
            for s in ("DELIVERED", "PENDING", "FAILED")
        },
        form=_choices(form or AlertForm(formdata=None, data=edit_data(alert))),
        action_form=ConfirmForm(formdata=None),
        delete_form=DeleteForm(formdata=None),
    ), status


@bp.get("/alerts")
@requires(Permission.ALERTS_READ)
def alerts():
    return _list_page()


@bp.post("/alerts/emergency")
@requires(Permission.ALERTS_WRITE)
def alert_emergency():
    emergency = _choices(EmergencyForm())
    if not emergency.validate_on_submit():
        return _list_page(emergency=emergency, status=422)
    try:
        alert = create_alert(**emergency.service_args(), created_by=current_user.id, activate=True)
    except ServiceError as exc:
        show_errors(emergency, exc)
        return _list_page(emergency=emergency, status=422)
    flash(_("Emergency alert sent. Below: which screens confirmed it."), "success")
    return redirect(url_for("admin.alert", alert_id=alert.id))


@bp.post("/alerts")
@requires(Permission.ALERTS_WRITE)
def alert_create():
    form = _choices(AlertForm())
    if not form.validate_on_submit():
        return _list_page(form=form, status=422)
    try:
        alert = create_alert(
            **form.service_args(), created_by=current_user.id, activate=bool(form.activate.data)
        )
    except ServiceError as exc:
        show_errors(form, exc)
        return _list_page(form=form, status=422)
    flash(_("Alert %(title)s created.", title=alert.title), "success")
    return redirect(url_for("admin.alert", alert_id=alert.id))


@bp.get("/alerts/<alert_id>")
@requires(Permission.ALERTS_READ)
def alert(alert_id: str):
    return _alert_page(get_or_404(Alert, alert_id, "alert"))


@bp.post("/alerts/<alert_id>")
@requires(Permission.ALERTS_WRITE)
def alert_update(alert_id: str):
    alert = get_or_404(Alert, alert_id, "alert")
    form = _choices(AlertForm())
    if not form.validate_on_submit():
        return _alert_page(alert, form=form, status=422)
    try:
        update_alert(alert, **form.service_args(), sent_by=current_user.id)
    except ServiceError as exc:
        show_errors(form, exc)
        return _alert_page(alert, form=form, status=422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.alert", alert_id=alert.id))


@bp.post("/alerts/<alert_id>/activate")
@requires(Permission.ALERTS_WRITE)
def alert_activate(alert_id: str):
    alert = get_or_404(Alert, alert_id, "alert")
    if ConfirmForm().validate_on_submit():
        try:
            activate_alert(alert, sent_by=current_user.id)
            flash(_("Alert activated."), "success")
        except ServiceError as exc:
            flash(translate(exc.message), "error")
    else:
        flash(_("Your form expired: try again."), "error")
    return redirect(url_for("admin.alert", alert_id=alert.id))


@bp.post("/alerts/<alert_id>/deactivate")
@requires(Permission.ALERTS_WRITE)
def alert_deactivate(alert_id: str):
    alert = get_or_404(Alert, alert_id, "alert")
    if ConfirmForm().validate_on_submit():
        deactivate_alert(alert, sent_by=current_user.id)
        flash(_("Alert deactivated: hidden from the screens."), "success")
    else:
        flash(_("Your form expired: try again."), "error")
    return redirect(url_for("admin.alert", alert_id=alert.id))


@bp.post("/alerts/<alert_id>/delete")
@requires(Permission.ALERTS_WRITE)
def alert_delete(alert_id: str):
    alert = get_or_404(Alert, alert_id, "alert")
    form = DeleteForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm."), "error")
        return redirect(url_for("admin.alert", alert_id=alert.id))
    delete_alert(alert, sent_by=current_user.id)
    flash(_("Alert deleted."), "success")
    return redirect(url_for("admin.alerts"))
