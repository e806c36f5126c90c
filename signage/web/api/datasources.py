"""/api/admin/datasources (CONTRACT §3, §4). Read: every role; write: ADMIN and EDITOR."""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Body, Int, Object, Str, check, omitted, one_of
from signage.datasources.payloads import datasource_json
from signage.datasources.queries import sources_query
from signage.datasources.rules import TYPES, interval_problem, name_problem
from signage.datasources.sources import create_source, delete_source, refresh_source, update_source
from signage.models import DataSource
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# The sources' own rules for the name, type and interval run as the body is validated, so one
# 422 names every bad field, a wrong type elsewhere included. `config` and `fields` depend on
# the type and on what is stored (a masked header stands for the stored value; a mapping names
# the fields of the last data): signage.datasources checks them, with every rule again, as it
# writes.
Name = Annotated[Str, check(lambda value: name_problem(value.strip()))]
SourceType = one_of(*TYPES)


class DataSourceUpdate(Body):
    name: Name = omitted()
    type: SourceType = omitted()
    config: Object = omitted()
    refresh_interval: Annotated[Int, check(interval_problem)] = omitted()
    # {title, text, image}: field names of a JSON or CSV source's records; null unmaps.
    fields: Object | None = omitted()


class DataSourceCreate(DataSourceUpdate):
    name: Name
    type: SourceType
    config: Object


ARGS = {
    "name": "name",
    "type": "type",
    "config": "config",
    "refreshInterval": "refresh_interval",
    "fields": "fields",
}


def _args(data: dict[str, Any]) -> dict[str, Any]:
    return {ARGS[key]: value for key, value in data.items()}


@bp.get("/datasources")
@requires(Permission.DATASOURCES_READ)
@paged("q")
@answers(schemas.page_of(schemas.DataSource))
def datasources_list():
    """`?q=` searches names."""
    return jsonify(paginate(sources_query(search_term()), datasource_json))


@bp.post("/datasources")
@requires(Permission.DATASOURCES_WRITE)
@accepts(DataSourceCreate)
@answers(schemas.DataSource, 201)
def datasources_create():
    data = DataSourceCreate.validated(json_body())
    source = create_source(**_args(data))
    return jsonify(datasource_json(source)), 201


@bp.get("/datasources/<source_id>")
@requires(Permission.DATASOURCES_READ)
@answers(schemas.DataSourceShown)
def datasources_show(source_id: str):
    return jsonify(datasource_json(get_or_404(DataSource, source_id, "data source"), with_preview=True))


@bp.put("/datasources/<source_id>")
@requires(Permission.DATASOURCES_WRITE)
@accepts(DataSourceUpdate)
@answers(schemas.DataSource)
def datasources_update(source_id: str):
    """Partial. `config` is replaced whole; a header sent with the masked value keeps its
    stored value."""
    source = get_or_404(DataSource, source_id, "data source")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = DataSourceUpdate.validated(json_body(), current=datasource_json(source, with_preview=True))
    update_source(source, **_args(data))
    return jsonify(datasource_json(source))


@bp.delete("/datasources/<source_id>")
@requires(Permission.DATASOURCES_WRITE)
@answers(None, 204)
def datasources_delete(source_id: str):
    """409 `datasource_in_use`, naming the media, while media read the source."""
    source = get_or_404(DataSource, source_id, "data source")
    delete_source(source)
    return "", 204


@bp.post("/datasources/<source_id>/refresh")
@requires(Permission.DATASOURCES_WRITE)
@answers(schemas.DataSourceShown)
def datasources_refresh(source_id: str):
    """Fetch now. A failed fetch is still a 200: `lastError` says why, the data is kept."""
    source = get_or_404(DataSource, source_id, "data source")
    refreshed = refresh_source(source.id)
    if refreshed is None:
        raise ApiError(404, "No data source with this id.")  # deleted while it was fetched
    return jsonify(datasource_json(refreshed, with_preview=True))
