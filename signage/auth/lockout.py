"""The sign-in lockout rule (CONTRACT §2), pure: 5 failures in 15 minutes lock the email
for the rest of that window, even for the right password."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def retry_after(failures: Sequence[datetime], now: datetime) -> int | None:
    """Seconds until the next attempt is allowed, or None when it is allowed now.

    `failures` are the times of failed attempts; the lock holds while MAX_FAILURES of
    them lie within WINDOW before `now`, and ends when the oldest of those leaves it.
    """
    recent = sorted(t for t in failures if now - WINDOW < t <= now)
    if len(recent) < MAX_FAILURES:
        return None
    unlock_at = recent[-MAX_FAILURES] + WINDOW
    return max(1, int((unlock_at - now).total_seconds() + 0.999))
