"""The accounts' read path, shared by the API and the console."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select

from signage.extensions import db
from signage.models import User


def users_query() -> Select[Any]:
    """Every user, by e-mail address."""
    return select(User).order_by(User.email)


def all_users() -> Sequence[User]:
    return db.session.scalars(users_query()).all()
