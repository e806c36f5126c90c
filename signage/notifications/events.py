"""The events that notify: each says who is told and in which words."""

from __future__ import annotations

from sqlalchemy import select

from signage.core.errors import N_
from signage.extensions import db
from signage.models import User
from signage.notifications import rules
from signage.notifications.service import notify


def encoding_failed(media_id: int, name: str, reason: str, uploaded_by: int | None) -> int:
    """The media's uploader and the ADMINs learn that its processing failed, and why."""
    admins = db.session.scalars(select(User.id).where(User.role.in_(list(rules.ENCODING_FAILED_ROLES)))).all()
    told = set(admins) | ({uploaded_by} if uploaded_by else set())
    return notify(
        rules.ENCODING_FAILED,
        N_("Processing of %(name)s failed: %(reason)s"),
        {"name": name, "reason": reason},
        f"/admin/media/{media_id}",
        told,
    )
