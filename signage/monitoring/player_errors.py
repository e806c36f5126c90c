"""Playback errors players report (`screen:error`, or POST /api/player/{id}/error)."""

from __future__ import annotations

import logging
from typing import Any

from signage.core.logtext import neutralise
from signage.core.validation import Field, Schema, length

log = logging.getLogger("signage.player")

PLAYER_ERROR = Schema(
    type=Field(str, required=True, check=length(1, 64)),
    message=Field(str, check=length(0, 2000)),
    mediaId=Field((str, int), nullable=True),
)


def record_error(screen_id: int, data: Any) -> None:
    """Validate (ValidationError names bad fields) and write the error to the player log."""
    clean = PLAYER_ERROR.validate(data if isinstance(data, dict) else {})
    # Escaped here as well as by the server's formatter: any handler an operator adds (a file,
    # syslog) gets one line per error too.
    log.warning(
        "player error screen=%s type=%s media=%s: %s",
        screen_id,
        neutralise(clean["type"]),
        neutralise(clean.get("mediaId")),
        neutralise(clean.get("message", "")),
    )
