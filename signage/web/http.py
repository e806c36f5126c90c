"""Request parsing and response building shared by the JSON blueprints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from flask import Response, current_app, request
from sqlalchemy import ColumnElement, Select, func, select
from werkzeug.exceptions import RequestEntityTooLarge

from signage.bodies import OFFSET_MAX, PAGE_LIMIT, PAGE_MAX
from signage.core import jsonsafe
from signage.core.errors import N_, Text
from signage.core.validation import ValidationError, at_most_characters
from signage.core.values import reference
from signage.core.wire import parse_instant
from signage.extensions import db
from signage.models.filters import id_is
from signage.web.errors import ApiError

DEFAULT_LIMIT = PAGE_LIMIT
MAX_LIMIT = PAGE_MAX
T = TypeVar("T")

# What a URL's unknown id answers, a whole sentence per kind (their words agree in French).
NOT_FOUND = {
    "alert": N_("No alert with this id."),
    "data source": N_("No data source with this id."),
    "group": N_("No group with this id."),
    "media": N_("No media with this id."),
    "playlist": N_("No playlist with this id."),
    "schedule": N_("No schedule with this id."),
    "screen": N_("No screen with this id."),
    "site": N_("No site with this id."),
    "template": N_("No template with this id."),
    "user": N_("No user with this id."),
}


def _json_payload() -> Any:
    """The request's parsed JSON, or a 400/413/415 ApiError. Reads at most JSON_MAX_BYTES."""
    if not request.is_json:
        raise ApiError(415, N_("Send the body as JSON with Content-Type: application/json."))
    limit = current_app.config["SIGNAGE"].json_max_bytes
    too_large = ApiError(413, N_("The JSON body is larger than %(limit)s bytes."), params={"limit": limit})
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    # A chunked body announces no length: read one byte past the limit to know. (The stream
    # may already exist, made by the CSRF check with the upload limit, so count here.)
    request.max_content_length = limit
    try:
        raw = _read_at_most(request.stream, limit + 1)
    except RequestEntityTooLarge:
        raise too_large from None
    if len(raw) > limit:
        raise too_large
    try:
        return jsonsafe.loads(raw)
    except jsonsafe.JsonError as exc:
        if "nests" in str(exc):
            raise ApiError(
                400,
                N_("The JSON nests more than %(depth)s levels deep."),
                "malformed_json",
                params={"depth": jsonsafe.MAX_DEPTH},
            ) from None
        raise ApiError(400, N_("The body is not valid JSON."), "malformed_json") from None


def _read_at_most(stream: Any, size: int) -> bytes:
    """Up to `size` bytes: a stream's read may return less than asked before its end."""
    chunks, total = [], 0
    while total < size:
        chunk = stream.read(min(64 * 1024, size - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def json_body() -> dict[str, Any]:
    """The request's JSON object (see _json_payload for the errors)."""
    data = _json_payload()
    if not isinstance(data, dict):
        raise ApiError(400, N_("The body must be a JSON object."), "malformed_body")
    return data


def json_array(what: str = "items") -> list[Any]:
    """The request's JSON array (see _json_payload for the errors)."""
    data = _json_payload()
    if not isinstance(data, list):
        raise ApiError(
            400, N_("The body must be a JSON array of %(what)s."), "malformed_body", params={"what": what}
        )
    return data


def page_params() -> tuple[int, int]:
    errors: dict[str, str] = {}
    values = {"limit": DEFAULT_LIMIT, "offset": 0}
    for name in values:
        raw = request.args.get(name)
        if raw is None or raw == "":
            continue
        try:
            values[name] = int(raw)
        except ValueError:
            errors[name] = N_("Must be a whole number.")
            continue
    if "limit" not in errors and not 1 <= values["limit"] <= MAX_LIMIT:
        errors["limit"] = Text(
            N_("Must be between %(minimum)s and %(maximum)s."), minimum=1, maximum=MAX_LIMIT
        )
    if "offset" not in errors and values["offset"] < 0:
        errors["offset"] = N_("Cannot be negative.")
    elif "offset" not in errors and values["offset"] > OFFSET_MAX:
        errors["offset"] = Text(
            N_("Must be between %(minimum)s and %(maximum)s."), minimum=0, maximum=OFFSET_MAX
        )
    if errors:
        raise ValidationError(errors, N_("Invalid pagination parameters."))
    return values["limit"], values["offset"]


def paginate(query: Select[Any], serialise: Any) -> dict[str, Any]:
    """`{"items": [...], "total": N}` for a select, honouring limit/offset (CONTRACT §1)."""
    limit, offset = page_params()
    total = count_of(query)
    rows: Iterable[Any] = db.session.scalars(query.limit(limit).offset(offset))
    return {"items": [serialise(row) for row in rows], "total": total}


def count_of(query: Select[Any]) -> int:
    """How many rows the select gives, whatever its order and paging."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def parse_id(raw: str) -> int | None:
    """An id from a URL, or None when it cannot name a row (so the caller answers 404): the
    same rule as an id a body names (signage.core.values.reference)."""
    return reference(raw)


SEARCH_MAX = 200


def search_term() -> str | None:
    """`?q=`: trimmed, or None when absent or blank; a 422 when absurdly long."""
    raw = (request.args.get("q") or "").strip()
    if len(raw) > SEARCH_MAX:
        raise ValidationError({"q": at_most_characters(SEARCH_MAX)}, N_("Invalid search."))
    return raw or None


def id_filter(name: str, column: Any) -> ColumnElement[bool] | None:
    """`?{name}=<id>` as a WHERE clause, or None when absent. Ids are opaque to clients, so a
    value that cannot be an id matches nothing rather than being an error."""
    return id_is(column, request.args.get(name))


def get_or_404(model: type[T], raw_id: str, what: str) -> T:
    """The row a URL names, or a 404 (JSON for the API, the error page for the console)."""
    key = parse_id(raw_id)
    row = db.session.get(model, key) if key is not None else None
    if row is None:
        raise ApiError(404, NOT_FOUND.get(what, N_("Nothing with this id.")))
    return row


def conditional_json(body: Any) -> Response:
    """JSON with a strong ETag of its bytes; 304 when the client already has them. For what
    players poll: an unchanged answer costs a header, not a body."""
    response = current_app.response_class(
        json.dumps(body, separators=(",", ":")), mimetype="application/json"
    )
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response.make_conditional(request)


def id_arg(name: str) -> int | None:
    """`?{name}=<id>` for a service filter (see opaque_id)."""
    return opaque_id(request.args.get(name))


def opaque_id(raw: str | None) -> int | None:
    """An id filter's value: None when absent; an id that can name no row becomes -1, which
    matches nothing (ids are opaque to clients, so it is not an error)."""
    if not raw:
        return None
    key = parse_id(raw)
    return -1 if key is None else key


def instant_args(errors: dict[str, str], *names: str) -> dict[str, datetime | None]:
    """`?from=...&to=...` as aware UTC instants (None when absent); a bad one is added to
    `errors` under its name, for the caller's one 422 naming every bad filter."""
    values: dict[str, datetime | None] = {}
    for name in names:
        raw = request.args.get(name)
        try:
            values[name] = parse_instant(raw) if raw else None
        except ValueError as exc:
            errors[name] = str(exc)
            values[name] = None
    return values
