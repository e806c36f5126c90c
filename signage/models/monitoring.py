"""What screens report and what they were told: heartbeats, commands, screenshots, plays."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.enums import CommandStatus, CommandType, ConnectionType
from signage.models.types import Model, UTCDateTime, enum_column, utcnow


class ScreenHeartbeat(Model):
    __tablename__ = "screen_heartbeats"
    __table_args__ = (sa.Index("ix_screen_heartbeats_screen_ts", "screen_id", "timestamp"),)

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"))
    # The retention purge deletes by time across all screens.
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # History, not a reference: a deleted playlist must not erase or block its past.
    current_playlist_id: Mapped[int | None] = mapped_column()
    current_media_name: Mapped[str | None] = mapped_column(sa.String(255))
    uptime: Mapped[int | None] = mapped_column(sa.BigInteger)
    memory_usage_mb: Mapped[float | None] = mapped_column(sa.Float)
    connection_type: Mapped[ConnectionType] = mapped_column(
        enum_column(ConnectionType, "connection_type"), default=ConnectionType.UNKNOWN
    )
    browser_version: Mapped[str | None] = mapped_column(sa.String(120))
    resolution: Mapped[str | None] = mapped_column(sa.String(32))
    is_visible: Mapped[bool | None] = mapped_column()
    error_message: Mapped[str | None] = mapped_column(sa.Text)


class ScreenCommand(Model):
    __tablename__ = "screen_commands"
    __table_args__ = (
        sa.Index("ix_screen_commands_screen_created", "screen_id", "created_at"),
        sa.Index("ix_screen_commands_screen_status", "screen_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"))
    command: Mapped[CommandType] = mapped_column(enum_column(CommandType, "command"))
    payload: Mapped[dict[str, Any] | None] = mapped_column("payload_json", sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Null while queued for a screen with no live socket (CONTRACT §6).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[CommandStatus] = mapped_column(
        enum_column(CommandStatus, "status"), default=CommandStatus.PENDING
    )
    error: Mapped[str | None] = mapped_column(sa.Text)
    sent_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class ScreenScreenshot(Model):
    __tablename__ = "screen_screenshots"
    __table_args__ = (sa.Index("ix_screen_screenshots_screen_taken", "screen_id", "taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"))
    s3_key: Mapped[str] = mapped_column(sa.String(512))
    cdn_url: Mapped[str | None] = mapped_column(sa.Text)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    command_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("screen_commands.id", ondelete="SET NULL"), index=True
    )
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    file_size_bytes: Mapped[int | None] = mapped_column()


class ProofOfPlay(Model):
    """One play of one media on one screen, as the player reported it.

    Plays outlive what they mention: deleting a screen, playlist or media keeps the rows
    (their reference becomes null) so reports over past periods stay true.
    """

    __tablename__ = "proof_of_play"
    __table_args__ = (
        # The player's own id for the play: a batch re-sent after a lost ack stores nothing twice.
        sa.UniqueConstraint("screen_id", "client_id", name="uq_proof_of_play_screen_client"),
        sa.Index("ix_proof_of_play_screen_played", "screen_id", "played_at"),
        sa.Index("ix_proof_of_play_media_played", "media_id", "played_at"),
        sa.Index("ix_proof_of_play_playlist_played", "playlist_id", "played_at"),
        sa.Index("ix_proof_of_play_played_at", "played_at"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(64))
    screen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("screens.id", ondelete="SET NULL"))
    playlist_id: Mapped[int | None] = mapped_column(sa.ForeignKey("playlists.id", ondelete="SET NULL"))
    media_id: Mapped[int | None] = mapped_column(sa.ForeignKey("media.id", ondelete="SET NULL"))
    played_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_seconds: Mapped[float] = mapped_column(sa.Float)
    # Null when sent live; set when the play reached the server late from the offline outbox.
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ScreenIncident(Model):
    """One outage of one screen and the e-mails sent about it (signage.monitoring.incident_rules).

    Open while closed_at is null; a screen has at most one open incident, so two overlapping
    runs of the job cannot open two (and mail twice) for the same outage.
    """

    __tablename__ = "screen_incidents"
    __table_args__ = (
        sa.Index(
            "ix_screen_incidents_screen_open",
            "screen_id",
            unique=True,
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("screens.id", ondelete="CASCADE"), index=True)
    # The screen's last heartbeat before the outage: the silence began then.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    offline_mail_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the job first saw the screen back; cleared if it goes offline again before settling.
    recovered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recovery_mail_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the console users were told (signage.notifications.screens), apart from the site
    # contact's mail: a site with no contact still has its outages told to the users.
    offline_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recovery_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
