"""/api/admin/playlists: written whole with their items (CONTRACT §4)."""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify, request
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Array, Body, Id, Int, check, check_beside, omitted, one_of, text
from signage.content.payloads import playlist_json
from signage.content.playlist_rules import TRANSITIONS, duration_problem
from signage.content.playlists import (
    NO_TEMPLATE,
    TEXT_RULES,
    checked_items,
    create_playlist,
    delete_playlist,
    template_by_ref,
    update_playlist,
)
from signage.content.queries import playlists_query
from signage.models import Playlist
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# The content's own rules run as the body is validated (texts, the default duration, the
# transition, the template's existence, each item against the template's zones), so one 422
# names every bad field, a wrong type elsewhere included; signage.content applies them again
# as it writes.
Name = text(TEXT_RULES["name"])
TemplateRef = Annotated[Id, check(lambda value: None if template_by_ref(value) else NO_TEMPLATE)]


def _items_problems(items: list[Any], others: dict[str, Any]) -> dict[str, str] | None:
    # The template sent, or the playlist's own on a PUT that keeps it.
    template = template_by_ref(others["template_id"])
    return checked_items(template, items)[1] if template is not None else None


class PlaylistUpdate(Body):
    name: Name = omitted()
    description: text(TEXT_RULES["description"]) = omitted()  # type: ignore[valid-type]
    template_id: TemplateRef = omitted()
    default_duration: Annotated[Int, check(lambda value: duration_problem(value, nullable=False))] = omitted()
    transition: one_of(*TRANSITIONS) = omitted()  # type: ignore[valid-type]
    # [{mediaId, zoneId, order, duration, transitionIn, transitionOut, fit}], every bad item
    # named (`items[2].zoneId`).
    items: Annotated[Array, check_beside(_items_problems, "template_id")] = omitted()


class PlaylistCreate(PlaylistUpdate):
    name: Name
    template_id: TemplateRef


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
