"""Sites, screen groups and screens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signage.core.errors import N_
from signage.models.enums import Orientation, ScreenStatus
from signage.models.types import Model, UTCDateTime, enum_column, utcnow

# A screen that could play less than this with no server, or whose storage the browser may
# evict, gets a warning in its monitoring (CONTRACT §13).
RUNWAY_WARNING = timedelta(hours=24)


class Site(Model):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    city: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    address: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    # What its players speak (CONTRACT §14); the services fill in DEFAULT_LOCALE.
    locale: Mapped[str] = mapped_column(sa.String(8), default="fr", server_default="fr")
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    groups: Mapped[list[ScreenGroup]] = relationship(back_populates="site", passive_deletes=True)
    screens: Mapped[list[Screen]] = relationship(back_populates="site", passive_deletes=True)


class ScreenGroup(Model):
    __tablename__ = "screen_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # A group lives inside its site; a site can only go once its screens are gone.
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    # Automatic screenshots of its screens every so many minutes; None: off (the default).
    screenshot_interval_minutes: Mapped[int | None] = mapped_column(sa.Integer)

    site: Mapped[Site] = relationship(back_populates="groups")
    screens: Mapped[list[Screen]] = relationship(back_populates="group", passive_deletes=True)


class Screen(Model):
    __tablename__ = "screens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # RESTRICT: deleting a site that still has screens is refused (CONTRACT §4, 409).
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="RESTRICT"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("screen_groups.id", ondelete="SET NULL"), index=True
    )
    activation_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    activation_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    player_jwt_blacklisted: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # SHA-256 of the one player JWT currently valid: re-activation issues a new one, so a
    # revoked token never comes back to life (CONTRACT §5).
    player_jwt_hash: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[ScreenStatus] = mapped_column(
        enum_column(ScreenStatus, "status"), default=ScreenStatus.OFFLINE, index=True
    )
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[str | None] = mapped_column(sa.String(32))
    orientation: Mapped[Orientation] = mapped_column(
        enum_column(Orientation, "orientation"), default=Orientation.LANDSCAPE
    )
    player_version: Mapped[str | None] = mapped_column(sa.String(32))
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))
    uptime: Mapped[int | None] = mapped_column(sa.BigInteger)
    current_playlist_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("playlists.id", ondelete="SET NULL")
    )
    current_media_name: Mapped[str | None] = mapped_column(sa.String(255))
    last_screenshot_key: Mapped[str | None] = mapped_column(sa.String(512))
    last_screenshot_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The offline player's state, from its newest heartbeat (CONTRACT §13): until when it can
    # play with no server, its storage, the plays it holds, and the channel it reports on.
    cached_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    storage_used_mb: Mapped[float | None] = mapped_column(sa.Float)
    storage_quota_mb: Mapped[float | None] = mapped_column(sa.Float)
    storage_persisted: Mapped[bool | None] = mapped_column()
    pending_proof_of_play: Mapped[int | None] = mapped_column()
    transport: Mapped[str | None] = mapped_column(sa.String(16))
    # When the users were told its offline storage is short (signage.notifications.screens);
    # cleared once it is not: one notification per episode, not per heartbeat.
    storage_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Messages its player sent beyond its budget (monitoring.budget_rules), dropped, and when
    # that last happened: a flag for the monitoring page.
    dropped_messages: Mapped[int] = mapped_column(default=0, server_default="0")
    over_budget_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    site: Mapped[Site] = relationship(back_populates="screens")
    group: Mapped[ScreenGroup | None] = relationship(back_populates="screens")

    def offline_runway(self, now: datetime | None = None) -> timedelta | None:
        """How long the player could go on with no server (cachedUntil − now), or None when
        it never said."""
        if self.cached_until is None:
            return None
        return max(self.cached_until - (now or datetime.now(UTC)), timedelta(0))

    def offline_problems(self, now: datetime | None = None) -> tuple[bool, bool]:
        """(storage not persisted, less than RUNWAY_WARNING of content stored): the screen's
        offline readiness as the monitoring warns about it and the notifications tell it."""
        runway = self.offline_runway(now)
        short = self.transport is not None and (runway is None or runway < RUNWAY_WARNING)
        return self.storage_persisted is False, short

    def offline_warnings(self, now: datetime | None = None) -> list[str]:
        """What the monitoring should point out about the screen's offline readiness."""
        warnings = []
        unpersisted, short = self.offline_problems(now)
        if unpersisted:
            warnings.append(N_("Storage is not persisted: the browser may evict the cached content."))
        if short:
            warnings.append(N_("Less than 24 hours of content stored for offline playback."))
        return warnings
