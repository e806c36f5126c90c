"""/api/admin/groups: screen groups, inside a site. Permissions follow sites (CONTRACT §3)."""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Body, Id, Int, check, omitted, text
from signage.fleet.groups import TEXT_RULES, create_group, delete_group, update_group
from signage.fleet.payloads import group_json
from signage.fleet.queries import groups_query
from signage.fleet.rules import screenshot_interval_problem
from signage.fleet.store import NO_SITE, site_by_ref
from signage.models import ScreenGroup
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# The fleet's own value rules too (see sites.py), the site's existence included.
Name = text(TEXT_RULES["name"])
Interval = Annotated[Int, check(screenshot_interval_problem)]
SiteRef = Annotated[Id, check(lambda value: None if site_by_ref(value) else NO_SITE)]


class GroupUpdate(Body):
    name: Name = omitted()
    description: text(TEXT_RULES["description"]) | None = omitted()  # type: ignore[valid-type]
    site_id: SiteRef = omitted()
    screenshot_interval_minutes: Interval | None = omitted()


class GroupCreate(GroupUpdate):
    name: Name
    site_id: SiteRef


ARGS = {
    "name": "name",
    "description": "description",
    "siteId": "site_id",
    "screenshotIntervalMinutes": "screenshot_interval_minutes",
}
# Fields whose null means something (off), not "empty text".
NULLABLE = frozenset({"screenshotIntervalMinutes"})


def _args(data: dict[str, Any]) -> dict[str, Any]:
    return {
        ARGS[key]: value if key in NULLABLE else ("" if value is None else value)
        for key, value in data.items()
    }


@bp.get("/groups")
@requires(Permission.SITES_READ)
@paged("q", "siteId")
@answers(schemas.page_of(schemas.Group))
def groups_list():
    """Filters: `?q=` (name, case-insensitive), `?siteId=`."""
    query = groups_query(search_term(), site_id=request.args.get("siteId"))
    return jsonify(paginate(query, group_json))


@bp.post("/groups")
@requires(Permission.SITES_WRITE)
@accepts(GroupCreate)
@answers(schemas.Group, 201)
def groups_create():
    data = GroupCreate.validated(json_body())
    group = create_group(**_args(data))
    return jsonify(group_json(group)), 201


@bp.get("/groups/<group_id>")
@requires(Permission.SITES_READ)
@answers(schemas.Group)
def groups_show(group_id: str):
    return jsonify(group_json(get_or_404(ScreenGroup, group_id, "group")))


@bp.put("/groups/<group_id>")
@requires(Permission.SITES_WRITE)
@accepts(GroupUpdate)
@answers(schemas.Group)
def groups_update(group_id: str):
    """Partial: only the fields sent change. Moving to another site needs an empty group (409)."""
    group = get_or_404(ScreenGroup, group_id, "group")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = GroupUpdate.validated(json_body(), current=group_json(group))
    update_group(group, **_args(data))
    return jsonify(group_json(group))


@bp.delete("/groups/<group_id>")
@requires(Permission.SITES_WRITE)
@answers(None, 204)
def groups_delete(group_id: str):
    """Its screens stay on their site with no group; schedules and alerts aimed at it go."""
    group = get_or_404(ScreenGroup, group_id, "group")
    delete_group(group)
    return "", 204
