"""Unbound extension objects: everything imports them from here, never from the app."""

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
socketio = SocketIO()


_per_app_lock = threading.Lock()
T = TypeVar("T")


def per_app(key: str, factory: Callable[[Flask], T], app: Flask | None = None) -> T:
    """The one `factory(app)` object an app keeps under `key` (a writer thread, a cache),
    made on first use: a lock makes two greenlets or threads racing at start-up share one."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(key)
    if found is None:
        with _per_app_lock:
            found = app.extensions.get(key)
            if found is None:
                found = app.extensions[key] = factory(app)
    return found
