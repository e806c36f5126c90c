"""GET /api/admin/screens/{id}/preview?at=ISO (CONTRACT §7): what the screen plays at any
instant, and why: every candidate schedule with its verdict. Read: every role."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.core.validation import ValidationError
from signage.models import Screen
from signage.scheduling.field_rules import FIRST_DATE, LAST_DATE
from signage.scheduling.payloads import preview_json
from signage.scheduling.screen_schedule import preview, versions_of
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404
from signage.web.i18n import localized
from signage.web.openapi import answers

MAX_AT_LENGTH = 40


def instant_arg(name: str) -> datetime | None:
    """An ISO 8601 instant from the query string (offset or Z required); None when absent."""
    # A "+" of an offset arrives as a space when the client did not encode it.
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    problem = "Must be an ISO 8601 instant with its offset, for example 2026-03-29T08:00:00Z."
    if len(raw) > MAX_AT_LENGTH:
        raise ValidationError({name: problem}, "Invalid instant.")
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise ValidationError({name: problem}, "Invalid instant.") from None
    if value.tzinfo is None:
        raise ValidationError({name: problem}, "Invalid instant.")
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValidationError({name: problem}, "Invalid instant.") from None
    if not FIRST_DATE <= value.date() <= LAST_DATE:
        raise ValidationError(
            {name: f"Must lie between {FIRST_DATE.year} and {LAST_DATE.year}."}, "Invalid instant."
        )
    return value


@bp.get("/screens/<screen_id>/preview")
@requires(Permission.SCREENS_READ)
@answers(schemas.Preview)
def screen_preview(screen_id: str):
    """`at` defaults to now. `localTime` is the instant on the site's wall clock."""
    at = instant_arg("at") or datetime.now(UTC).replace(microsecond=0)
    screen = get_or_404(Screen, screen_id, "screen")
    explanation = preview(screen, at)
    versions = versions_of({explanation.winner.playlist_id} if explanation.winner else set())
    return jsonify(localized(preview_json(screen, at, explanation, versions)))
