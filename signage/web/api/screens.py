"""/api/admin/screens: the fleet's screens (CONTRACT §3, §4). Read: every role; write: ADMIN.

Activation tokens and revocation are in screen_identity.py; a screen's JSON never carries
its activation token nor its JWT digest.
"""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Body, Id, check, omitted, one_of, text
from signage.core.errors import N_
from signage.core.validation import ValidationError
from signage.fleet.payloads import screen_json
from signage.fleet.queries import screens_query
from signage.fleet.screens import TEXT_RULES, create_screen, delete_screen, update_screen
from signage.fleet.store import NO_SITE, group_by_ref, site_by_ref
from signage.models import Orientation, Screen, ScreenStatus
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# Types, presence and the fleet's value rules here, the site's and group's existence included
# (so one 422 names every bad field, a wrong type elsewhere too); which group fits which site
# (two fields together) in signage.fleet, which checks the rest again as it writes.
STATUSES = tuple(s.value for s in ScreenStatus)


Name = text(TEXT_RULES["name"])
SiteRef = Annotated[Id, check(lambda value: None if site_by_ref(value) else NO_SITE)]
GroupRef = Annotated[Id, check(lambda value: None if group_by_ref(value) else N_("No group with this id."))]


class ScreenUpdate(Body):
    name: Name = omitted()
    description: text(TEXT_RULES["description"]) | None = omitted()  # type: ignore[valid-type]
    site_id: SiteRef = omitted()
    group_id: GroupRef | None = omitted()
    orientation: one_of(*(o.value for o in Orientation)) = omitted()  # type: ignore[valid-type]


class ScreenCreate(ScreenUpdate):
    name: Name
    site_id: SiteRef


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
