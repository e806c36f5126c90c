"""What reports read beyond the raw rows: per-screen daily rollups (kept 400 days while
heartbeats go after 7) and the playback errors players report, counted per hour."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.types import Model, UTCDateTime, utcnow


class ScreenDay(Model):
    """One screen's local day (in its site's timezone): availability, plays and errors."""

    __tablename__ = "screen_days"
    __table_args__ = (sa.UniqueConstraint("screen_id", "day", name="uq_screen_days_screen_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    zone: Mapped[str] = mapped_column(sa.String(64))
    # The day's length in seconds: 23 or 25 hours on DST changes.
    length_seconds: Mapped[int] = mapped_column(sa.Integer)
    online_seconds: Mapped[float] = mapped_column(sa.Float, default=0.0)
    heartbeats: Mapped[int] = mapped_column(sa.Integer, default=0)
    plays: Mapped[int] = mapped_column(sa.Integer, default=0)
    play_seconds: Mapped[float] = mapped_column(sa.Float, default=0.0)
    errors: Mapped[int] = mapped_column(sa.Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PlayDay(Model):
    """Plays of one media in one playlist on one screen during its local day."""

    __tablename__ = "play_days"
    __table_args__ = (sa.Index("ix_play_days_day_screen", "day", "screen_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"))
    media_id: Mapped[int | None] = mapped_column(sa.ForeignKey("media.id", ondelete="SET NULL"), index=True)
    playlist_id: Mapped[int | None] = mapped_column(sa.ForeignKey("playlists.id", ondelete="SET NULL"))
    plays: Mapped[int] = mapped_column(sa.Integer)
    seconds: Mapped[float] = mapped_column(sa.Float)


class PlayerError(Model):
    """A playback error a player reported, counted per hour: the same error again within the
    hour adds to `count` instead of a row."""

    __tablename__ = "player_errors"
    __table_args__ = (
        sa.UniqueConstraint("screen_id", "hour", "digest", name="uq_player_errors_screen_hour_digest"),
        sa.Index("ix_player_errors_hour", "hour"),
        sa.Index("ix_player_errors_media", "media_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"))
    hour: Mapped[datetime] = mapped_column(UTCDateTime())
    # SHA-256 of (type, media, message): what makes two reports "the same error".
    digest: Mapped[str] = mapped_column(sa.String(64))
    type: Mapped[str] = mapped_column(sa.String(64))
    media_id: Mapped[int | None] = mapped_column(sa.ForeignKey("media.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    count: Mapped[int] = mapped_column(sa.Integer, default=1)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())
