"""The audit log: who changed what in the console or the API, and the sign-ins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.types import Model, UTCDateTime, utcnow


class AuditEntry(Model):
    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Kept when the user is deleted: the e-mail below still names who it was.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    user_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    via: Mapped[str] = mapped_column(sa.String(16), default="session", server_default="session")
    action: Mapped[str] = mapped_column(sa.String(32), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    object_id: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    object_name: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    # {field: [before, after]} for an update; {field: value} for a create or a delete.
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(sa.String(64))
