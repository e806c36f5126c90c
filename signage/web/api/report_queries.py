"""The reports' query strings (CONTRACT §9) as Query models: every bad parameter named in one
422, and GET /api/openapi.json lists each report's parameters from the same models."""

from __future__ import annotations

from datetime import date, datetime

from signage.alerts.rules import parse_instant
from signage.bodies import Limit, Offset, Query, Str, one_of, parameter, parsed
from signage.core.errors import N_
from signage.web.api.exports import FORMATS


def _instant(text: str) -> datetime:
    value, problem = parse_instant(text)
    if problem or value is None:
        raise ValueError(problem)
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(N_("Required: a date, e.g. 2026-11-01.")) from None


Instant = parsed(_instant, {"type": "string", "format": "date-time"})
Day = parsed(_day, {"type": "string", "format": "date"})
Format = one_of(*FORMATS)


class PlaysQuery(Query):
    """GET /reports/proof_of_play: `from` inclusive, `to` exclusive; ids that name nothing
    match nothing."""

    screen_id: Str = parameter()
    media_id: Str = parameter()
    playlist_id: Str = parameter()
    site_id: Str = parameter()
    from_: Instant = parameter("from")
    to: Instant = parameter()
    format: Format = parameter(default="json")
    limit: Limit = parameter(default=50)
    offset: Offset = parameter(default=0)


class UptimeQuery(Query):
    from_: Instant = parameter("from")
    to: Instant = parameter()
    site_id: Str = parameter()
    limit: Limit = parameter(default=50)
    offset: Offset = parameter(default=0)


class DaysQuery(Query):
    """Local dates `from`..`to`, both included, on each screen's clock."""

    from_: Day = parameter("from", default=...)
    to: Day = parameter(default=...)
    site_id: Str = parameter()
    screen_id: Str = parameter()
    format: Format = parameter(default="json")


class PlaysByDayQuery(DaysQuery):
    media_id: Str = parameter()
    playlist_id: Str = parameter()
