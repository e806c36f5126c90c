"""Personal API tokens (CONTRACT §15): a script sends `Authorization: Bearer <token>` and acts
as the token's user, with that user's role at each request.

The secret is 256 random bits behind a recognisable prefix (`sgn_`, so a leaked token is easy
to spot in a repository or a log); only its SHA-256 is stored, so the table opens nothing.
It is shown once, at creation. A token ends at its expiry, when revoked, or with its user.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from signage.core.errors import N_, InvalidData, NotFound, Text
from signage.core.values import NAME_MAX, TextRule, clean_texts
from signage.extensions import db
from signage.models import ApiToken, User
from signage.models.types import utcnow

PREFIX = "sgn_"
# last_used_at is written at most this often per token, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
MAX_PER_USER = 50


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def looks_like_token(raw: str) -> bool:
    return raw.startswith(PREFIX)


NAME_RULE = TextRule(NAME_MAX, required=True)


def expiry_problem(expires_at: datetime | None, now: datetime | None = None) -> str | None:
    """A token's expiry, if it has one, lies ahead."""
    if expires_at is not None and expires_at <= (now or utcnow()):
        return N_("Must be in the future.")
    return None


def create_token(
    user: User, name: str, expires_at: datetime | None, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its secret (never retrievable again)."""
    now = now or utcnow()
    clean, problems = clean_texts({"name": name}, {"name": NAME_RULE})
    name = clean.get("name", "")
    if problem := expiry_problem(expires_at, now):
        problems["expires_at"] = problem
    count = len(db.session.scalars(select(ApiToken.id).where(ApiToken.user_id == user.id)).all())
    if count >= MAX_PER_USER:
        too_many = N_("At most %(count)s tokens per user: revoke one first.")
        problems["name"] = Text(too_many, count=MAX_PER_USER)
    if problems:
        raise InvalidData(problems)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=_hash(raw),
        prefix=raw[: len(PREFIX) + 4],
        created_at=now,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.commit()
    return token, raw


def user_for(raw: str, now: datetime | None = None) -> User | None:
    """The user a live token `raw` acts as, or None."""
    if not looks_like_token(raw):
        return None
    now = now or utcnow()
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == _hash(raw))
    ).first()
    if row is None:
        return None
    token, user = row
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        token.last_used_at = now
        db.session.commit()
    return user


def tokens_of(user_id: int) -> list[ApiToken]:
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def revoke(user_id: int, token_id: int | None) -> None:
    """Revoke one of the user's tokens; NotFound when it has no such token."""
    if token_id is None:
        raise NotFound("not_found", N_("No API token with this id."))
    gone = db.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id, ApiToken.id == token_id))
    if not gone.rowcount:
        db.session.rollback()
        raise NotFound("not_found", N_("No API token with this id."))
    db.session.commit()
