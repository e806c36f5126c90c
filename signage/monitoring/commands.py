"""Commands to screens: logged as ScreenCommand rows, sent as events to the screen's room,
acknowledged by the player, queued while it is away (CONTRACT §6).

A player may receive a command twice (sent, then re-sent on its reconnect before its ack
arrived): the event carries `commandId`, and a second ack of a settled command changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, case, insert, literal, null, select

from signage.core.errors import N_, InvalidData, Text
from signage.extensions import db
from signage.models import CommandStatus, CommandType, Screen, ScreenCommand, ScreenStatus
from signage.monitoring.command_acks import announce, parse_ack, write_acks
from signage.monitoring.command_rules import DELIVERY_WINDOW, EVENTS, expired, payload_problems
from signage.monitoring.payloads import command_status_json
from signage.push import to_screens

# Stored as the command's error in English; the console translates it when it shows it.
EXPIRED_MESSAGE = N_("Not delivered: the screen did not connect within 10 minutes.")


def _event(
    screen_id: int, command: str, payload: dict[str, Any] | None, command_id: int
) -> tuple[int, str, dict[str, Any]]:
    """`to_screens`' arguments for a command's event."""
    return (screen_id, EVENTS[command], {**(payload or {}), "commandId": str(command_id)})


@dataclass(frozen=True)
class SentCommand:
    """A command logged for a screen; `live` when it went out at once (else it waits)."""

    id: int
    screen_id: int
    live: bool


def send_command(
    screen: Screen,
    command: str,
    payload: Any = None,
    *,
    sent_by: int | None = None,
    now: datetime | None = None,
) -> SentCommand:
    """Log the command and send it now if the screen is connected; else it waits (10 min).
    Not read back: it is PENDING until the player's ack, which comes later."""
    return send_commands([screen], command, payload, sent_by=sent_by, now=now)[0]


# What `send_commands` accepts: screens already loaded, or a query of screens (`select(Screen)`
# with its conditions), which the INSERT reads itself.
Screens = Iterable[Screen] | Select[tuple[Screen]]


def screen_ids(screens: Screens) -> Select[tuple[int]] | list[int]:
    """The screens' ids, for an IN: the query's own ids as a subquery, or the loaded ones."""
    if isinstance(screens, Select):
        return screens.with_only_columns(Screen.id).order_by(None)
    return sorted({screen.id for screen in screens})


def send_commands(
    screens: Screens,
    command: str,
    payload: Any = None,
    *,
    sent_by: int | None = None,
    now: datetime | None = None,
) -> list[SentCommand]:
    """`send_command` to many screens: the payload is checked once and the rows are written
    by one INSERT ... SELECT from the screens table in one transaction. An alert to a whole
    fleet is one short statement whatever its size: no ORM object per screen (which held an
    alert to 5,000 screens a second), and no parameter per row (a 35,000-parameter INSERT
    took PostgreSQL's driver half a second to parse)."""
    if command not in EVENTS:
        raise InvalidData({"command": Text(N_("Must be one of %(choices)s."), choices=", ".join(EVENTS))})
    clean, problems = payload_problems(command, payload)
    if problems:
        raise InvalidData(problems)
    now = now or datetime.now(UTC)
    if isinstance(screens, Select):
        chosen = screens
    else:
        ids = screen_ids(screens)
        if not ids:
            return []
        chosen = select(Screen).where(Screen.id.in_(ids))
    # A WARNING screen may well be connected (page hidden, errors reported, heartbeat late):
    # send. If its socket is in fact gone, the command stays PENDING and deliver_pending sends
    # it again on the reconnect, as for an OFFLINE one.
    live = Screen.status != ScreenStatus.OFFLINE
    rows = chosen.with_only_columns(
        Screen.id,
        literal(CommandType(command), ScreenCommand.command.type),
        literal(dict(clean), ScreenCommand.payload.type),
        literal(CommandStatus.PENDING, ScreenCommand.status.type),
        literal(now, ScreenCommand.created_at.type),
        case((live, literal(now, ScreenCommand.sent_at.type)), else_=null()),
        literal(sent_by, ScreenCommand.sent_by.type),
    ).order_by(None)
    written = db.session.execute(
        insert(ScreenCommand)
        .from_select(
            [
                ScreenCommand.screen_id,
                ScreenCommand.command,
                ScreenCommand.payload,
                ScreenCommand.status,
                ScreenCommand.created_at,
                ScreenCommand.sent_at,
                ScreenCommand.sent_by,
            ],
            rows,
        )
        .returning(ScreenCommand.id, ScreenCommand.screen_id, ScreenCommand.sent_at)
    ).all()
    db.session.commit()
    sent = sorted(
        (
            SentCommand(command_id, screen_id, sent_at is not None)
            for command_id, screen_id, sent_at in written
        ),
        key=lambda s: s.screen_id,
    )
    to_screens([_event(s.screen_id, command, clean, s.id) for s in sent if s.live])
    return sent


def acknowledge(screen_id: int, raw_command_id: Any, status: Any, error: Any = None) -> bool:
    """Settle the screen's own PENDING command now, in its own transaction (the server's own
    acks, e.g. a screenshot received); players' acks go through `command_acks.queue_ack`.
    True when the command moved."""
    ack = parse_ack(screen_id, raw_command_id, status, error)
    if ack is None:
        return False
    payloads = write_acks([ack])
    db.session.commit()
    announce(payloads)
    return bool(payloads)


def fail(command: ScreenCommand, reason: str) -> None:
    """Settle a command the server itself knows has failed (e.g. an undecodable screenshot)."""
    fail_all([command], reason)


def fail_all(commands: Iterable[ScreenCommand], reason: str) -> None:
    """`fail` for many commands, in one transaction; those already settled are left alone."""
    settled = [command for command in commands if command.status == CommandStatus.PENDING]
    if not settled:
        return
    now = datetime.now(UTC)
    for command in settled:
        command.status = CommandStatus.FAILED
        command.error = reason[:2000]
        command.acknowledged_at = now
    payloads = [command_status_json(command) for command in settled]
    db.session.commit()
    announce(payloads)


def deliver_pending(screen_id: int, now: datetime | None = None) -> int:
    """On a player's (re)connect: send what waits for it, fail what waited too long."""
    now = now or datetime.now(UTC)
    waiting = db.session.scalars(
        select(ScreenCommand)
        .where(ScreenCommand.screen_id == screen_id, ScreenCommand.status == CommandStatus.PENDING)
        .order_by(ScreenCommand.created_at, ScreenCommand.id)
    ).all()
    sent, failed = [], []
    for command in waiting:
        if expired(command.created_at, now):
            command.status, command.error, command.acknowledged_at = (
                CommandStatus.FAILED,
                EXPIRED_MESSAGE,
                now,
            )
            failed.append(command)
        else:
            command.sent_at = command.sent_at or now
            sent.append(command)
    events = [_event(c.screen_id, c.command.value, c.payload, c.id) for c in sent]
    payloads = [command_status_json(command) for command in failed]
    db.session.commit()
    to_screens(events)
    announce(payloads)
    return len(sent)


def expire_stale(moment: datetime) -> int:
    """Fail the commands that waited longer than the delivery window (the expire-commands job)."""
    cutoff = moment - DELIVERY_WINDOW
    stale = db.session.scalars(
        select(ScreenCommand).where(
            ScreenCommand.status == CommandStatus.PENDING, ScreenCommand.created_at < cutoff
        )
    ).all()
    fail_all(stale, EXPIRED_MESSAGE)
    return len(stale)
