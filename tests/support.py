"""Helpers shared by the test legs: settings, database reset, users, sign-in, live server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from signage.config import Settings, load_settings, normalize_database_url

ROOT = Path(__file__).resolve().parent.parent
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "correct-horse-battery"


def require(ok: bool, what: str) -> None:
    """A missing service fails under CI and skips loudly elsewhere."""
    if ok:
        return
    if CI:
        pytest.fail(f"{what} (CI=true: a missing service is a failure)")
    pytest.skip(f"{what}")


def settings_for(database_url: str, **env: str) -> Settings:
    return load_settings({"SIGNAGE_ENV": "testing", "DATABASE_URL": database_url, **env})


def is_postgres(url: str) -> bool:
    return normalize_database_url(url).startswith("postgresql")


def reset_database(url: str) -> None:
    """An empty database: a new SQLite file, or a fresh public schema on PostgreSQL."""
    url = normalize_database_url(url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


# PostgreSQL's codes for "deadlock detected" and "lock not available" (lock_timeout).
_LOCK_CONFLICTS = {"40P01", "55P03"}


def clean_tables(db) -> None:  # type: ignore[no-untyped-def]
    """Empty every table (keeping the schema and alembic's version).

    On PostgreSQL one TRUNCATE locks every table, one after the other, while a live server
    of the previous test may still be reading some of them (a sweep, a flush): the two once
    deadlocked and PostgreSQL cancelled the TRUNCATE. It gives up waiting after a moment
    instead, and tries again once the reader is done."""
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as conn:
            for table in reversed(tables):
                conn.execute(table.delete())
        return
    names = ", ".join(f'"{t.name}"' for t in tables)
    for attempt in range(10):
        try:
            with db.engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '2s'"))
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) not in _LOCK_CONFLICTS or attempt == 9:
                raise
            time.sleep(0.2)


@contextmanager
def statements(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The SQL statements the app's engine runs inside the block."""
    from sqlalchemy import event

    from signage.extensions import db

    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


@lru_cache(maxsize=8)
def password_hash(password: str) -> str:
    from signage.auth.passwords import hash_password

    return hash_password(password)


def make_user(app, email: str, role: str = "ADMIN", password: str = PASSWORD, name: str = "") -> int:  # type: ignore[no-untyped-def]
    from signage.extensions import db
    from signage.models import Role, User

    with app.app_context():
        user = User(email=email.lower(), role=Role(role), password_hash=password_hash(password), name=name)
        db.session.add(user)
        db.session.commit()
        return user.id


def api_login(client, email: str, password: str = PASSWORD) -> str:  # type: ignore[no-untyped-def]
    """Sign in through /api/auth/login; returns the CSRF token for unsafe requests."""
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["csrfToken"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(
    proc: subprocess.Popen, base: str, log_path: Path, timeout: float = 30, name: str = "server"
) -> None:  # type: ignore[type-arg]
    """Until `base`/healthz answers 200; RuntimeError (with the log's end) if the process
    exits or does not answer in time."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited: {log_path.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start: {log_path.read_text()[-3000:]}")
        time.sleep(0.1)


@contextmanager
def live_server(
    database_url: str,
    port: int | None = None,
    start_timeout: float = 30,
    app_module: str = "wsgi:app",
    **env: str,
) -> Iterator[str]:
    """The real server (gunicorn, one gevent worker, wsgi:app) on a free loopback port (or
    the given one, to restart a server where its clients expect it); `app_module` names
    another entry point (tests/timeshift_wsgi.py)."""
    with live_server_process(database_url, port, start_timeout, app_module, **env) as (_, base, _):
        yield base


@contextmanager
def live_server_process(
    database_url: str,
    port: int | None = None,
    start_timeout: float = 30,
    app_module: str = "wsgi:app",
    **env: str,
) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """`live_server`, with gunicorn's master process and its log file (to signal it)."""
    port = port or free_port()
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"signage-live-{port}.log"
    server_env = {
        **os.environ,
        "SIGNAGE_ENV": "development",
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ACCESS_LOG": "",
        **env,
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [gunicorn, app_module], cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(proc, base, log_path, timeout=start_timeout)
        yield proc, base, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def make_screen(app, name: str = "Screen", site_name: str = "Site", timezone: str = "UTC") -> int:  # type: ignore[no-untyped-def]
    """A screen in its own site (the site is reused when the name exists); returns its id."""
    from sqlalchemy import select

    from signage.extensions import db
    from signage.models import Screen, Site

    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.name == site_name))
        if site is None:
            site = Site(name=site_name, timezone=timezone)
        screen = Screen(name=name, site=site)
        db.session.add(screen)
        db.session.commit()
        return screen.id


def seed_heartbeats(app, timestamps) -> int:  # type: ignore[no-untyped-def]
    """A screen with one heartbeat at each timestamp; returns the screen id."""
    from signage.extensions import db
    from signage.models import ScreenHeartbeat

    screen_id = make_screen(app, "Jobs screen", "Jobs site")
    with app.app_context():
        db.session.add_all(ScreenHeartbeat(screen_id=screen_id, timestamp=ts) for ts in timestamps)
        db.session.commit()
    return screen_id


@contextmanager
def listening(app, name: str, listener):  # type: ignore[no-untyped-def]
    """`listener` on the app's engine event `name` (e.g. "commit") for the block."""
    from sqlalchemy import event

    from signage.extensions import db

    with app.app_context():
        engine = db.engine
    event.listen(engine, name, listener)
    try:
        yield
    finally:
        event.remove(engine, name, listener)
