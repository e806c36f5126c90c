"""Data source pages: the list with the create form; one source with its last fetch, a
preview, the media reading it, edit, refresh and delete. Read: every role; write: ADMIN and
EDITOR."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from signage.access.matrix import Permission
from signage.core.errors import ServiceError
from signage.datasources.fields import available
from signage.datasources.parsers import preview
from signage.datasources.queries import media_using, sources_query
from signage.datasources.sources import (
    DataSourceInUse,
    create_source,
    delete_source,
    refresh_source,
    update_source,
)
from signage.models import DataSource
from signage.web.console.blueprint import bp
from signage.web.console.datasource_forms import DataSourceFieldsForm, DataSourceForm, edit_data, fields_data
from signage.web.console.forms import ConfirmForm, DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import SEARCH_MAX, get_or_404


def _list_page(form: DataSourceForm | None = None, status: int = 200):
    q = (request.args.get("q") or "").strip()[:SEARCH_MAX]
    return render_template(
        "admin/datasources.html",
        page=page_of(sources_query(q)),
        q=q,
        form=form or DataSourceForm(formdata=None),
    ), status


def _source_page(
    source: DataSource,
    *,
    form: DataSourceForm | None = None,
    delete_form: DeleteForm | None = None,
    blocked: DataSourceInUse | None = None,
    fields_form: DataSourceFieldsForm | None = None,
    status: int = 200,
):
    media, total = media_using(source.id)
    mappable = source.type.value != "RSS"
    names = available(source.last_data) if mappable and source.last_data is not None else []
    fields_form = fields_form or DataSourceFieldsForm(formdata=None, data=fields_data(source))
    fields_form.offer(names)
    return render_template(
        "admin/datasource.html",
        source=source,
        shown=preview(source.last_data) if source.last_data is not None else None,
        media=media,
        media_total=total,
        form=form or DataSourceForm(formdata=None, data=edit_data(source)),
        refresh_form=ConfirmForm(formdata=None),
        delete_form=delete_form or DeleteForm(formdata=None),
        blocked=blocked,
        mappable=mappable,
        field_names=names,
        # Mapped fields the last fetch no longer has (a new URL or document): tickers show nothing
        # for them until the mapping is changed.
        stale_fields=[
            name
            for name in (source.title_field, source.text_field, source.image_field)
            if name and source.last_data is not None and name not in names
        ],
        fields_form=fields_form,
    ), status


@bp.get("/datasources")
@requires(Permission.DATASOURCES_READ)
def datasources():
    return _list_page()


@bp.post("/datasources")
@requires(Permission.DATASOURCES_WRITE)
def datasource_create():
    form = DataSourceForm()
    if not form.validate_on_submit():
        return _list_page(form, 422)
    try:
        source = create_source(**form.service_args())
    except ServiceError as exc:
        show_errors(form, exc)
        return _list_page(form, 422)
    flash(_("Data source %(name)s created. Refresh it to fetch it now.", name=source.name), "success")
    return redirect(url_for("admin.datasource", source_id=source.id))


@bp.get("/datasources/<source_id>")
@requires(Permission.DATASOURCES_READ)
def datasource(source_id: str):
    return _source_page(get_or_404(DataSource, source_id, "data source"))


@bp.post("/datasources/<source_id>")
@requires(Permission.DATASOURCES_WRITE)
def datasource_update(source_id: str):
    source = get_or_404(DataSource, source_id, "data source")
    form = DataSourceForm()
    if not form.validate_on_submit():
        return _source_page(source, form=form, status=422)
    try:
        update_source(source, **form.service_args())
    except ServiceError as exc:
        show_errors(form, exc)
        return _source_page(source, form=form, status=422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.datasource", source_id=source.id))


@bp.post("/datasources/<source_id>/fields")
@requires(Permission.DATASOURCES_WRITE)
def datasource_fields(source_id: str):
    source = get_or_404(DataSource, source_id, "data source")
    form = DataSourceFieldsForm()
    if not form.validate_on_submit():
        return _source_page(source, fields_form=form, status=422)
    try:
        update_source(source, **form.service_args())
    except ServiceError as exc:
        show_errors(form, exc)
        return _source_page(source, fields_form=form, status=422)
    flash(_("Field mapping saved: tickers reading this source show it."), "success")
    return redirect(url_for("admin.datasource", source_id=source.id))


@bp.post("/datasources/<source_id>/refresh")
@requires(Permission.DATASOURCES_WRITE)
def datasource_refresh(source_id: str):
    source = get_or_404(DataSource, source_id, "data source")
    if not ConfirmForm().validate_on_submit():
        return _source_page(source, status=400)
    refreshed = refresh_source(source.id)
    if refreshed is None:
        flash(_("This data source was deleted meanwhile."), "error")
        return redirect(url_for("admin.datasources"))
    if refreshed.last_error:
        flash(
            _("The fetch failed; screens keep the last data. %(error)s", error=refreshed.last_error), "error"
        )
    else:
        flash(_("Fetched just now."), "success")
    return redirect(url_for("admin.datasource", source_id=source.id))


@bp.post("/datasources/<source_id>/delete")
@requires(Permission.DATASOURCES_WRITE)
def datasource_delete(source_id: str):
    source = get_or_404(DataSource, source_id, "data source")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _source_page(source, delete_form=form, status=422)
    name = source.name
    try:
        delete_source(source)
    except DataSourceInUse as exc:
        return _source_page(source, blocked=exc, status=409)
    flash(_("Data source %(name)s deleted.", name=name), "success")
    return redirect(url_for("admin.datasources"))
