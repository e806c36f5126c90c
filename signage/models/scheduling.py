"""Schedules: which playlist a screen or group plays, when."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signage.models.content import Playlist
from signage.models.enums import ScheduleTarget
from signage.models.types import Model, UTCDateTime, enum_column, utcnow


class Schedule(Model):
    __tablename__ = "schedules"
    __table_args__ = (
        sa.CheckConstraint("priority >= 1 AND priority <= 100", name="priority_range"),
        sa.Index("ix_schedules_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    target_type: Mapped[ScheduleTarget] = mapped_column(enum_column(ScheduleTarget, "target_type"))
    # Polymorphic (a screen or a group): integrity is kept by the services, and deleting a
    # screen or group deletes the schedules that target it.
    target_id: Mapped[int] = mapped_column()
    # RESTRICT: a scheduled playlist cannot vanish under its schedules unobserved.
    playlist_id: Mapped[int] = mapped_column(sa.ForeignKey("playlists.id", ondelete="RESTRICT"), index=True)
    priority: Mapped[int] = mapped_column(default=50, server_default="50")
    start_date: Mapped[date | None] = mapped_column(sa.Date)
    end_date: Mapped[date | None] = mapped_column(sa.Date)
    start_time: Mapped[str | None] = mapped_column(sa.String(5))
    end_time: Mapped[str | None] = mapped_column(sa.String(5))
    days_of_week: Mapped[list[int]] = mapped_column(sa.JSON, default=lambda: [0, 1, 2, 3, 4, 5, 6])
    is_recurring: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    is_interruption: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Disabled: kept with its settings, but no screen plays it (and it overlaps nothing).
    is_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    playlist: Mapped[Playlist] = relationship()
