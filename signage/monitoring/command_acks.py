"""Players' command acknowledgements (`screen:command_ack`), written in batches.

An alert to every screen comes back as one ack per screen within a few hundred milliseconds; a
transaction each (update, commit, read back) held the process's other sockets while thousands
queued. Acks wait here at most ACK_FLUSH_SECONDS and are written together: one UPDATE for the
DELIVERED ones, one per FAILED (each has its own reason), one commit, on the batched writers'
native thread (`Flusher.write`: an alert's 5,000 acks no longer hold the loop that is still
sending the alert), then the console is told from the loop.
Only a screen's own PENDING command moves, as before; an ack lost to a crash before the flush
leaves the command PENDING, and it is sent again on the screen's next connect (the player
acknowledges a command it already handled without running it twice).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import tuple_, update

from signage.extensions import db, per_app
from signage.models import CommandStatus, ScreenCommand
from signage.monitoring.flusher import Flusher
from signage.monitoring.payloads import command_status_payload
from signage.push import to_console_many

log = logging.getLogger(__name__)

ACK_FLUSH_SECONDS = 0.05
ACK_FLUSH_AT = 500  # this many waiting: write now
ID_CHUNK = 500  # ids per IN (...) clause
EXTENSION_KEY = "signage.command_acks"


@dataclass(frozen=True)
class Ack:
    screen_id: int
    command_id: int
    status: CommandStatus
    error: str | None


def parse_ack(screen_id: int, raw_command_id: Any, status: Any, error: Any = None) -> Ack | None:
    """A well-formed ack, or None for anything else (ignored, as a stray event is)."""
    if status not in ("DELIVERED", "FAILED") or not isinstance(raw_command_id, str | int):
        return None
    text = str(raw_command_id)
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    reason = (str(error)[:2000] if error else None) if status == "FAILED" else None
    return Ack(screen_id, int(text), CommandStatus(status), reason)


def write_acks(acks: Iterable[Ack], now: datetime | None = None) -> list[dict[str, Any]]:
    """Settle the acks' PENDING commands in the caller's transaction (not committed); the
    `admin:command_status` payloads of those that moved. The first ack of a command wins."""
    now = now or datetime.now(UTC)
    first: dict[int, Ack] = {}
    for ack in acks:
        first.setdefault(ack.command_id, ack)
    delivered = [ack for ack in first.values() if ack.status == CommandStatus.DELIVERED]
    failed = [ack for ack in first.values() if ack.status == CommandStatus.FAILED]
    # DELIVERED in chunks of one UPDATE each; FAILED one by one (each has its own reason).
    groups = [(delivered[i : i + ID_CHUNK], None) for i in range(0, len(delivered), ID_CHUNK)]
    groups += [([ack], ack.error) for ack in failed]
    moved: list[dict[str, Any]] = []
    for group, error in groups:
        status = group[0].status
        rows = db.session.execute(
            update(ScreenCommand)
            .where(
                # Only the acking screen's own command.
                tuple_(ScreenCommand.id, ScreenCommand.screen_id).in_(
                    [(a.command_id, a.screen_id) for a in group]
                ),
                ScreenCommand.status == CommandStatus.PENDING,
            )
            .values(status=status, acknowledged_at=now, error=error)
            .returning(ScreenCommand.id, ScreenCommand.screen_id)
            .execution_options(synchronize_session=False)
        ).all()
        moved += [command_status_payload(command_id, screen_id, status) for command_id, screen_id in rows]
    return moved


def _commit_acks(batch: list[Ack]) -> list[dict[str, Any]]:
    payloads = write_acks(batch)
    db.session.commit()
    return payloads


def announce(payloads: list[dict[str, Any]]) -> None:
    to_console_many("admin:command_status", payloads)


class AckWriter(Flusher):
    """The process's queue of acks, written by one background thread."""

    thread_name = "signage-acks"

    def __init__(self, app: Flask, interval: float = ACK_FLUSH_SECONDS) -> None:
        super().__init__(app, interval)
        self._pending: list[Ack] = []
        self._flush_lock = threading.Lock()

    def submit(self, ack: Ack) -> None:
        self._pending.append(ack)
        if len(self._pending) >= ACK_FLUSH_AT:
            self.wake()
        self.ensure_running()

    def drain(self) -> None:
        while self.flush() >= ACK_FLUSH_AT:
            pass

    def flush(self) -> int:
        """Write what is queued in one transaction; how many acks were taken."""
        with self._flush_lock:
            batch, self._pending = self._pending, []
            if not batch:
                return 0
            try:
                payloads = self.write(_commit_acks, batch)
            except Exception:
                # PENDING stays PENDING: the command is sent again on the next connect.
                log.exception("command acks: %d acks not written", len(batch))
                return len(batch)
            announce(payloads)  # back on the event loop: Socket.IO's queues are not thread-safe
            return len(batch)


def ack_writer(app: Flask | None = None) -> AckWriter:
    return per_app(EXTENSION_KEY, AckWriter, app)


def queue_ack(screen_id: int, raw_command_id: Any, status: Any, error: Any = None) -> bool:
    """The player's ack, written within ACK_FLUSH_SECONDS; False when it is malformed."""
    ack = parse_ack(screen_id, raw_command_id, status, error)
    if ack is None:
        return False
    ack_writer().submit(ack)
    return True
