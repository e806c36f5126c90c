"""Console users and the record of failed sign-ins (the lockout reads it)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.enums import Role
from signage.models.types import Model, UTCDateTime, enum_column, utcnow


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.VIEWER)
    # The console's language and timezone for this user; None: the browser's (CONTRACT §14).
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    # The notifications this user also wants by e-mail (signage.notifications.rules.KINDS).
    email_notifications: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    # Bumped when the password changes, so sessions opened before it end (see get_id).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class LoginFailure(Model):
    """One failed sign-in. Kept in the database so every process sees the same lockout."""

    __tablename__ = "login_failures"
    __table_args__ = (sa.Index("ix_login_failures_email_at", "email", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
