"""The media library page: a thumbnail grid with filters, uploads (through the API, by the
page's script, with a progress bar per file), links, editing and deletion."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from signage.access.matrix import Permission, can
from signage.content import media_rules
from signage.content.library import MediaInUse
from signage.content.queries import TYPES, VALIDITIES, library_query, playlists_using
from signage.core.errors import N_, InvalidData, ServiceError
from signage.core.wire import parse_instant
from signage.datasources.feed_media import add_feed_link, delete_feed_media, update_feed_media
from signage.datasources.queries import sources_query
from signage.datasources.rules import fit_problem
from signage.extensions import db
from signage.media.urls import media_url, page_urls, thumbnail_url
from signage.models import DataSource, Media
from signage.models.enums import MediaType
from signage.monitoring.error_queries import errors_query, spread
from signage.scheduling.queries import playlist_options
from signage.web.console.blueprint import bp
from signage.web.console.forms import DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import get_or_404, parse_id
from signage.web.i18n import local_instant, translate, user_zone

LINK_TYPES = ("WEBPAGE", "RSS", "DATASET")
# The link form's fields named otherwise than the service's.
FORM_FIELDS = {"data_source_id": "data_source"}
SOURCES_SHOWN = 500
# Form field → (service argument, rule); an empty box means "none" for the optional ones.
RULES = {
    "name": ("name", media_rules.clean_name),
    "tags": ("tags", media_rules.split_tags),
    "duration": ("duration", media_rules.clean_duration),
    "valid_from": ("valid_from", parse_instant),
    "valid_until": ("valid_until", parse_instant),
    "url": ("url", media_rules.clean_url),
}
OPTIONAL = {"duration", "valid_from", "valid_until"}
LOCAL_TIMES = {"valid_from", "valid_until"}


def _values(fields: tuple[str, ...]) -> dict[str, Any]:
    """The posted fields through the API's own rules; InvalidData names each bad one."""
    posted = {field: (request.form.get(field) or "").strip() for field in fields}
    zone = user_zone()
    for field in LOCAL_TIMES & set(posted):
        # The pickers' values are on the user's clock (the page prints its zone).
        posted[field] = local_instant(posted[field], zone, field) or ""
    values, problems = media_rules.check_fields(
        {field: None if raw == "" and field in OPTIONAL else raw for field, raw in posted.items()}, RULES
    )
    if problems:
        raise InvalidData(problems)
    return values


def _filters() -> dict[str, str]:
    kind = request.args.get("type", "")
    validity = request.args.get("validity", "")
    return {
        "type": kind if kind in TYPES else "",
        "validity": validity if validity in VALIDITIES else "",
        "tag": (request.args.get("tag") or "").strip()[:64],
        "q": (request.args.get("q") or "").strip()[:200],
    }


def _library(link_errors: dict[str, str] | None = None, status: int = 200):
    filters = _filters()
    now = datetime.now(UTC)
    page = page_of(
        library_query(
            filters["type"] or None,
            filters["tag"] or None,
            filters["q"] or None,
            validity=filters["validity"] or None,
            at=now,
        ),
        size=60,
    )
    return render_template(
        "admin/media.html",
        page=page,
        filters=filters,
        types=TYPES,
        link_types=LINK_TYPES,
        link_errors=link_errors or {},
        sources=_source_options() if can(current_user.role, Permission.MEDIA_WRITE) else [],
        thumbnail_url=thumbnail_url,
        now=now,
        playlists=playlist_options() if can(current_user.role, Permission.PLAYLISTS_WRITE) else [],
        form_values=request.form if link_errors else {},
        http_webpages=current_app.config["SIGNAGE"].allow_http_webpages,
    ), status


def _source_options() -> list[tuple[int, str, str]]:
    """(id, name, type) of the sources the link form offers, by name."""
    rows = db.session.scalars(sources_query().limit(SOURCES_SHOWN)).all()
    return [(row.id, row.name, row.type.value) for row in rows]


@bp.get("/media")
@requires(Permission.MEDIA_READ)
def media_library():
    return _library()


