"""User accounts: create, change, delete, with the rule that one ADMIN always remains."""

from __future__ import annotations

from sqlalchemy import func, select

from signage.auth.login import end_other_sessions
from signage.auth.passwords import hash_password, password_problem, verify_password
from signage.auth.service import normalize_email
from signage.core.errors import N_, Conflict, ServiceError
from signage.core.validation import email as email_problem
from signage.extensions import db
from signage.i18n import locale_problem, zone_problem
from signage.models import Role, User

# update_user's "leave as it is", where None is a value (the browser's language or timezone).
UNCHANGED: object = object()


class AccountError(ServiceError):
    """A refused change to an account (422). `field` names the offending field when there is one."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(code, message, {field: message} if field else None)
        self.field = field


class AccountConflict(AccountError, Conflict):
    """The change clashes with the other accounts (409)."""


class EmailTaken(AccountConflict):
    def __init__(self) -> None:
        super().__init__("email_taken", N_("Another user already has this e-mail address."), "email")


class LastAdmin(AccountConflict):
    def __init__(self, action: str) -> None:
        message = {
            "demoted": N_("The last ADMIN cannot be demoted: make another user ADMIN first."),
            "deleted": N_("The last ADMIN cannot be deleted: make another user ADMIN first."),
        }[action]
        super().__init__("last_admin", message)


def _admin_count_locked() -> int:
    # Lock the ADMIN rows (PostgreSQL) so two concurrent demotions cannot both pass the check.
    ids = db.session.scalars(select(User.id).where(User.role == Role.ADMIN).with_for_update()).all()
    return len(ids)


def _check_email(email: str, exclude_id: int | None = None) -> str:
    email = normalize_email(email)
    problem = email_problem(email)
    if problem:
        raise AccountError("invalid_email", problem, "email")
    query = select(func.count()).select_from(User).where(User.email == email)
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    if db.session.scalar(query):
        raise EmailTaken()
    return email


def _check_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise AccountError("weak_password", problem, "password")
    return hash_password(password)


def _check_preference(field: str, value: str | None, problem: str | None) -> str | None:
    """A language or timezone: a known value, or None (empty) for the browser's."""
    if value is None or value == "":
        return None
    if problem:
        raise AccountError(f"invalid_{field}", problem, field)
    return value


def create_user(email: str, password: str, role: Role | str, name: str = "") -> User:
    user = User(
        email=_check_email(email),
        password_hash=_check_password(password),
        role=Role(role),
        name=name.strip(),
    )
    db.session.add(user)
    db.session.commit()
    return user


def update_user(
    user: User,
    *,
    email: str | None = None,
    name: str | None = None,
    role: Role | str | None = None,
    password: str | None = None,
    locale: str | None | object = UNCHANGED,
    timezone: str | None | object = UNCHANGED,
) -> User:
    """Apply the given changes all together, or none of them. `locale` and `timezone`: a
    value, or None / "" for the browser's (CONTRACT §14); left out, they stay as they are."""
    new_email = _check_email(email, exclude_id=user.id) if email is not None else None
    new_hash = _check_password(password) if password is not None else None
    preferences: dict[str, str | None] = {}
    if locale is not UNCHANGED:
        value = locale if isinstance(locale, str) else None
        preferences["locale"] = _check_preference("locale", value, locale_problem(value) if value else None)
    if timezone is not UNCHANGED:
        value = timezone if isinstance(timezone, str) else None
        preferences["timezone"] = _check_preference("timezone", value, zone_problem(value) if value else None)
    new_role = Role(role) if role is not None else None
    if new_role is not None and new_role != user.role:
        if user.role == Role.ADMIN and _admin_count_locked() <= 1:
            db.session.rollback()
            raise LastAdmin("demoted")
        user.role = new_role
        end_other_sessions(user)  # CONTRACT §15
    if new_email is not None:
        user.email = new_email
    if name is not None:
        user.name = name.strip()
    for key, value in preferences.items():
        setattr(user, key, value)
    if new_hash is not None:
        user.password_hash = new_hash
        end_other_sessions(user)  # sessions opened with the old password end with it
    db.session.commit()
    return user


def change_own_password(user: User, current_password: str, new_password: str) -> User:
    """A user's own change: only with the current password. Their other sessions end; the one
    making the change stays open."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError("wrong_password", N_("The current password is not right."), "current_password")
    return update_user(user, password=new_password)


def delete_user(user: User, acting_user_id: int | None = None) -> None:
    if acting_user_id is not None and user.id == acting_user_id:
        raise AccountConflict("cannot_delete_self", N_("You cannot delete your own account."))
    if user.role == Role.ADMIN and _admin_count_locked() <= 1:
        db.session.rollback()
        raise LastAdmin("deleted")
    db.session.delete(user)
    db.session.commit()
