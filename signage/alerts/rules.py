"""What makes an alert valid and when it is on screen. Pure: standard library only.

An alert is *armed* by activation (`isActive`) and *live* while armed and inside its optional
`[startAt, endAt)` window: players show exactly the live alerts.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum

from signage.core.errors import N_
from signage.core.validation import at_most_characters

TITLE_MAX = 200
# The `alert:show` payload's limit (signage.monitoring.command_rules): what is stored is sendable.
CONTENT_MAX = 5000
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DISPLAY_MODES = ("BANNER", "FULLSCREEN")
EMERGENCY_BACKGROUND = "#b91c1c"
EMERGENCY_TEXT = "#ffffff"


class AlertState(StrEnum):
    INACTIVE = "INACTIVE"  # not armed
    SCHEDULED = "SCHEDULED"  # armed, startAt still ahead
    LIVE = "LIVE"  # armed and inside its window: on the screens
    ENDED = "ENDED"  # endAt passed


def text_problem(value: str, maximum: int) -> str | None:
    """Alerts are shown as text, never HTML; control characters other than line breaks and
    tabs have no business on a screen."""
    if not value.strip():
        return N_("This field cannot be empty.")
    if len(value) > maximum:
        return at_most_characters(maximum)
    if any(ord(ch) < 32 and ch not in "\n\t\r" or ord(ch) == 127 for ch in value):
        return N_("Control characters are not allowed.")
    return None


def color_problem(value: str) -> str | None:
    return None if COLOR.match(value) else N_("A colour as #rgb or #rrggbb.")


def parse_instant(value: str) -> tuple[datetime | None, str | None]:
    """An ISO 8601 timestamp with an offset (or Z), as aware UTC; or a problem sentence."""
    text = value.strip()
    if len(text) > 40:
        return None, N_("Not an ISO 8601 timestamp.")
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None, N_("Not an ISO 8601 timestamp (for example 2026-05-01T08:00:00Z).")
    if parsed.tzinfo is None:
        return None, N_("Give the timezone: end with Z (UTC) or an offset like +02:00.")
    if not 2000 <= parsed.year <= 2999:
        return None, N_("Out of range.")
    return parsed.astimezone(UTC), None


def window_problem(start_at: datetime | None, end_at: datetime | None) -> str | None:
    if start_at is not None and end_at is not None and not start_at < end_at:
        return N_("Must be after startAt.")
    return None


def state(is_active: bool, start_at: datetime | None, end_at: datetime | None, now: datetime) -> AlertState:
    if end_at is not None and end_at <= now:
        return AlertState.ENDED
    if not is_active:
        return AlertState.INACTIVE
    if start_at is not None and start_at > now:
        return AlertState.SCHEDULED
    return AlertState.LIVE


def is_live(is_active: bool, start_at: datetime | None, end_at: datetime | None, now: datetime) -> bool:
    return state(is_active, start_at, end_at, now) == AlertState.LIVE
