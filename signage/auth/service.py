"""Signing in: credentials, the shared lockout, and the record of last sign-in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from signage.auth.lockout import ADDRESS_MAX_FAILURES, WINDOW, retry_after
from signage.auth.passwords import verify_password
from signage.core.errors import N_
from signage.extensions import db
from signage.models import LoginFailure, User
from signage.models.types import utcnow


class InvalidCredentials(Exception):
    """Wrong email or password; the message never says which. `locked_now`: this failure is
    the one that locks the e-mail."""

    def __init__(self, message: str, locked_now: bool = False) -> None:
        super().__init__(message)
        self.locked_now = locked_now


class LoginLocked(Exception):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("Too many failed sign-ins")
        self.retry_after = retry_after_seconds


def normalize_email(email: str) -> str:
    return email.strip().lower()


def authenticate(
    email: str, password: str, ip_address: str | None = None, now: datetime | None = None
) -> User:
    """Return the user, or raise InvalidCredentials / LoginLocked.

    The attempt is recorded before the password is checked, so parallel guesses are
    counted too: at most MAX_FAILURES checks run per window, whatever the concurrency.
    """
    now = now or utcnow()
    email = normalize_email(email)[:254]
    attempt = LoginFailure(email=email, ip_address=ip_address, attempted_at=now)
    # Expired failures can never lock anything again: dropping them here keeps the table
    # as small as one window's failures without a periodic job.
    db.session.execute(delete(LoginFailure).where(LoginFailure.attempted_at <= now - WINDOW))
    db.session.add(attempt)
    db.session.commit()
    earlier = _failures(LoginFailure.email == email, attempt, now)
    wait = retry_after(earlier, now)
    if wait is None and ip_address:
        by_address = _failures(LoginFailure.ip_address == ip_address, attempt, now)
        wait = retry_after(by_address, now, ADDRESS_MAX_FAILURES)
    if wait is not None:
        # A refused attempt does not extend the lock: it was never checked.
        db.session.delete(attempt)
        db.session.commit()
        raise LoginLocked(wait)

    user = db.session.scalar(select(User).where(User.email == email))
    stored_hash = user.password_hash if user else None
    # The hash takes ~100 ms on another thread: hand the connection (and SQLite's write lock)
    # back first, or twenty sign-ins at once would hold every pooled connection meanwhile.
    db.session.commit()
    if not verify_password(stored_hash, password) or user is None:
        raise InvalidCredentials(
            N_("Wrong email or password."), retry_after([*earlier, now], now) is not None
        )
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    user.last_login_at = now
    db.session.commit()
    return user


def _failures(criterion, attempt: LoginFailure, now: datetime) -> list[datetime]:  # type: ignore[no-untyped-def]
    """When the recorded attempts matching `criterion` failed (this one excluded)."""
    recent = (LoginFailure.attempted_at > now - WINDOW, LoginFailure.id != attempt.id)
    return list(db.session.scalars(select(LoginFailure.attempted_at).where(criterion, *recent)))
