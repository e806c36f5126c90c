"""A screen group's page: edit, move to another site, delete. Groups are created on their site's page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from signage.access.matrix import Permission
from signage.core.errors import Conflict, ServiceError
from signage.fleet.groups import delete_group, update_group
from signage.fleet.queries import group_screens
from signage.models import ScreenGroup
from signage.web.console.blueprint import bp
from signage.web.console.fleet_choices import site_choices
from signage.web.console.fleet_forms import GroupEditForm
from signage.web.console.forms import DeleteForm, show_errors
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.i18n import translate


def _edit_form(group: ScreenGroup) -> GroupEditForm:
    return GroupEditForm(
        formdata=None,
        data={
            "name": group.name,
            "description": group.description,
            "site_id": str(group.site_id),
            "screenshot_interval": str(group.screenshot_interval_minutes or ""),
        },
    )


def _page(
    group: ScreenGroup,
    *,
    form: GroupEditForm | None = None,
    delete_form: DeleteForm | None = None,
    status: int = 200,
):
    form = form or _edit_form(group)
    form.site_id.choices = site_choices()
    return render_template(
        "admin/group.html",
        group=group,
        screens=group_screens(group.id),
        form=form,
        delete_form=delete_form or DeleteForm(formdata=None),
    ), status


@bp.get("/groups/<group_id>")
@requires(Permission.SITES_READ)
def group(group_id: str):
    return _page(get_or_404(ScreenGroup, group_id, "group"))


@bp.post("/groups/<group_id>")
@requires(Permission.SITES_WRITE)
def group_update(group_id: str):
    group = get_or_404(ScreenGroup, group_id, "group")
    form = GroupEditForm()
    form.site_id.choices = site_choices()
    if not form.validate_on_submit():
        return _page(group, form=form, status=422)
    try:
        update_group(
            group,
            name=form.name.data or "",
            description=form.description.data or "",
            site_id=form.site_id.data,
            screenshot_interval_minutes=form.interval_minutes(),
        )
    except ServiceError as exc:
        show_errors(form, exc)
        return _page(group, form=form, status=409 if isinstance(exc, Conflict) else 422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.group", group_id=group.id))


@bp.post("/groups/<group_id>/delete")
@requires(Permission.SITES_WRITE)
def group_delete(group_id: str):
    group = get_or_404(ScreenGroup, group_id, "group")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _page(group, delete_form=form, status=422)
    name, site_id = group.name, group.site_id
    try:
        delete_group(group)
    except ServiceError as exc:
        form.form_errors.append(translate(exc.message))
        return _page(group, delete_form=form, status=409)
    flash(_("Group %(name)s deleted; its screens stay on the site, in no group.", name=name), "success")
    return redirect(url_for("admin.site", site_id=site_id))
