"""Which state a screen's player identity is in. Pure: standard library only."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class IdentityState(StrEnum):
    """What the console shows about a screen's player identity."""

    NOT_ACTIVATED = "NOT_ACTIVATED"
    PENDING = "PENDING"  # an unused, unexpired activation token exists
    ACTIVATED = "ACTIVATED"
    REVOKED = "REVOKED"


def identity_state(
    *, has_jwt: bool, revoked: bool, token_expires_at: datetime | None, now: datetime
) -> IdentityState:
    """Pure. A pending token wins: it is what the admin is in the middle of doing."""
    if token_expires_at is not None and token_expires_at > now:
        return IdentityState.PENDING
    if revoked:
        return IdentityState.REVOKED
    return IdentityState.ACTIVATED if has_jwt else IdentityState.NOT_ACTIVATED
