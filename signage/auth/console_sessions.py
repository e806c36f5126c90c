"""Console sessions on the server (CONTRACT §15): opened at sign-in, checked on each request,
ended by logout, by an ADMIN, or when the password or role changes.

The cookie carries a random id (256 bits); the table keeps its SHA-256, the user, and when
and from where it was opened. A request whose id has no live row is anonymous, whatever the
signed cookie says: a cookie copied before logout stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from signage.extensions import db
from signage.models import User, UserSession
from signage.models.types import utcnow

LIFETIME = timedelta(hours=12)
# last_seen_at is written at most this often per session, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
USER_AGENT_MAX = 255


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def open_session(user: User, ip_address: str | None, user_agent: str, now: datetime | None = None) -> str:
    """A new session for `user`; returns the id for the cookie (shown nowhere else)."""
    now = now or utcnow()
    raw = secrets.token_urlsafe(32)
    # Expired rows can never open anything again: dropping them here keeps the table small
    # without a periodic job (as the sign-in failures are).
    db.session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    db.session.add(
        UserSession(
            token_hash=_hash(raw),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + LIFETIME,
            ip_address=ip_address,
            user_agent=(user_agent or "")[:USER_AGENT_MAX],
        )
    )
    db.session.commit()
    return raw


def user_for(raw: str | None, user_id: int, session_version: int, now: datetime | None = None) -> User | None:
    """The user a live session `raw` belongs to, if it is `user_id` at `session_version`."""
    if not raw or not isinstance(raw, str):
        return None
    now = now or utcnow()
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _hash(raw), UserSession.expires_at > now, User.id == user_id)
    ).first()
    if row is None:
        return None
    live, user = row
    if user.session_version != session_version:
        return None
    if now - live.last_seen_at >= TOUCH_EVERY:
        live.last_seen_at = now
        db.session.commit()
    return user


def end_session(raw: str | None) -> None:
    if raw and isinstance(raw, str):
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _hash(raw)))
        db.session.commit()


def end_sessions(
    user_id: int, keep: str | None = None, session_id: int | None = None, *, commit: bool = True
) -> int:
    """End the user's sessions (one of them with `session_id`), except the one whose cookie id
    is `keep`; returns how many ended. `commit=False` leaves it to the caller's transaction."""
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if keep:
        query = query.where(UserSession.token_hash != _hash(keep))
    if session_id is not None:
        query = query.where(UserSession.id == session_id)
    ended = db.session.execute(query).rowcount or 0
    if commit:
        db.session.commit()
    return ended


def live_sessions(user_id: int, now: datetime | None = None) -> list[UserSession]:
    now = now or utcnow()
    query = (
        select(UserSession)
        .where(UserSession.user_id == user_id, UserSession.expires_at > now)
        .order_by(UserSession.last_seen_at.desc())
    )
    return list(db.session.scalars(query))


def is_current(session: UserSession, raw: str | None) -> bool:
    return bool(raw) and session.token_hash == _hash(raw or "")
