"""Screens pages: the filterable list, one screen's details. Read: every role; write: ADMIN.

The activation panel on a screen's page is screen_identity.py's (included by the template).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from signage.access.matrix import Permission
from signage.core.errors import ServiceError
from signage.fleet.queries import screens_query, with_placement
from signage.fleet.screens import create_screen, delete_screen, update_screen
from signage.models import Screen, ScreenStatus
from signage.monitoring.queries import playlist_names
from signage.web.console.blueprint import bp
from signage.web.console.fleet_choices import group_choices, site_choices
from signage.web.console.fleet_forms import ScreenForm
from signage.web.console.forms import DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.console.screen_monitoring import screen_monitoring
from signage.web.guard import requires
from signage.web.http import SEARCH_MAX, get_or_404
from signage.web.i18n import translate

STATUSES = [s.value for s in ScreenStatus]


def _with_choices(form: ScreenForm) -> ScreenForm:
    form.site_id.choices = site_choices()
    form.group_id.choices = group_choices()
    return form


def _screen_values(form: ScreenForm) -> dict[str, str | None]:
    return {
        "name": form.name.data or "",
        "description": form.description.data or "",
        "site_id": form.site_id.data or "",
        "group_id": form.group_id.data or None,
        "orientation": form.orientation.data,
    }


def _filters() -> dict[str, str]:
    """The list's filters as given; a value that names nothing simply matches nothing."""
    status = request.args.get("status", "")
    return {
        "q": (request.args.get("q") or "").strip()[:SEARCH_MAX],
        "site": request.args.get("site", ""),
        "group": request.args.get("group", ""),
        "status": status if status in STATUSES else "",
    }


def _list_page(form: ScreenForm, status: int = 200):
    filters = _filters()
    query = screens_query(
        filters["q"],
        site_id=filters["site"],
        group_id=filters["group"],
        status=ScreenStatus(filters["status"]) if filters["status"] else None,
    )
    form = _with_choices(form)
    return render_template(
        "admin/screens.html",
        page=page_of(with_placement(query)),
        filters=filters,
        statuses=STATUSES,
        # The filters offer the same sites and groups as the form (less its "No group").
        sites=form.site_id.choices,
        groups=form.group_id.choices[1:],
        form=form,
    ), status


def _edit_form(screen: Screen) -> ScreenForm:
    return ScreenForm(
        formdata=None,
        data={
            "name": screen.name,
            "description": screen.description,
            "site_id": str(screen.site_id),
            "group_id": str(screen.group_id) if screen.group_id else "",
            "orientation": screen.orientation.value,
        },
    )


def _screen_page(
    screen: Screen,
    *,
    form: ScreenForm | None = None,
    delete_form: DeleteForm | None = None,
    status: int = 200,
):
    playing = screen.current_playlist_id  # shown by name, as Monitoring shows it
    return render_template(
        "admin/screen.html",
        screen=screen,
        form=_with_choices(form or _edit_form(screen)),
        delete_form=delete_form or DeleteForm(formdata=None),
        monitoring=screen_monitoring(screen),
        current_playlist=playlist_names({playing}).get(playing) if playing else None,
    ), status


@bp.get("/screens")
@requires(Permission.SCREENS_READ)
def screens():
    return _list_page(ScreenForm(formdata=None, data={"site_id": request.args.get("site", "")}))


@bp.post("/screens")
@requires(Permission.SCREENS_WRITE)
def screen_create():
    form = _with_choices(ScreenForm())
    if not form.validate_on_submit():
        return _list_page(form, 422)
    try:
        screen = create_screen(**_screen_values(form))  # type: ignore[arg-type]
    except ServiceError as exc:
        show_errors(form, exc)
        return _list_page(form, 422)
    flash(_("Screen %(name)s created. Activate it to connect its player.", name=screen.name), "success")
    return redirect(url_for("admin.screen", screen_id=screen.id))


@bp.get("/screens/<screen_id>")
@requires(Permission.SCREENS_READ)
def screen(screen_id: str):
    return _screen_page(get_or_404(Screen, screen_id, "screen"))


@bp.post("/screens/<screen_id>")
@requires(Permission.SCREENS_WRITE)
def screen_update(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    form = _with_choices(ScreenForm())
    if not form.validate_on_submit():
        return _screen_page(screen, form=form, status=422)
    try:
        update_screen(screen, **_screen_values(form))
    except ServiceError as exc:
        show_errors(form, exc)
        return _screen_page(screen, form=form, status=422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.screen", screen_id=screen.id))


@bp.post("/screens/<screen_id>/delete")
@requires(Permission.SCREENS_WRITE)
def screen_delete(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _screen_page(screen, delete_form=form, status=422)
    name = screen.name
    try:
        delete_screen(screen)  # its player is disconnected too
    except ServiceError as exc:
        form.form_errors.append(translate(exc.message))
        return _screen_page(screen, delete_form=form, status=409)
    flash(_("Screen %(name)s deleted.", name=name), "success")
    return redirect(url_for("admin.screens"))
