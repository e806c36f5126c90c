"""Fixtures shared by the database-backed legs (integration, jobs, browser)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.support import clean_tables, live_server, reset_database, settings_for


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db')}/test.db"


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    """The app on a database built by the migrations themselves (not create_all)."""
    import flask_migrate

    from signage.factory import create_app

    reset_database(database_url)
    application = create_app(settings_for(database_url))
    with application.app_context():
        flask_migrate.upgrade()
    yield application
    from signage.extensions import db

    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def clean_db(app: Flask) -> Iterator[None]:
    from signage.extensions import db

    with app.app_context():
        clean_tables(db)
    yield


@pytest.fixture
def client(app: Flask, clean_db: None):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture(scope="session")
def live_url(app: Flask, database_url: str) -> Iterator[str]:
    with live_server(database_url) as url:
        yield url


@pytest.fixture
def console(app: Flask, clean_db: None, live_url: str) -> Iterator[object]:
    """An ADMIN signed in to the live server over HTTP (see tests/realtime_support.py)."""
    from tests.realtime_support import Console
    from tests.support import make_user

    make_user(app, "root@example.com", "ADMIN")
    console = Console(live_url, "root@example.com")
    yield console
    console.http.close()  # a kept-alive connection would hold the server's shutdown


@pytest.fixture
def clients() -> Iterator[list]:
    """Socket.IO clients opened by the test (tests.realtime_support.connect), closed after it."""
    opened: list = []
    yield opened
    for recorder in opened:
        recorder.close()
