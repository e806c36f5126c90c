"""Sites pages: the list, one site with its groups and screens. Read: every role; write: ADMIN."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from signage.access.matrix import Permission
from signage.core.errors import ServiceError
from signage.fleet.groups import create_group
from signage.fleet.queries import site_groups, site_screens, sites_query
from signage.fleet.sites import SiteHasScreens, create_site, delete_site, update_site
from signage.models import Site
from signage.web.console.blueprint import bp
from signage.web.console.fleet_forms import GroupForm, SiteForm
from signage.web.console.forms import DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import SEARCH_MAX, get_or_404
from signage.web.i18n import translate


def _site_values(form: SiteForm) -> dict[str, str | None]:
    return {
        "name": form.name.data or "",
        "city": form.city.data or "",
        "address": form.address.data or "",
        "timezone": form.timezone.data or "",
        "locale": form.locale.data or None,
        "contact_name": form.contact_name.data or "",
        "contact_email": form.contact_email.data or "",
    }


def _edit_form(site: Site) -> SiteForm:
    return SiteForm(
        formdata=None,
        data={
            "name": site.name,
            "city": site.city,
            "address": site.address,
            "timezone": site.timezone,
            "locale": site.locale,
            "contact_name": site.contact_name,
            "contact_email": site.contact_email,
        },
    )


def _list_page(form: SiteForm, status: int = 200):
    q = (request.args.get("q") or "").strip()[:SEARCH_MAX]
    return render_template("admin/sites.html", page=page_of(sites_query(q)), q=q, form=form), status


def _site_page(
    site: Site,
    *,
    form: SiteForm | None = None,
    group_form: GroupForm | None = None,
    delete_form: DeleteForm | None = None,
    blocked: SiteHasScreens | None = None,
    status: int = 200,
):
    return render_template(
        "admin/site.html",
        site=site,
        groups=site_groups(site.id),
        screens=site_screens(site.id),
        form=form or _edit_form(site),
        group_form=group_form or GroupForm(formdata=None),
        delete_form=delete_form or DeleteForm(formdata=None),
        blocked=blocked,
    ), status


def _new_site_form() -> SiteForm:
    return SiteForm(formdata=None, data={"locale": current_app.config["SIGNAGE"].default_locale})


@bp.get("/sites")
@requires(Permission.SITES_READ)
def sites():
    return _list_page(_new_site_form())


@bp.post("/sites")
@requires(Permission.SITES_WRITE)
def site_create():
    form = SiteForm()
    if not form.validate_on_submit():
        return _list_page(form, 422)
    try:
        site = create_site(**_site_values(form))  # type: ignore[arg-type]
    except ServiceError as exc:
        show_errors(form, exc)
        return _list_page(form, 422)
    flash(_("Site %(name)s created. Add its groups and screens here.", name=site.name), "success")
    return redirect(url_for("admin.site", site_id=site.id))


@bp.get("/sites/<site_id>")
@requires(Permission.SITES_READ)
def site(site_id: str):
    return _site_page(get_or_404(Site, site_id, "site"))


@bp.post("/sites/<site_id>")
@requires(Permission.SITES_WRITE)
def site_update(site_id: str):
    site = get_or_404(Site, site_id, "site")
    form = SiteForm()
    if not form.validate_on_submit():
        return _site_page(site, form=form, status=422)
    try:
        update_site(site, **_site_values(form))
    except ServiceError as exc:
        show_errors(form, exc)
        return _site_page(site, form=form, status=422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.site", site_id=site.id))


@bp.post("/sites/<site_id>/delete")
@requires(Permission.SITES_WRITE)
def site_delete(site_id: str):
    site = get_or_404(Site, site_id, "site")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _site_page(site, delete_form=form, status=422)
    name = site.name
    try:
        delete_site(site)
    except SiteHasScreens as exc:
        return _site_page(site, blocked=exc, status=409)
    except ServiceError as exc:
        form.form_errors.append(translate(exc.message))
        return _site_page(site, delete_form=form, status=409)
    flash(_("Site %(name)s deleted, with its groups.", name=name), "success")
    return redirect(url_for("admin.sites"))


@bp.post("/sites/<site_id>/groups")
@requires(Permission.SITES_WRITE)
def group_create(site_id: str):
    site = get_or_404(Site, site_id, "site")
    group_form = GroupForm()
    if not group_form.validate_on_submit():
        return _site_page(site, group_form=group_form, status=422)
    try:
        group = create_group(
            name=group_form.name.data or "", description=group_form.description.data or "", site_id=site.id
        )
    except ServiceError as exc:
        show_errors(group_form, exc)
        return _site_page(site, group_form=group_form, status=422)
    flash(_("Group %(name)s created.", name=group.name), "success")
    return redirect(url_for("admin.site", site_id=site.id))
