"""Reading stored player errors: filtered, newest first, and how many screens they touch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select

from signage.extensions import db
from signage.models import PlayerError, Screen


def errors_query(
    *,
    screen_id: int | None = None,
    media_id: int | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[tuple[PlayerError, str | None]]:
    query = (
        select(PlayerError, Screen.name)
        .join(Screen, Screen.id == PlayerError.screen_id, isouter=True)
        .order_by(PlayerError.last_at.desc(), PlayerError.id.desc())
    )
    if screen_id is not None:
        query = query.where(PlayerError.screen_id == screen_id)
    if media_id is not None:
        query = query.where(PlayerError.media_id == media_id)
    if kind:
        query = query.where(PlayerError.type == kind)
    if since is not None:
        query = query.where(PlayerError.last_at >= since)
    if until is not None:
        query = query.where(PlayerError.first_at < until)
    return query


def spread(query: Select[tuple[PlayerError, str | None]]) -> tuple[int, int]:
    """(screens, reports) across what `query` selects: "failed on 3 screens, 12 times"."""
    inner = query.order_by(None).subquery()
    screens, reports = db.session.execute(
        select(func.count(func.distinct(inner.c.screen_id)), func.coalesce(func.sum(inner.c.count), 0))
    ).one()
    return int(screens), int(reports)
