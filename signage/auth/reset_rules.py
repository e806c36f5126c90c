"""Password-reset rules (issue 13), pure: how long a link lives, how often one may be asked
for, and the fingerprint that ties a link to the password it replaces.

A link carries the user's id and a fingerprint of their current password hash, signed with
the server's secret: once the password changes (the link was used, or the user changed it
otherwise) the fingerprint no longer matches and the link is dead. Nothing is stored per link.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

LINK_MAX_AGE = timedelta(hours=1)
# "Forgot password" requests: per e-mail (whoever asks), and per client address (whatever
# e-mail it types). Both count unknown e-mails too, so the answer never tells them apart.
WINDOW = timedelta(hours=1)
PER_EMAIL = 3
PER_ADDRESS = 10


def password_fingerprint(password_hash: str) -> str:
    """Enough of the hash's digest to tell passwords apart; never the hash itself (the
    link travels by e-mail)."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def over_limit(requests: Sequence[datetime], now: datetime, limit: int) -> bool:
    """True when `limit` requests already lie within WINDOW before `now`."""
    return sum(1 for at in requests if now - WINDOW < at <= now) >= limit
