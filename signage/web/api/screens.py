"""/api/admin/screens: the fleet's screens (CONTRACT §3, §4). Read: every role; write: ADMIN.

Activation tokens and revocation are in screen_identity.py; a screen's JSON never carries
its activation token nor its JWT digest.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Body, Id, Str, omitted
from signage.core.validation import ValidationError
from signage.fleet.payloads import screen_json
from signage.fleet.queries import screens_query
from signage.fleet.screens import create_screen, delete_screen, update_screen
from signage.models import Screen, ScreenStatus
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# Types and presence here; values (names, orientation, which group fits which site) in
# signage.fleet, so every bad value is named in one answer.
STATUSES = tuple(s.value for s in ScreenStatus)


class ScreenUpdate(Body):
    name: Str = omitted()
    description: Str | None = omitted()
    site_id: Id = omitted()
    group_id: Id | None = omitted()
    orientation: Str = omitted()


class ScreenCreate(ScreenUpdate):
    name: Str
    site_id: Id


ARGS = {
    "name": "name",
    "description": "description",
    "siteId": "site_id",
    "groupId": "group_id",
    "orientation": "orientation",
}


def _args(data: dict[str, Any]) -> dict[str, Any]:
    args = {ARGS[key]: value for key, value in data.items()}
    if "description" in args and args["description"] is None:
        args["description"] = ""
    return args  # group_id None stays None: "no group"


def _status_filter() -> ScreenStatus | None:
    raw = request.args.get("status")
    if not raw:
        return None
    if raw not in STATUSES:
        raise ValidationError({"status": f"Must be one of {', '.join(STATUSES)}."}, "Invalid filter.")
    return ScreenStatus(raw)


@bp.get("/screens")
@requires(Permission.SCREENS_READ)
@paged("q", "status", "siteId", "groupId")
@answers(schemas.page_of(schemas.Screen))
def screens_list():
    """Filters: `?q=` (name, case-insensitive), `?siteId=`, `?groupId=`, `?status=`."""
    query = screens_query(
        search_term(),
        site_id=request.args.get("siteId"),
        group_id=request.args.get("groupId"),
        status=_status_filter(),
    )
    return jsonify(paginate(query, screen_json))


@bp.post("/screens")
@requires(Permission.SCREENS_WRITE)
@accepts(ScreenCreate)
@answers(schemas.Screen, 201)
def screens_create():
    data = ScreenCreate.validated(json_body())
    screen = create_screen(**_args(data))
    return jsonify(screen_json(screen)), 201


@bp.get("/screens/<screen_id>")
@requires(Permission.SCREENS_READ)
@answers(schemas.Screen)
def screens_show(screen_id: str):
    return jsonify(screen_json(get_or_404(Screen, screen_id, "screen")))


@bp.put("/screens/<screen_id>")
@requires(Permission.SCREENS_WRITE)
@accepts(ScreenUpdate)
@answers(schemas.Screen)
def screens_update(screen_id: str):
    """Partial: only the fields sent change. A screen in a group that moves to another site
    sends groupId too: a group of the new site, or null."""
    screen = get_or_404(Screen, screen_id, "screen")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = ScreenUpdate.validated(json_body(), current=screen_json(screen))
    update_screen(screen, **_args(data))
    return jsonify(screen_json(screen))


@bp.delete("/screens/<screen_id>")
@requires(Permission.SCREENS_WRITE)
@answers(None, 204)
def screens_delete(screen_id: str):
    """Its player is disconnected (signage.fleet.screens.delete_screen)."""
    delete_screen(get_or_404(Screen, screen_id, "screen"))
    return "", 204
