"""User accounts: create, change, delete, with the rule that one ADMIN always remains."""

from __future__ import annotations

from sqlalchemy import func, select

from signage.auth.login import end_other_sessions
from signage.auth.passwords import hash_password, password_problem
from signage.auth.service import normalize_email
from signage.core.errors import Conflict, ServiceError
from signage.core.validation import email as email_problem
from signage.extensions import db
from signage.models import Role, User


class AccountError(ServiceError):
    """A refused change to an account (422). `field` names the offending field when there is one."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(code, message, {field: message} if field else None)
        self.field = field


class AccountConflict(AccountError, Conflict):
    """The change clashes with the other accounts (409)."""


class EmailTaken(AccountConflict):
    def __init__(self) -> None:
        super().__init__("email_taken", "Another user already has this e-mail address.", "email")


class LastAdmin(AccountConflict):
    def __init__(self, action: str) -> None:
        super().__init__("last_admin", f"The last ADMIN cannot be {action}: make another user ADMIN first.")


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
) -> User:
    """Apply the given changes all together, or none of them."""
    new_email = _check_email(email, exclude_id=user.id) if email is not None else None
    new_hash = _check_password(password) if password is not None else None
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
    if new_hash is not None:
        user.password_hash = new_hash
        end_other_sessions(user)  # sessions opened with the old password end with it
    db.session.commit()
    return user


def delete_user(user: User, acting_user_id: int | None = None) -> None:
    if acting_user_id is not None and user.id == acting_user_id:
        raise AccountConflict("cannot_delete_self", "You cannot delete your own account.")
    if user.role == Role.ADMIN and _admin_count_locked() <= 1:
        db.session.rollback()
        raise LastAdmin("deleted")
    db.session.delete(user)
    db.session.commit()
