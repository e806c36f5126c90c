"""Requests for a password-reset e-mail: the throttle reads them (signage.auth.password_reset)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.types import Model, UTCDateTime, utcnow


class PasswordResetRequest(Model):
    """One "forgot password" request, whether the e-mail is known or not (the throttle must
    not tell them apart). Kept in the database so every process sees the same counts."""

    __tablename__ = "password_reset_requests"
    __table_args__ = (
        sa.Index("ix_password_reset_requests_email_at", "email", "requested_at"),
        sa.Index("ix_password_reset_requests_ip_at", "ip_address", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
