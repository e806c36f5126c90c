"""/api/admin/sites: where screens are (CONTRACT §3, §4). Read: every role; write: ADMIN."""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Body, Str, check, omitted, text
from signage.core.validation import email
from signage.fleet.payloads import site_json
from signage.fleet.queries import sites_query
from signage.fleet.rules import timezone_problem
from signage.fleet.sites import TEXT_RULES, create_site, delete_site, update_site
from signage.i18n import locale_problem
from signage.models import Site
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, search_term
from signage.web.openapi import accepts, answers, paged

# The fleet's own rules, applied here too so that one 422 names every bad field (a wrong type
# elsewhere included); signage.fleet applies them again, trimming, when it writes.
Name = text(TEXT_RULES["name"])
Timezone = Annotated[Str, check(timezone_problem)]
Locale = Annotated[Str, check(locale_problem)]
Email = Annotated[
    text(TEXT_RULES["contact_email"]), check(lambda value: value.strip() and email(value.strip()))
]


class SiteUpdate(Body):
    name: Name = omitted()
    timezone: Timezone = omitted()
    locale: Locale = omitted()
    city: text(TEXT_RULES["city"]) | None = omitted()  # type: ignore[valid-type]
    address: text(TEXT_RULES["address"]) | None = omitted()  # type: ignore[valid-type]
    contact_name: text(TEXT_RULES["contact_name"]) | None = omitted()  # type: ignore[valid-type]
    contact_email: Email | None = omitted()


class SiteCreate(SiteUpdate):
    name: Name


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
@paged("q")
@answers(schemas.page_of(schemas.Site))
def sites_list():
    """`?q=` searches names, case-insensitively."""
    return jsonify(paginate(sites_query(search_term()), site_json))


@bp.post("/sites")
@requires(Permission.SITES_WRITE)
@accepts(SiteCreate)
@answers(schemas.Site, 201)
def sites_create():
    data = SiteCreate.validated(json_body())
    site = create_site(**_args(data))
    return jsonify(site_json(site)), 201


@bp.get("/sites/<site_id>")
@requires(Permission.SITES_READ)
@answers(schemas.Site)
def sites_show(site_id: str):
    return jsonify(site_json(get_or_404(Site, site_id, "site")))


@bp.put("/sites/<site_id>")
@requires(Permission.SITES_WRITE)
@accepts(SiteUpdate)
@answers(schemas.Site)
def sites_update(site_id: str):
    """Partial: only the fields sent change."""
    site = get_or_404(Site, site_id, "site")
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = SiteUpdate.validated(json_body(), current=site_json(site))
    update_site(site, **_args(data))
    return jsonify(site_json(site))


@bp.delete("/sites/<site_id>")
@requires(Permission.SITES_WRITE)
@answers(None, 204)
def sites_delete(site_id: str):
    """409 `site_has_screens` while screens remain; its groups go with it."""
    site = get_or_404(Site, site_id, "site")
    delete_site(site)
    return "", 204
