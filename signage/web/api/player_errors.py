"""/api/admin/player-errors: the playback errors screens reported (issue 17; our addition,
documented in docs/api.md). Every role reads them, as it reads screens."""

from __future__ import annotations

from flask import jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.core.validation import ValidationError
from signage.extensions import db
from signage.monitoring.error_queries import errors_query, spread
from signage.monitoring.payloads import player_error_json
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import count_of, id_arg, instant_args, page_params
from signage.web.openapi import answers, paged

TYPE_MAX = 64


@bp.get("/player-errors")
@requires(Permission.SCREENS_READ)
@paged("type", "screenId", "mediaId", "from", "to")
@answers(schemas.PlayerErrorPage)
def player_errors_list():
    """Filters: screenId, mediaId, type, from, to. Besides the page: `screens` and `reports`
    over everything that matches ("this video failed on 3 screens")."""
    errors: dict[str, str] = {}
    instants = instant_args(errors, "from", "to")
    kind = (request.args.get("type") or "").strip() or None
    if kind is not None and len(kind) > TYPE_MAX:
        errors["type"] = f"At most {TYPE_MAX} characters."
    if errors:
        raise ValidationError(errors, "Invalid filters.")
    query = errors_query(
        screen_id=id_arg("screenId"),
        media_id=id_arg("mediaId"),
        kind=kind,
        since=instants["from"],
        until=instants["to"],
    )
    limit, offset = page_params()
    rows = db.session.execute(query.limit(limit).offset(offset)).all()
    screens, reports = spread(query)
    return jsonify(
        {
            "items": [player_error_json(row[0], row[1]) for row in rows],
            "total": count_of(query),
            "screens": screens,
            "reports": reports,
        }
    )
