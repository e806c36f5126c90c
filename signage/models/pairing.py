"""Pairing a kiosk by a code shown on its screen (CONTRACT §12)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.types import Model, UTCDateTime, utcnow


class Pairing(Model):
    """A code a kiosk shows until an admin claims it for a screen; the kiosk polls with its
    poll token and collects the player JWT once."""

    __tablename__ = "pairings"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(8), index=True)
    poll_token_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ip_address: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    screen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PairingFailure(Model):
    """A wrong code typed in the console: counted per user to refuse guessing."""

    __tablename__ = "pairing_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
