"""The batched writers' many-row statements (signage.bulk_rows), on SQLite and PostgreSQL: the
same rows in, the same rows stored and answered, whatever the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from signage.bulk_rows import insert_rows, update_rows
from signage.extensions import db
from signage.models import ConnectionType, ProofOfPlay, Screen, ScreenHeartbeat, ScreenStatus
from tests.support import listening, make_screen

AT = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def play(screen_id: int, client_id: str, minutes: int = 0) -> dict:  # type: ignore[type-arg]
    return {
        "client_id": client_id,
        "screen_id": screen_id,
        "media_id": None,
        "playlist_id": None,
        "played_at": AT + timedelta(minutes=minutes),
        "duration_seconds": 12.5,
        "synced_at": None,
        "received_at": AT,
    }


def test_inserted_rows_are_stored_and_conflicts_skipped(app, clean_db) -> None:
    first, second = make_screen(app, "First"), make_screen(app, "Second")
    with app.app_context():
        rows = [play(first, "a"), play(first, "b", 1), play(second, "a", 2)]
        inserted = insert_rows(
            db.session, ProofOfPlay.__table__, rows,
            skip_conflicts_on=("screen_id", "client_id"), returning=("screen_id", "client_id"),
        )  # fmt: skip
        assert sorted(inserted) == [(first, "a"), (first, "b"), (second, "a")]
        # Sent again beside a new one: only the new one is inserted and answered.
        again = [play(first, "a", 5), play(second, "c", 3)]
        inserted = insert_rows(
            db.session, ProofOfPlay.__table__, again,
            skip_conflicts_on=("screen_id", "client_id"), returning=("screen_id", "client_id"),
        )  # fmt: skip
        assert inserted == [(second, "c")]
        db.session.commit()
        stored = db.session.execute(
            select(ProofOfPlay.screen_id, ProofOfPlay.client_id, ProofOfPlay.played_at,
                   ProofOfPlay.duration_seconds)
            .order_by(ProofOfPlay.screen_id, ProofOfPlay.client_id)
        ).all()  # fmt: skip
        assert [tuple(row) for row in stored] == [
            (first, "a", AT, 12.5), (first, "b", AT + timedelta(minutes=1), 12.5),
            (second, "a", AT + timedelta(minutes=2), 12.5), (second, "c", AT + timedelta(minutes=3), 12.5),
        ]  # fmt: skip


def test_the_columns_conversions_apply_to_every_row(app, clean_db) -> None:
    # Enums go as their values and aware datetimes as UTC, nulls among them.
    screen_id = make_screen(app)
    paris = AT.astimezone(ZoneInfo("Europe/Paris"))
    beats = [
        {"screen_id": screen_id, "timestamp": paris, "connection_type": ConnectionType.WIFI, "uptime": None},
        {"screen_id": screen_id, "timestamp": AT + timedelta(seconds=30),
         "connection_type": ConnectionType.ETHERNET, "uptime": 2**40},
    ]  # fmt: skip
    with app.app_context():
        assert insert_rows(db.session, ScreenHeartbeat.__table__, beats) == []
        db.session.commit()
        stored = db.session.execute(
            select(ScreenHeartbeat.timestamp, ScreenHeartbeat.connection_type, ScreenHeartbeat.uptime)
            .order_by(ScreenHeartbeat.timestamp)
        ).all()  # fmt: skip
        assert [tuple(row) for row in stored] == [
            (AT, ConnectionType.WIFI, None), (AT + timedelta(seconds=30), ConnectionType.ETHERNET, 2**40),
        ]  # fmt: skip


def test_updated_rows_change_only_their_screen_in_one_statement(app, clean_db) -> None:
    screens = [make_screen(app, f"S{n}") for n in range(3)]
    rows = [
        {"id": screens[0], "status": ScreenStatus.WARNING, "last_seen": AT, "resolution": "1920x1080"},
        {"id": screens[2], "status": ScreenStatus.ONLINE, "last_seen": None, "resolution": None},
    ]
    statements: list[str] = []
    with app.app_context():
        with listening(app, "before_cursor_execute", lambda *args: statements.append(args[2])):
            update_rows(db.session, Screen.__table__, rows)
        db.session.commit()
        assert [s.split()[0] for s in statements if not s.startswith("BEGIN")] == ["UPDATE"]
        query = select(Screen.id, Screen.status, Screen.last_seen, Screen.resolution)
        stored = {row.id: (row.status, row.last_seen, row.resolution) for row in db.session.execute(query)}
    assert stored[screens[0]] == (ScreenStatus.WARNING, AT, "1920x1080")
    assert stored[screens[2]] == (ScreenStatus.ONLINE, None, None)
    assert stored[screens[1]][1:] == (None, None)  # not named: as it was


def test_a_column_with_a_python_default_must_be_given(app, clean_db) -> None:
    # PostgreSQL's statement is text: a default the rows leave out would not be applied there.
    screen_id = make_screen(app)
    with app.app_context():
        with pytest.raises(ValueError, match="received_at"):
            insert_rows(db.session, ProofOfPlay.__table__, [{k: v for k, v in play(screen_id, "a").items()
                                                             if k != "received_at"}])  # fmt: skip
