"""Playlist pages: the list, the settings, and the items editor (drag to reorder, per-item
duration and transitions, zone by zone). Everything saves through the playlist service, so
the version rules are the API's."""

from __future__ import annotations

import re
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signage.access.matrix import Permission
from signage.content.payloads import ordered_items
from signage.content.playlist_rules import PLAYABLE_IN, TRANSITIONS, clock_text, item_seconds
from signage.content.playlists import create_playlist, delete_playlist, update_playlist
from signage.content.queries import playlists_query, template_options
from signage.core.errors import ServiceError
from signage.extensions import db
from signage.media.urls import thumbnail_url
from signage.models import Playlist
from signage.web.console.blueprint import bp
from signage.web.console.content_forms import PlaylistForm
from signage.web.console.forms import DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.i18n import translate

ROW = re.compile(r"^r\d{1,4}$")
ITEM_ERROR = re.compile(r"^items\[(\d+)\]\.?(.*)$")


def _template_choices() -> list[tuple[str, str]]:
    return [(str(t.id), t.name) for t in template_options()]


def _settings_form(playlist: Playlist | None = None, formdata: Any = None) -> PlaylistForm:
    data = None
    if playlist is not None and formdata is None:
        data = {
            "name": playlist.name,
            "description": playlist.description,
            "template_id": str(playlist.template_id),
            "default_duration": playlist.default_duration,
            "transition": playlist.transition.value,
        }
    form = PlaylistForm(formdata=formdata, data=data) if data else PlaylistForm(formdata=formdata)
    form.template_id.choices = _template_choices()
    return form


def _settings_values(form: PlaylistForm) -> dict[str, Any]:
    return {
        "name": form.name.data or "",
        "description": form.description.data or "",
        "template_id": form.template_id.data,
        # An empty or non-numeric box reaches the service as what it is, and is refused there.
        "default_duration": form.default_duration.data if form.default_duration.data is not None else "",
        "transition": form.transition.data,
    }


def _list_page(form: PlaylistForm, status: int = 200):
    page = page_of(playlists_query())
    return render_template("admin/playlists.html", page=page, form=form), status


def _playlist_page(
    playlist: Playlist,
    *,
    form: PlaylistForm | None = None,
    delete_form: DeleteForm | None = None,
    item_errors: dict[int, list[str]] | None = None,
    editor_errors: list[str] | None = None,
    status: int = 200,
):
    items = ordered_items(playlist)
    zones = []
    for zone in playlist.template.zones:
        if zone["type"] not in PLAYABLE_IN:
            continue
        mine = [i for i in items if i.zone_id == zone["id"]]
        total = sum(item_seconds(i.duration, i.media.duration, playlist.default_duration) for i in mine)
        zones.append(
            {**zone, "items": mine, "total": clock_text(total), "accepts": sorted(PLAYABLE_IN[zone["type"]])}
        )
    return render_template(
        "admin/playlist.html",
        playlist=playlist,
        zones=zones,
        form=form or _settings_form(playlist),
        delete_form=delete_form or DeleteForm(formdata=None),
        item_errors=item_errors or {},
        editor_errors=editor_errors or [],
        transitions=TRANSITIONS,
        thumbnail_url=thumbnail_url,
    ), status


@bp.get("/playlists")
@requires(Permission.PLAYLISTS_READ)
def playlists():
    return _list_page(_settings_form())


@bp.post("/playlists")
@requires(Permission.PLAYLISTS_WRITE)
def playlist_create():
    # CSRF is checked for every POST by CSRFProtect; the values by the service.
    form = _settings_form(formdata=request.form)
    try:
        playlist = create_playlist(**_settings_values(form), created_by=current_user.id)
    except ServiceError as exc:
        show_errors(form, exc)
        return _list_page(form, 422)
    flash(_("Playlist %(name)s created: add its items.", name=playlist.name), "success")
    return redirect(url_for("admin.playlist", playlist_id=playlist.id))


@bp.get("/playlists/<playlist_id>")
@requires(Permission.PLAYLISTS_READ)
def playlist(playlist_id: str):
    return _playlist_page(get_or_404(Playlist, playlist_id, "playlist"))


@bp.post("/playlists/<playlist_id>")
@requires(Permission.PLAYLISTS_WRITE)
def playlist_update(playlist_id: str):
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    form = _settings_form(playlist, formdata=request.form)
    try:
        update_playlist(playlist, **_settings_values(form))
    except ServiceError as exc:
        show_errors(form, exc)
        return _playlist_page(playlist, form=form, status=422)
    flash(_("Playlist saved."), "success")
    return redirect(url_for("admin.playlist", playlist_id=playlist.id))


def _posted_items() -> list[dict[str, Any]]:
    """The editor's rows in the order the page holds them (drag and drop moves the rows)."""
    items = []
    for row in request.form.getlist("row"):
        if not ROW.match(row) or request.form.get(f"{row}-remove"):
            continue
        duration = (request.form.get(f"{row}-duration") or "").strip()
        items.append(
            {
                "mediaId": request.form.get(f"{row}-media", ""),
                "zoneId": request.form.get(f"{row}-zone", ""),
                "order": len(items),
                "duration": int(duration) if duration.isdigit() and len(duration) < 7 else (duration or None),
                "transitionIn": request.form.get(f"{row}-in") or None,
                "transitionOut": request.form.get(f"{row}-out") or None,
                "fit": request.form.get(f"{row}-fit") or None,
            }
        )
    return items


@bp.post("/playlists/<playlist_id>/items")
@requires(Permission.PLAYLISTS_WRITE)
def playlist_items_save(playlist_id: str):
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    items = _posted_items()
    try:
        update_playlist(playlist, items=items)
    except ServiceError as exc:
        db.session.rollback()
        item_errors: dict[int, list[str]] = {}
        others = []
        for key, message in exc.fields.items():
            match = ITEM_ERROR.match(key)
            if match:
                item_errors.setdefault(int(match.group(1)), []).append(translate(message))
            else:
                others.append(translate(message))
        # Errors name positions in the posted list; show them against the rows as posted.
        posted = [f"{item['mediaId']}" for item in items]
        return _playlist_page(
            playlist,
            editor_errors=others
            + [
                _(
                    "Row %(row)s (media %(media)s): %(problems)s",
                    row=i + 1,
                    media=posted[i],
                    problems="; ".join(m),
                )
                for i, m in item_errors.items()
            ],
            status=422,
        )
    flash(_("Items saved (version %(version)s).", version=playlist.version), "success")
    return redirect(url_for("admin.playlist", playlist_id=playlist.id))


@bp.post("/playlists/<playlist_id>/delete")
@requires(Permission.PLAYLISTS_WRITE)
def playlist_delete(playlist_id: str):
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _playlist_page(playlist, delete_form=form, status=422)
    name = playlist.name
    try:
        delete_playlist(playlist)
    except ServiceError as exc:
        show_errors(form, exc)
        return _playlist_page(playlist, delete_form=form, status=409)
    flash(_("Playlist %(name)s deleted.", name=name), "success")
    return redirect(url_for("admin.playlists"))
