"""Password resets and unlocks (issue 13): an ADMIN clears a locked-out e-mail or sends a
reset e-mail; anyone may ask for one on the sign-in page ("forgot password").

The link is a signed, expiring token bound to the password it replaces (reset_rules), so it
works once. Requests are throttled per e-mail and per client address, unknown e-mails
counted like known ones. The e-mail itself is composed by the web face (its language) and
sent by a job (signage.auth.jobs), so a request for a known e-mail takes no longer to answer.
"""

from __future__ import annotations

from datetime import UTC, datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from signage.audit import capture
from signage.auth import reset_rules
from signage.auth.lockout import retry_after
from signage.auth.service import normalize_email
from signage.auth.users import update_user
from signage.core.errors import N_, Gone, NotFound
from signage.extensions import db
from signage.models import LoginFailure, PasswordResetRequest, User

SALT = "signage.password-reset"


class ResetLinkInvalid(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "reset_link_invalid",
            N_("This password reset link is not valid or was already used: ask for a new one."),
        )


class ResetLinkExpired(Gone):
    def __init__(self) -> None:
        super().__init__("reset_link_expired", N_("This password reset link has expired: ask for a new one."))


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def reset_token(user: User, secret: str) -> str:
    return _serializer(secret).dumps(
        {"u": user.id, "p": reset_rules.password_fingerprint(user.password_hash)}
    )


def user_for_reset(token: str, secret: str) -> User:
    """The user a link resets, or ResetLinkExpired / ResetLinkInvalid."""
    max_age = int(reset_rules.LINK_MAX_AGE.total_seconds())
    try:
        data = _serializer(secret).loads(token[:1000], max_age=max_age)
    except SignatureExpired:
        raise ResetLinkExpired() from None
    except BadSignature:
        raise ResetLinkInvalid() from None
    user = (
        db.session.get(User, data.get("u"))
        if isinstance(data, dict) and isinstance(data.get("u"), int)
        else None
    )
    if user is None or data.get("p") != reset_rules.password_fingerprint(user.password_hash):
        raise ResetLinkInvalid()
    return user


def reset_password(token: str, secret: str, new_password: str) -> User:
    """Set the new password (its rules apply); the link dies with the old password, the
    user's sessions end, and a lockout on the e-mail is lifted."""
    user = user_for_reset(token, secret)
    update_user(user, password=new_password)
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
    capture.record("password_reset", email=user.email, user_id=user.id, session=db.session)
    db.session.commit()
    return user


def may_send_reset(email: str, ip_address: str | None, now: datetime | None = None) -> bool:
    """Count this request and say whether it is within the limits. Every request counts,
    for a known e-mail or not, refused or not: asking harder never helps."""
    now = now or datetime.now(UTC)
    email = normalize_email(email)[:254]
    db.session.execute(
        delete(PasswordResetRequest).where(PasswordResetRequest.requested_at <= now - reset_rules.WINDOW)
    )

    def times(*condition) -> list[datetime]:  # type: ignore[no-untyped-def]
        return list(db.session.scalars(select(PasswordResetRequest.requested_at).where(*condition)))

    by_email = times(PasswordResetRequest.email == email)
    by_address = times(PasswordResetRequest.ip_address == ip_address) if ip_address else []
    db.session.add(PasswordResetRequest(email=email, ip_address=ip_address, requested_at=now))
    db.session.commit()
    return not (
        reset_rules.over_limit(by_email, now, reset_rules.PER_EMAIL)
        or reset_rules.over_limit(by_address, now, reset_rules.PER_ADDRESS)
    )


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)[:254]))


def is_locked(email: str, now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC)
    failures = list(db.session.scalars(select(LoginFailure.attempted_at).where(LoginFailure.email == email)))
    return retry_after(failures, now) is not None


def unlock(user: User, *, by: User, ip_address: str | None = None) -> int:
    """Clear the failed sign-ins of the user's e-mail (ending a lockout); the audit log says
    who did it. Returns how many failures were cleared."""
    cleared = db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(LoginFailure.email == user.email)
    )
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
    capture.record(
        "unlocked",
        email=by.email,
        user_id=by.id,
        ip_address=ip_address,
        changes={"email": user.email, "failuresCleared": cleared or 0},
        session=db.session,
    )
    db.session.commit()
    return cleared or 0


def note_reset_sent(user: User, *, by: User | None, ip_address: str | None = None) -> None:
    """The audit log's line for a reset e-mail an ADMIN sent."""
    if by is not None:
        capture.record(
            "password_reset_sent",
            email=by.email,
            user_id=by.id,
            ip_address=ip_address,
            changes={"email": user.email},
            session=db.session,
        )
        db.session.commit()
