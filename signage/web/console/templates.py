"""Template pages: the list, a form with a live scaled preview of the zones, delete."""

from __future__ import annotations

import json
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signage.access.matrix import Permission
from signage.content.canvas import thumbnail_size
from signage.content.queries import playlist_counts, playlists_on, templates_query
from signage.content.templates import create_template, delete_template, duplicate_template, update_template
from signage.content.zones import SEEDED_TEMPLATES, normalise, zones_problems
from signage.core.errors import ServiceError
from signage.core.values import NAME_MAX
from signage.media.urls import object_url
from signage.models import Template
from signage.web.console.blueprint import bp
from signage.web.console.content_forms import TemplateForm, zones_text
from signage.web.console.forms import ConfirmForm, DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.i18n import translate

STARTER_ZONES = normalise(SEEDED_TEMPLATES[0]["zones"])


@bp.app_template_global()
def preview_zones(text: str | None) -> list[dict[str, Any]]:
    """The zones a form holds, when they are valid enough to draw; else none."""
    try:
        zones = json.loads(text or "")
    except ValueError:
        return []
    return normalise(zones) if not zones_problems(zones) else []


def _list_page(form: TemplateForm, status: int = 200):
    page = page_of(templates_query())
    counts = playlist_counts([t.id for t in page.items])
    thumbnails = {t.id: object_url(t.thumbnail_s3_key) or t.thumbnail_cdn_url for t in page.items}
    sizes = {t.id: thumbnail_size(t.canvas_width, t.canvas_height) for t in page.items}
    return render_template(
        "admin/templates.html",
        page=page,
        counts=counts,
        thumbnails=thumbnails,
        thumbnail_sizes=sizes,
        form=form,
    ), status


def _template_page(
    template: Template,
    form: TemplateForm | None = None,
    delete_form: DeleteForm | None = None,
    status: int = 200,
):
    if form is None:
        form = TemplateForm(
            formdata=None,
            data={
                "name": template.name,
                "description": template.description,
                "canvas_width": str(template.canvas_width),
                "canvas_height": str(template.canvas_height),
            },
        )
        form.zones.data = zones_text(template.zones)
    return render_template(
        "admin/template.html",
        template=template,
        form=form,
        delete_form=delete_form or DeleteForm(formdata=None),
        duplicate_form=ConfirmForm(formdata=None),
        playlists=playlists_on(template),
    ), status


@bp.get("/templates")
@requires(Permission.TEMPLATES_READ)
def templates():
    form = TemplateForm(formdata=None)
    form.zones.data = zones_text(STARTER_ZONES)
    return _list_page(form)


@bp.post("/templates")
@requires(Permission.TEMPLATES_WRITE)
def template_create():
    form = TemplateForm()
    zones = form.zones_value() if form.validate_on_submit() else None
    if zones is None:
        return _list_page(form, 422)
    try:
        template = create_template(
            name=form.name.data or "",
            description=form.description.data or "",
            zones=zones,
            created_by=current_user.id,
            **form.canvas_args(),
        )
    except ServiceError as exc:
        show_zone_errors(form, exc)
        return _list_page(form, 422)
    flash(_("Template %(name)s created.", name=template.name), "success")
    return redirect(url_for("admin.template", template_id=template.id))


@bp.get("/templates/<template_id>")
@requires(Permission.TEMPLATES_READ)
def template(template_id: str):
    return _template_page(get_or_404(Template, template_id, "template"))


@bp.post("/templates/<template_id>")
@requires(Permission.TEMPLATES_WRITE)
def template_update(template_id: str):
    template = get_or_404(Template, template_id, "template")
    form = TemplateForm()
    zones = form.zones_value() if form.validate_on_submit() else None
    if zones is None:
        return _template_page(template, form=form, status=422)
    try:
        update_template(
            template,
            name=form.name.data or "",
            description=form.description.data or "",
            zones=zones,
            **form.canvas_args(),
        )
    except ServiceError as exc:
        show_zone_errors(form, exc)
        return _template_page(template, form=form, status=409 if exc.code == "zone_in_use" else 422)
    flash(_("Template saved. Screens playing its playlists reload them."), "success")
    return redirect(url_for("admin.template", template_id=template.id))


@bp.post("/templates/<template_id>/duplicate")
@requires(Permission.TEMPLATES_WRITE)
def template_duplicate(template_id: str):
    template = get_or_404(Template, template_id, "template")
    if not ConfirmForm().validate_on_submit():
        return _template_page(template, status=422)
    name = _("%(name)s (copy)", name=template.name)[:NAME_MAX]
    copy = duplicate_template(template, name=name, created_by=current_user.id)
    flash(_("Template %(name)s created.", name=copy.name), "success")
    return redirect(url_for("admin.template", template_id=copy.id))


@bp.post("/templates/<template_id>/delete")
@requires(Permission.TEMPLATES_WRITE)
def template_delete(template_id: str):
    template = get_or_404(Template, template_id, "template")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _template_page(template, delete_form=form, status=422)
    name = template.name
    try:
        delete_template(template)
    except ServiceError as exc:
        show_errors(form, exc)
        return _template_page(template, delete_form=form, status=409)
    flash(_("Template %(name)s deleted.", name=name), "success")
    return redirect(url_for("admin.templates"))


def show_zone_errors(form: TemplateForm, exc: ServiceError) -> None:
    """Zone problems (`zones[1].width`) go under the zones field, named; the rest as usual."""
    zone_messages = {k: v for k, v in exc.fields.items() if k.startswith("zones")}
    rest = {k: v for k, v in exc.fields.items() if not k.startswith("zones")}
    form.zones.errors = [*form.zones.errors, *(f"{k}: {translate(v)}" for k, v in zone_messages.items())]
    if rest or not exc.fields:
        show_errors(form, ServiceError(exc.code, exc.message, rest))
