"""/api/admin/audit: the audit log, ADMIN only (issue 15; documented in docs/api.md)."""

from __future__ import annotations

from flask import jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.audit.payloads import entry_json
from signage.audit.queries import entries_query
from signage.core.validation import ValidationError
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import id_arg, instant_args, paginate
from signage.web.openapi import answers, paged

TEXT_FILTER_MAX = 64


@bp.get("/audit")
@requires(Permission.AUDIT_READ)
@paged("action", "objectType", "objectId", "userId", "from", "to")
@answers(schemas.page_of(schemas.AuditEntry))
def audit_list():
    """Filters: userId, action, objectType, objectId, from (inclusive), to (exclusive)."""
    errors: dict[str, str] = {}
    instants = instant_args(errors, "from", "to")
    texts = {
        name: (request.args.get(name) or "").strip() or None for name in ("action", "objectType", "objectId")
    }
    for name, value in texts.items():
        if value is not None and len(value) > TEXT_FILTER_MAX:
            errors[name] = f"At most {TEXT_FILTER_MAX} characters."
    if errors:
        raise ValidationError(errors, "Invalid audit filters.")
    query = entries_query(
        user_id=id_arg("userId"),
        action=texts["action"],
        object_type=texts["objectType"],
        object_id=texts["objectId"],
        since=instants["from"],
        until=instants["to"],
    )
    return jsonify(paginate(query, entry_json))
