"""The sign-in lockout rules (CONTRACT §2), pure: 5 failures in 15 minutes lock the email
for the rest of that window, even for the right password; and 30 failures in 15 minutes from
one client address refuse that address whatever e-mail it tries, so guessing across many
accounts (or random ones, each costing a password hash) is braked as well."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_FAILURES = 5
# Per client address: an office or a school behind one NAT shares it, so it is well above
# what a few colleagues mistyping produce, and far below a guessing run.
ADDRESS_MAX_FAILURES = 30
WINDOW = timedelta(minutes=15)


def retry_after(
    failures: Sequence[datetime], now: datetime, limit: int = MAX_FAILURES, window: timedelta = WINDOW
) -> int | None:
    """Seconds until the next attempt is allowed, or None when it is allowed now.

    `failures` are the times of failed attempts; the lock holds while `limit` of them lie
    within `window` before `now`, and ends when the oldest of those leaves it.
    """
    recent = sorted(t for t in failures if now - window < t <= now)
    if len(recent) < limit:
        return None
    unlock_at = recent[-limit] + window
    return max(1, int((unlock_at - now).total_seconds() + 0.999))
