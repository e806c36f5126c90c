"""Playback errors players report (`screen:error`, or POST /api/player/{id}/error): written to
the `signage.player` log and stored, counted per screen, hour and distinct error, so the
console can list them and say "this video failed on 3 screens".

A player that reports the same error in a loop adds to one row's count; one that invents a
new message each time gets at most DISTINCT_PER_HOUR rows an hour, the rest counted in one
"and more" row.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from signage.bodies import Body, Id, omitted, sized
from signage.core.logtext import neutralise
from signage.core.values import reference
from signage.extensions import db
from signage.models import Media, PlayerError
from signage.models.types import utcnow

log = logging.getLogger("signage.player")

ErrorType = sized(1, 64)
ErrorMessage = sized(0, 2000)


class PlayerErrorReport(Body):
    type: ErrorType
    message: ErrorMessage = omitted()
    media_id: Id | None = omitted()


DISTINCT_PER_HOUR = 100
OVERFLOW_TYPE = "TOO_MANY_DISTINCT_ERRORS"


def _digest(kind: str, media_id: int | None, message: str) -> str:
    return hashlib.sha256(f"{kind}\x00{media_id}\x00{message}".encode()).hexdigest()


def record_error(screen_id: int, data: Any, now: datetime | None = None) -> None:
    """Validate (ValidationError names bad fields), log and count the error."""
    clean = PlayerErrorReport.validated(data if isinstance(data, dict) else {})
    # Escaped here as well as by the server's formatter: any handler an operator adds (a file,
    # syslog) gets one line per error too.
    log.warning(
        "player error screen=%s type=%s media=%s: %s",
        screen_id,
        neutralise(clean["type"]),
        neutralise(clean.get("mediaId")),
        neutralise(clean.get("message", "")),
    )
    now = now or utcnow()
    hour = now.replace(minute=0, second=0, microsecond=0)
    media_id = _known_media(clean.get("mediaId"))
    kind, message = clean["type"], clean.get("message", "")
    distinct = db.session.scalar(
        select(func.count())
        .select_from(PlayerError)
        .where(PlayerError.screen_id == screen_id, PlayerError.hour == hour)
    )
    if distinct and distinct >= DISTINCT_PER_HOUR:
        kind, media_id, message = OVERFLOW_TYPE, None, "More distinct errors than are kept in an hour."
    digest = _digest(kind, media_id, message)
    counted = db.session.execute(
        update(PlayerError)
        .where(PlayerError.screen_id == screen_id, PlayerError.hour == hour, PlayerError.digest == digest)
        .values(count=PlayerError.count + 1, last_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not counted:
        db.session.add(
            PlayerError(
                screen_id=screen_id,
                hour=hour,
                digest=digest,
                type=kind,
                media_id=media_id,
                message=message,
                count=1,
                first_at=now,
                last_at=now,
            )
        )
    try:
        db.session.commit()
    except Exception:
        # Two reports of a new error racing: the other one made the row; count on it.
        db.session.rollback()
        db.session.execute(
            update(PlayerError)
            .where(PlayerError.screen_id == screen_id, PlayerError.hour == hour, PlayerError.digest == digest)
            .values(count=PlayerError.count + 1, last_at=now)
        )
        db.session.commit()


def _known_media(raw: object) -> int | None:
    media_id = reference(raw)
    if media_id is None:
        return None
    return media_id if db.session.get(Media, media_id) is not None else None
