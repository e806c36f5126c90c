"""Players' command acks (issue 14) are written in batches: many screens' acks in one
transaction, each screen settling only its own PENDING command, the first ack of a command
winning, a FAILED one keeping its reason, and the console told of each command that moved."""

from __future__ import annotations

from sqlalchemy import event, select

from signage.extensions import db
from signage.models import CommandStatus, CommandType, ScreenCommand
from signage.monitoring import command_acks
from signage.monitoring.command_acks import AckWriter, parse_ack
from tests.support import make_screen


def pending(app, screen_id: int, n: int = 1) -> list[int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = [ScreenCommand(screen_id=screen_id, command=CommandType.ALERT_SHOW) for _ in range(n)]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def states(app, ids: list[int]) -> dict[int, tuple[str, str | None, bool]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(select(ScreenCommand).where(ScreenCommand.id.in_(ids)))
        return {row.id: (row.status.value, row.error, row.acknowledged_at is not None) for row in rows}


def test_a_flush_settles_many_screens_acks_in_one_transaction(app, clean_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    screens = [make_screen(app, f"S{i}") for i in range(30)]
    commands = {screen: pending(app, screen, 2) for screen in screens}
    told: list[dict] = []  # type: ignore[type-arg]
    monkeypatch.setattr(command_acks, "to_console_many", lambda event, payloads: told.extend(payloads))
    writer = AckWriter(app, interval=3600)  # flushed by hand below
    for screen, (first, second) in commands.items():
        writer.submit(parse_ack(screen, str(first), "DELIVERED"))  # type: ignore[arg-type]
        writer.submit(parse_ack(screen, second, "FAILED", "no agent"))  # type: ignore[arg-type]
    commits: list[int] = []
    with app.app_context():
        engine = db.engine

    def count(conn) -> None:  # type: ignore[no-untyped-def]
        commits.append(1)

    event.listen(engine, "commit", count)
    try:
        assert writer.flush() == 60
    finally:
        event.remove(engine, "commit", count)
    assert len(commits) == 1
    found = states(app, [c for pair in commands.values() for c in pair])
    for first, second in commands.values():
        assert found[first] == ("DELIVERED", None, True)
        assert found[second] == ("FAILED", "no agent", True)
    assert len(told) == 60
    assert {
        "commandId": str(commands[screens[0]][1]),
        "screenId": str(screens[0]),
        "status": "FAILED",
    } in told


def test_only_the_screens_own_pending_command_moves_and_the_first_ack_wins(
    app, clean_db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    mine, other = make_screen(app, "Mine"), make_screen(app, "Other")
    (command,) = pending(app, mine)
    told: list[dict] = []  # type: ignore[type-arg]
    monkeypatch.setattr(command_acks, "to_console_many", lambda event, payloads: told.extend(payloads))
    writer = AckWriter(app, interval=3600)
    writer.submit(parse_ack(other, command, "FAILED", "forged"))  # type: ignore[arg-type]
    writer.flush()
    assert states(app, [command])[command] == ("PENDING", None, False)
    assert told == []
    writer.submit(parse_ack(mine, command, "DELIVERED"))  # type: ignore[arg-type]
    writer.submit(parse_ack(mine, command, "FAILED", "late"))  # type: ignore[arg-type]
    writer.flush()
    assert states(app, [command])[command] == ("DELIVERED", None, True)
    # A second ack of a settled command (the player re-acks a re-sent one) changes nothing.
    writer.submit(parse_ack(mine, command, "FAILED", "again"))  # type: ignore[arg-type]
    writer.flush()
    assert states(app, [command])[command] == ("DELIVERED", None, True)
    assert len(told) == 1


def test_malformed_acks_are_ignored() -> None:
    for raw, status in [("12a", "DELIVERED"), ("1" * 11, "DELIVERED"), (None, "DELIVERED"), ("٣", "FAILED"),
                        ("3", "PENDING"), ("3", None), (3.5, "FAILED")]:  # fmt: skip
        assert parse_ack(1, raw, status) is None
    assert parse_ack(1, 7, "DELIVERED", "ignored") == command_acks.Ack(1, 7, CommandStatus.DELIVERED, None)
    assert parse_ack(1, "7", "FAILED", "x" * 3000).error == "x" * 2000  # type: ignore[union-attr]
