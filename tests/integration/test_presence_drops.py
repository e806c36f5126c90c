"""Sockets connecting and dropping are written in batches (issue 14): one transaction a second
for every screen whose socket connected or dropped, each screen's newest change winning, and
never over a screen seen since (a heartbeat)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from signage.extensions import db
from signage.models import Screen, ScreenStatus
from signage.monitoring.presence import FLUSH_SECONDS, PresenceWriter, must_write_at_once
from tests.realtime_support import connect, wait_for
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
            screen.player_jwt_hash = "digest"
        db.session.commit()
    writer = PresenceWriter(app, interval=3600)
    writer.dropped(dropped, now, "digest")
    writer.dropped(back, now, "digest")
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
        screen.player_jwt_hash = "digest"
        db.session.commit()
    writer = PresenceWriter(app, interval=0.05)
    writer.dropped(screen_id, datetime.now(UTC), "digest")
    assert wait_for(lambda: state(app, screen_id)[0] == ScreenStatus.WARNING)


def test_a_drop_never_touches_a_screen_not_connected(app, clean_db) -> None:
    # One never seen, or one the sweep already called OFFLINE, stays as it is.
    never, offline = make_screen(app, "Never"), make_screen(app, "Offline")
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        screen = db.session.get(Screen, offline)
        screen.status, screen.last_seen = ScreenStatus.OFFLINE, now - timedelta(minutes=10)
        screen.player_jwt_hash = db.session.get(Screen, never).player_jwt_hash = "digest"
        db.session.commit()
        never_before = db.session.get(Screen, never).status
    writer = PresenceWriter(app, interval=3600)
    writer.dropped(never, now, "digest")
    writer.dropped(offline, now, "digest")
    assert writer.flush() == 0
    assert state(app, never) == (never_before, None)
    assert state(app, offline) == (ScreenStatus.OFFLINE, now - timedelta(minutes=10))


def _seen(
    app, screen_id: int, status: ScreenStatus, last_seen: datetime | None, token: str | None = "digest"
):  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        screen.status, screen.last_seen, screen.player_jwt_hash = status, last_seen, token
        db.session.commit()


def test_a_reconnect_storm_is_one_transaction(app, clean_db) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    screens = [make_screen(app, f"S{i}") for i in range(200)]
    for screen_id in screens:
        _seen(app, screen_id, ScreenStatus.WARNING, now - timedelta(seconds=20))
    writer = PresenceWriter(app, interval=3600)
    for screen_id in screens:
        writer.connected(screen_id, now, "10.0.0.7", "digest")
    assert state(app, screens[0])[0] == ScreenStatus.WARNING  # queued, not written
    commits: list[object] = []

    def count(connection) -> None:  # type: ignore[no-untyped-def]
        commits.append(connection)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", count)
    try:
        assert writer.flush() == 200
    finally:
        event.remove(engine, "commit", count)
    assert len(commits) == 1  # the changes and the console's read of them: one transaction
    with app.app_context():
        rows = db.session.scalars(select(Screen).where(Screen.id.in_(screens))).all()
        assert {(s.status, s.last_seen, s.ip_address) for s in rows} == {
            (ScreenStatus.ONLINE, now, "10.0.0.7")
        }


def test_each_screens_newest_change_wins(app, clean_db) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    back, gone, beat = make_screen(app, "Back"), make_screen(app, "Gone"), make_screen(app, "Beat")
    for screen_id in (back, gone, beat):
        _seen(app, screen_id, ScreenStatus.ONLINE, now - timedelta(seconds=20))
    writer = PresenceWriter(app, interval=3600)
    writer.dropped(back, now, "digest")  # a restart: the old socket's goodbye, then the reconnect
    writer.connected(back, now + timedelta(seconds=1), None, "digest")
    writer.connected(gone, now, None, "digest")  # connected, then dropped again
    writer.dropped(gone, now + timedelta(seconds=1), "digest")
    writer.connected(beat, now, None, "digest")
    with app.app_context():  # a heartbeat written after the connect, before the flush
        screen = db.session.get(Screen, beat)
        screen.status, screen.last_seen = ScreenStatus.WARNING, now + timedelta(seconds=2)
        db.session.commit()
    assert writer.flush() == 2
    assert state(app, back) == (ScreenStatus.ONLINE, now + timedelta(seconds=1))
    assert state(app, gone) == (ScreenStatus.WARNING, now + timedelta(seconds=1))
    assert state(app, beat) == (ScreenStatus.WARNING, now + timedelta(seconds=2))


def test_a_connect_changes_only_the_screen_holding_its_token(app, clean_db) -> None:
    # Queued for a screen re-activated (or deleted, its id reused) before the flush: left alone.
    now = datetime.now(UTC).replace(microsecond=0)
    screen_id = make_screen(app)
    _seen(app, screen_id, ScreenStatus.WARNING, now - timedelta(seconds=20), token="new-digest")
    writer = PresenceWriter(app, interval=3600)
    writer.connected(screen_id, now, None, "old-digest")
    assert writer.flush() == 0
    assert state(app, screen_id) == (ScreenStatus.WARNING, now - timedelta(seconds=20))


def test_a_drop_changes_only_the_screen_holding_its_token(app, clean_db) -> None:
    # The old socket of a screen re-activated since, or of a screen deleted whose id a new
    # screen got (SQLite reuses ids; tests truncate tables), says nothing about that screen.
    now = datetime.now(UTC).replace(microsecond=0)
    renewed, reused = make_screen(app, "Renewed"), make_screen(app, "Reused")
    _seen(app, renewed, ScreenStatus.ONLINE, now - timedelta(seconds=20), token="new-digest")
    _seen(app, reused, ScreenStatus.ONLINE, now - timedelta(seconds=20), token=None)
    writer = PresenceWriter(app, interval=3600)
    writer.dropped(renewed, now, "old-digest")
    writer.dropped(reused, now, "old-digest")
    assert writer.flush() == 0
    assert state(app, renewed) == (ScreenStatus.ONLINE, now - timedelta(seconds=20))
    assert state(app, reused) == (ScreenStatus.ONLINE, now - timedelta(seconds=20))


def test_an_offline_or_unseen_screen_is_written_at_once(app, clean_db) -> None:
    # Until its row says it is back, commands to it would be queued instead of sent.
    offline, unseen, warning = make_screen(app, "Off"), make_screen(app, "New"), make_screen(app, "Warn")
    now = datetime.now(UTC)
    _seen(app, offline, ScreenStatus.OFFLINE, now - timedelta(hours=1))
    _seen(app, unseen, ScreenStatus.OFFLINE, None)
    _seen(app, warning, ScreenStatus.WARNING, now - timedelta(seconds=20))
    with app.app_context():
        decided = {i: must_write_at_once(db.session.get(Screen, i)) for i in (offline, unseen, warning)}
    assert decided == {offline: True, unseen: True, warning: False}


def test_the_console_hears_a_batched_connect_within_the_flush_interval(
    app, console, clients, live_url
) -> None:
    screen_id = make_screen(app, "Lobby")
    jwt = console.activate_screen(screen_id)
    with app.app_context():  # seen before: its connect is queued, not written at once
        screen = db.session.get(Screen, screen_id)
        screen.status, screen.last_seen = ScreenStatus.WARNING, datetime.now(UTC) - timedelta(seconds=40)
        db.session.commit()
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})
    connected_at = time.monotonic()
    connect(clients, live_url, auth={"token": jwt})
    status_right_after = state(app, screen_id)[0]
    if time.monotonic() - connected_at < FLUSH_SECONDS / 2:  # read well before the first flush
        assert status_right_after == ScreenStatus.WARNING, "the connect was written at once"

    def online() -> bool:
        return any(e["status"] == "ONLINE" for e in admin.named("admin:screen_status"))

    assert wait_for(online, timeout=5)
    assert time.monotonic() - connected_at < FLUSH_SECONDS + 1.0
    assert state(app, screen_id)[0] == ScreenStatus.ONLINE


def test_a_failed_flush_keeps_its_changes_for_the_next(app, clean_db, monkeypatch) -> None:
    from signage.monitoring import presence

    now = datetime.now(UTC).replace(microsecond=0)
    screen_id = make_screen(app)
    _seen(app, screen_id, ScreenStatus.WARNING, now - timedelta(seconds=20))
    writer = PresenceWriter(app, interval=3600)
    writer.connected(screen_id, now, None, "digest")
    real_apply = presence._apply

    def database_away(*args):  # type: ignore[no-untyped-def]
        raise OSError("the database is away")

    monkeypatch.setattr(presence, "_apply", database_away)
    with pytest.raises(OSError):
        writer.flush()
    assert writer.pending() == 1
    writer.dropped(screen_id, now - timedelta(seconds=5), "digest")  # older than the kept connect: loses
    monkeypatch.setattr(presence, "_apply", real_apply)
    assert writer.flush() == 1
    assert state(app, screen_id) == (ScreenStatus.ONLINE, now)
