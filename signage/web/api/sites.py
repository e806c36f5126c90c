"""/api/admin/sites: where screens are (CONTRACT §3, §4). Read: every role; write: ADMIN."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from signage.access.matrix import Permission
from signage.core.validation import Field, Schema
from signage.fleet.payloads import site_json
from signage.fleet.queries import sites_query
from signage.fleet.sites import create_site, delete_site, update_site
from signage.models import Site
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term

# Types and presence here; trimming, lengths, the timezone and the e-mail in signage.fleet.
OPTIONAL_TEXT = ("city", "address", "contactName", "contactEmail")
CREATE = Schema(
    name=Field(str, required=True),
    timezone=Field(str),
    locale=Field(str),
    **{key: Field(str, nullable=True) for key in OPTIONAL_TEXT},
)
UPDATE = Schema(
    name=Field(str),
    timezone=Field(str),
    locale=Field(str),
    **{key: Field(str, nullable=True) for key in OPTIONAL_TEXT},
)
ARGS = {
    "name": "name",
    "city": "city",
    "address": "address",
    "timezone": "timezone",
    "locale": "locale",
    "contactName": "contact_name",
    "contactEmail": "contact_email",
}


def _args(data: dict[str, Any]) -> dict[str, Any]:
    # null clears an optional text, which the model stores as "".
    return {ARGS[key]: ("" if value is None else value) for key, value in data.items()}


@bp.get("/sites")
@requires(Permission.SITES_READ)
def sites_list():
    """`?q=` searches names, case-insensitively."""
    return jsonify(paginate(sites_query(search_term()), site_json))


@bp.post("/sites")
@requires(Permission.SITES_WRITE)
def sites_create():
    data = CREATE.validate(json_body())
    site = create_site(**_args(data))
    return jsonify(site_json(site)), 201


@bp.get("/sites/<site_id>")
@requires(Permission.SITES_READ)
def sites_show(site_id: str):
    return jsonify(site_json(get_or_404(Site, site_id, "site")))


@bp.put("/sites/<site_id>")
@requires(Permission.SITES_WRITE)
def sites_update(site_id: str):
    """Partial: only the fields sent change."""
    site = get_or_404(Site, site_id, "site")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = UPDATE.validate(json_body(), partial=True, current=site_json(site))
    update_site(site, **_args(data))
    return jsonify(site_json(site))


@bp.delete("/sites/<site_id>")
@requires(Permission.SITES_WRITE)
def sites_delete(site_id: str):
    """409 `site_has_screens` while screens remain; its groups go with it."""
    site = get_or_404(Site, site_id, "site")
    delete_site(site)
    return "", 204
