"""Dropped sockets are written in batches (issue 14): one transaction a second for every
screen whose socket dropped, and never over a screen seen since (a reconnect, a heartbeat)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from signage.extensions import db
from signage.models import Screen, ScreenStatus
from signage.monitoring.presence import DropWriter
from tests.realtime_support import wait_for
from tests.support import make_screen


def state(app, screen_id: int) -> tuple[ScreenStatus, datetime | None]:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        return screen.status, screen.last_seen


def test_drops_turn_screens_warning_unless_seen_since(app, clean_db) -> None:
    dropped, back = make_screen(app, "Dropped"), make_screen(app, "Back")
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        for screen_id in (dropped, back):
            screen = db.session.get(Screen, screen_id)
            screen.status, screen.last_seen = ScreenStatus.ONLINE, now - timedelta(seconds=30)
        db.session.commit()
    writer = DropWriter(app, interval=3600)
    writer.submit(dropped, now)
    writer.submit(back, now)
    assert state(app, dropped)[0] == ScreenStatus.ONLINE  # queued, not written
    with app.app_context():  # `back` reconnected after its drop, before the flush
        db.session.get(Screen, back).last_seen = now + timedelta(seconds=1)
        db.session.commit()
    assert writer.flush() == 1
    assert state(app, dropped) == (ScreenStatus.WARNING, now)
    assert state(app, back) == (ScreenStatus.ONLINE, now + timedelta(seconds=1))
    assert writer.flush() == 0


def test_the_writer_flushes_by_itself(app, clean_db) -> None:
    screen_id = make_screen(app)
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        screen.status, screen.last_seen = ScreenStatus.ONLINE, datetime.now(UTC) - timedelta(seconds=5)
        db.session.commit()
    writer = DropWriter(app, interval=0.05)
    writer.submit(screen_id, datetime.now(UTC))
    assert wait_for(lambda: state(app, screen_id)[0] == ScreenStatus.WARNING)


def test_a_drop_never_touches_a_screen_not_connected(app, clean_db) -> None:
    # A drop queued for a screen that is gone can meet a new screen with the same id (SQLite
    # reuses ids; tests truncate): one never seen, or one already OFFLINE, stays as it is.
    never, offline = make_screen(app, "Never"), make_screen(app, "Offline")
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        screen = db.session.get(Screen, offline)
        screen.status, screen.last_seen = ScreenStatus.OFFLINE, now - timedelta(minutes=10)
        db.session.commit()
        never_before = db.session.get(Screen, never).status
    writer = DropWriter(app, interval=3600)
    writer.submit(never, now)
    writer.submit(offline, now)
    assert writer.flush() == 0
    assert state(app, never) == (never_before, None)
    assert state(app, offline) == (ScreenStatus.OFFLINE, now - timedelta(minutes=10))