@bp.post("/media/link")
@requires(Permission.MEDIA_WRITE)
def media_link_create():
    kind = request.form.get("type", "")
    try:
        if kind not in LINK_TYPES:
            raise InvalidData({"type": _("Must be one of %(choices)s.", choices=", ".join(LINK_TYPES))})
        source = _picked_source(kind)
        url_given = bool((request.form.get("url") or "").strip())
        if kind == "RSS" and source is None and not url_given:
            raise InvalidData({"url": N_("Give a URL or pick a data source.")})
        fields: tuple[str, ...] = ("tags", "duration")
        if kind == "WEBPAGE" or source is None or url_given:
            fields += ("url",)
        if source is None or (request.form.get("name") or "").strip():
            fields += ("name",)
        values = _values(fields)
        if source is not None:
            if url_given:
                raise InvalidData({"url": N_("Give a URL or pick a data source, not both.")})
            values.setdefault("name", source.name)
        media = add_feed_link(
            type=MediaType(kind),
            data_source_id=source.id if source is not None else None,
            url=values.pop("url", None),
            valid_from=None,
            valid_until=None,
            created_by=current_user.id,
            **values,
        )
    except ServiceError as exc:
        db.session.rollback()
        return _library(link_errors=_errors(exc), status=422)
    flash(_("%(name)s added.", name=media.name), "success")
    return redirect(url_for("admin.media_detail", media_id=media.id))


def _picked_source(kind: str) -> DataSource | None:
    """The form's data source, checked against the media type (a dataset needs one)."""
    raw = (request.form.get("data_source") or "").strip()
    if kind == "WEBPAGE" or (not raw and kind == "RSS"):
        return None
    if not raw:
        raise InvalidData({"data_source": N_("Pick a data source.")})
    source_id = parse_id(raw)
    source = db.session.get(DataSource, source_id) if source_id is not None else None
    if source is None:
        raise InvalidData({"data_source": N_("No data source with this id.")})
    problem = fit_problem(kind, source.type.value)
    if problem:
        raise InvalidData({"data_source": problem})
    return source


def _errors(exc: ServiceError) -> dict[str, str]:
    """A refusal as the media pages show it: each field's message, or one above the form."""
    fields = exc.fields or {"": exc.message}
    return {FORM_FIELDS.get(name, name): translate(message) for name, message in fields.items()}


def _detail(media: Media, errors: dict[str, str] | None = None, delete_form=None, blocked=None, status=200):
    return render_template(
        "admin/media_detail.html",
        media=media,
        url=media_url(media),
        thumbnail=thumbnail_url(media),
        pages=page_urls(media),
        playlists=playlists_using(media),
        errors=errors or {},
        form_values=request.form if errors else {},
        delete_form=delete_form or DeleteForm(formdata=None),
        blocked=blocked,
        failures=spread(errors_query(media_id=media.id)),
        source=db.session.get(DataSource, media.data_source_id) if media.data_source_id else None,
    ), status


@bp.get("/media/<media_id>")
@requires(Permission.MEDIA_READ)
def media_detail(media_id: str):
    return _detail(get_or_404(Media, media_id, "media"))


@bp.post("/media/<media_id>")
@requires(Permission.MEDIA_WRITE)
def media_update(media_id: str):
    media = get_or_404(Media, media_id, "media")
    fields = ("name", "tags", "duration", "valid_from", "valid_until")
    if media.type == MediaType.WEBPAGE or media.url is not None:
        # A feed or a table read from a data source has no URL of its own to edit.
        fields += ("url",)
    try:
        update_feed_media(media, **_values(fields))
    except ServiceError as exc:
        db.session.rollback()
        return _detail(media, errors=_errors(exc), status=422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.media_detail", media_id=media.id))


@bp.post("/media/<media_id>/delete")
@requires(Permission.MEDIA_WRITE)
def media_delete(media_id: str):
    media = get_or_404(Media, media_id, "media")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _detail(media, delete_form=form, status=422)
    name = media.name
    try:
        bumped = delete_feed_media(media, force=request.form.get("force") == "y")
    except MediaInUse as exc:
        return _detail(media, blocked=exc, status=409)
    except ServiceError as exc:
        show_errors(form, exc)
        return _detail(media, delete_form=form, status=409)
    if bumped:
        flash(
            ngettext(
                "%(name)s deleted. It was removed from %(num)d playlist.",
                "%(name)s deleted. It was removed from %(num)d playlists.",
                len(bumped),
                name=name,
            ),
            "success",
        )
    else:
        flash(_("%(name)s deleted.", name=name), "success")
    return redirect(url_for("admin.media_library"))
