"""/api/admin/playlists: written whole with their items (CONTRACT §4)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Array, Body, Id, Int, Str, omitted
from signage.content.payloads import playlist_json
from signage.content.playlists import create_playlist, delete_playlist, update_playlist
from signage.content.queries import playlists_query
from signage.models import Playlist
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged


# Values are checked by the service; here only the shape of the body.
class PlaylistUpdate(Body):
    name: Str = omitted()
    description: Str = omitted()
    template_id: Id = omitted()
    default_duration: Int = omitted()
    transition: Str = omitted()
    # [{mediaId, zoneId, order, duration, transitionIn, transitionOut, fit}], each item's
    # values checked by signage.content so every bad item is named.
    items: Array = omitted()


class PlaylistCreate(PlaylistUpdate):
    name: Str
    template_id: Id


NAMES = {"templateId": "template_id", "defaultDuration": "default_duration"}


def _args(data: dict[str, Any]) -> dict[str, Any]:
    return {NAMES.get(key, key): value for key, value in data.items()}


@bp.get("/playlists")
@requires(Permission.PLAYLISTS_READ)
@paged("q", "templateId")
@answers(schemas.page_of(schemas.PlaylistSummary))
def playlists_list():
    """`?q=` searches names; `?templateId=` filters. Items are left out of the list."""
    query = playlists_query(search_term(), request.args.get("templateId"))
    return jsonify(paginate(query, lambda p: playlist_json(p, with_items=False)))


@bp.post("/playlists")
@requires(Permission.PLAYLISTS_WRITE)
@accepts(PlaylistCreate)
@answers(schemas.Playlist, 201)
def playlists_create():
    data = PlaylistCreate.validated(json_body())
    playlist = create_playlist(**_args(data), created_by=current_user.id)
    return jsonify(playlist_json(playlist)), 201


@bp.get("/playlists/<playlist_id>")
@requires(Permission.PLAYLISTS_READ)
@answers(schemas.Playlist)
def playlists_show(playlist_id: str):
    return jsonify(playlist_json(get_or_404(Playlist, playlist_id, "playlist")))


@bp.put("/playlists/<playlist_id>")
@requires(Permission.PLAYLISTS_WRITE)
@accepts(PlaylistUpdate)
@answers(schemas.Playlist)
def playlists_update(playlist_id: str):
    """Partial; `items`, when sent, replaces the whole list."""
    playlist = get_or_404(Playlist, playlist_id, "playlist")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = PlaylistUpdate.validated(json_body(), current=playlist_json(playlist))
    update_playlist(playlist, **_args(data))
    return jsonify(playlist_json(playlist))


@bp.delete("/playlists/<playlist_id>")
@requires(Permission.PLAYLISTS_WRITE)
@answers(None, 204)
def playlists_delete(playlist_id: str):
    """409 `playlist_in_use` while schedules play it."""
    delete_playlist(get_or_404(Playlist, playlist_id, "playlist"))
    return "", 204
