"""Urgent messages overlaid on screens."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.enums import AlertDisplayMode, AlertTarget
from signage.models.types import Model, UTCDateTime, enum_column, utcnow


class Alert(Model):
    __tablename__ = "alerts"
    __table_args__ = (sa.Index("ix_alerts_active_window", "is_active", "start_at", "end_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    content: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    background_color: Mapped[str] = mapped_column(sa.String(32), default="#d32f2f")
    text_color: Mapped[str] = mapped_column(sa.String(32), default="#ffffff")
    display_mode: Mapped[AlertDisplayMode] = mapped_column(
        enum_column(AlertDisplayMode, "display_mode"), default=AlertDisplayMode.BANNER
    )
    target_type: Mapped[AlertTarget] = mapped_column(
        enum_column(AlertTarget, "target_type"), default=AlertTarget.ALL
    )
    # Polymorphic (a group or a screen, none for ALL); kept consistent by the services.
    target_id: Mapped[int | None] = mapped_column()
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_active: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
