"""/api/admin/templates: zone layouts (CONTRACT §4). Read: every role; write: ADMIN, EDITOR."""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Array, Body, Int, check, check_each, omitted, text
from signage.content.canvas import side_problem
from signage.content.payloads import template_json
from signage.content.queries import playlist_counts, templates_query
from signage.content.templates import TEXT_RULES, create_template, delete_template, update_template
from signage.content.zones import zones_problems
from signage.models import Template
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# The content's own rules (texts, each zone, the canvas) run as the body is validated, so one
# 422 names every bad field, a wrong type elsewhere included; signage.content applies them
# again as it writes.
Name = text(TEXT_RULES["name"])
Zones = Annotated[Array, check_each(zones_problems)]
Side = Annotated[Int, check(side_problem)]


class TemplateUpdate(Body):
    name: Name = omitted()
    description: text(TEXT_RULES["description"]) = omitted()  # type: ignore[valid-type]
    zones: Zones = omitted()
    # The resolution the layout is drawn for, in pixels (100 to 16384; default 1920×1080).
    canvas_width: Side = omitted()
    canvas_height: Side = omitted()


class TemplateCreate(TemplateUpdate):
    name: Name
    zones: Zones


def _args(data: dict[str, Any]) -> dict[str, Any]:
    names = {"canvasWidth": "canvas_width", "canvasHeight": "canvas_height"}
    return {names.get(key, key): value for key, value in data.items()}


def _with_count(template: Template) -> dict[str, Any]:
    return template_json(template, playlist_counts([template.id]).get(template.id, 0))


@bp.get("/templates")
@requires(Permission.TEMPLATES_READ)
@paged("q")
@answers(schemas.page_of(schemas.Template))
def templates_list():
    """`?q=` searches names."""
    page = paginate(templates_query(search_term()), template_json)
    counts = playlist_counts([int(item["id"]) for item in page["items"]])
    for item in page["items"]:
        item["playlistCount"] = counts.get(int(item["id"]), 0)
    return jsonify(page)


@bp.post("/templates")
@requires(Permission.TEMPLATES_WRITE)
@accepts(TemplateCreate)
@answers(schemas.Template, 201)
def templates_create():
    data = TemplateCreate.validated(json_body())
    template = create_template(**_args(data), created_by=current_user.id)
    return jsonify(_with_count(template)), 201


@bp.get("/templates/<template_id>")
@requires(Permission.TEMPLATES_READ)
@answers(schemas.Template)
def templates_show(template_id: str):
    return jsonify(_with_count(get_or_404(Template, template_id, "template")))


@bp.put("/templates/<template_id>")
@requires(Permission.TEMPLATES_WRITE)
@accepts(TemplateUpdate)
@answers(schemas.Template)
def templates_update(template_id: str):
    """Partial; a changed layout moves the playlists on it to a new version."""
    template = get_or_404(Template, template_id, "template")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = TemplateUpdate.validated(json_body(), current=_with_count(template))
    update_template(template, **_args(data))
    return jsonify(_with_count(template))


@bp.delete("/templates/<template_id>")
@requires(Permission.TEMPLATES_WRITE)
@answers(None, 204)
def templates_delete(template_id: str):
    """409 `template_in_use` while playlists use it."""
    delete_template(get_or_404(Template, template_id, "template"))
    return "", 204
