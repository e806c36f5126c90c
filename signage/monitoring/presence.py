"""A screen's presence: what its socket connecting and dropping records (in batches, the
PresenceWriter), and the periodic sweep that turns silence into WARNING, then OFFLINE
(signage.monitoring.status_rules).

Heartbeats and socket events raise a screen's status as they arrive; only the passing of time
lowers it, and nothing arrives to say so: this job, every minute, looks at the screens not yet
OFFLINE that have been silent longer than the late threshold (an indexed, bounded query) and
tells the admin room about each change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import String, bindparam, func, or_, select, update

from signage.config import Settings
from signage.extensions import db, per_app
from signage.models import Screen, ScreenStatus
from signage.monitoring.announce import announce_status, commit_status, screen_states, tell_console
from signage.monitoring.flusher import Flusher
from signage.monitoring.status_rules import Thresholds, presence_status, swept_status

log = logging.getLogger(__name__)


def record_presence(screen: Screen, status: ScreenStatus, ip: str | None = None) -> None:
    """Write the screen's presence at once, in the caller's transaction, and tell the console."""
    screen.status = status
    screen.last_seen = datetime.now(UTC)
    if ip:
        screen.ip_address = ip[:64]
    announce_status([screen.id])  # commits


def must_write_at_once(screen: Screen) -> bool:
    """Whether a connect of the screen must be written before anything is sent to it: while
    the database calls it OFFLINE (or has never seen it), commands, the alerts sent on this
    very connect included, wait in the queue instead of being sent (monitoring.commands)."""
    return screen.status == ScreenStatus.OFFLINE or screen.last_seen is None


def record_connect(
    screen_id: int, token: str | None, ip: str | None = None, at: datetime | None = None
) -> None:
    """A socket of the screen, presenting the token whose digest is `token`, connected:
    ONLINE within a second (no database here). See must_write_at_once for the exception."""
    presence_writer().connected(screen_id, at or datetime.now(UTC), ip, token)


def record_drop(screen_id: int, token: str | None, at: datetime | None = None) -> None:
    """The screen's last socket, which presented the token whose digest is `token`, dropped:
    WARNING within a second (no database here)."""
    presence_writer().dropped(screen_id, at or datetime.now(UTC), token)


FLUSH_SECONDS = 1.0
EXTENSION_KEY = "signage.presence"


@dataclass(frozen=True)
class Change:
    """A socket of the screen connected (online) or its last one dropped, at `at`."""

    at: datetime
    online: bool
    ip: str | None = None
    token: str | None = None  # the player token's digest the socket presented


class PresenceWriter(Flusher):
    """Sockets connecting and dropping, written in batches: a server restart or a network
    blip reconnects (or drops) hundreds of sockets at once, and a transaction each would hold
    every other socket of the process. Once a second, each screen's newest change is written
    in one transaction, unless the screen was seen since (a heartbeat: its last_seen is
    later), then the console hears about the screens that changed.

    A drop turns a connected screen WARNING (never one not yet seen, nor one the sweep has
    meanwhile called OFFLINE); a connect turns it ONLINE. Either changes the screen only if it
    still has the token the socket presented: a screen re-activated since, or deleted and its
    id given to a new one (SQLite reuses ids), is left alone."""

    thread_name = "signage-presence"

    def __init__(self, app: Flask, interval: float = FLUSH_SECONDS) -> None:
        super().__init__(app, interval)
        self._pending: dict[int, Change] = {}

    def connected(self, screen_id: int, at: datetime, ip: str | None, token: str | None) -> None:
        self._queue(screen_id, Change(at, True, (ip or None) and ip[:64], token))

    def dropped(self, screen_id: int, at: datetime, token: str | None) -> None:
        self._queue(screen_id, Change(at, False, None, token))

    def pending(self) -> int:
        return len(self._pending)

    def _queue(self, screen_id: int, change: Change) -> None:
        queued = self._pending.get(screen_id)
        if queued is None or change.at >= queued.at:
            self._pending[screen_id] = change
        self.ensure_running()

    def flush(self) -> int:
        """Write the changes queued so far; how many screens changed."""
        pending, self._pending = self._pending, {}
        if not pending:
            return 0
        try:
            payloads = self.write(_announced, pending)
        except Exception:
            self._requeue(pending)
            raise
        with self.app.app_context():
            tell_console(payloads)
        return len(payloads)

    def _requeue(self, pending: dict[int, Change]) -> None:
        """A flush that failed (the database away) is tried again with the next one, each
        screen's newest change still winning."""
        for screen_id, change in pending.items():
            queued = self._pending.get(screen_id)
            if queued is None or change.at > queued.at:
                self._pending[screen_id] = change


_SCREENS = Screen.__table__
_READ = select(_SCREENS.c.id, _SCREENS.c.player_jwt_hash, _SCREENS.c.status, _SCREENS.c.last_seen).where(
    _SCREENS.c.id.in_(bindparam("ids", expanding=True))
)
# Compare-and-set on what was read: on PostgreSQL another process may have written the screen
# since (on SQLite the transaction's write lock keeps everyone out). Built once and bound with
# every moved screen's row (one executemany): a statement built per screen cost 0.6 ms each,
# 300 ms for the 500 sockets of a restart storm's second.
_MOVE = (
    update(_SCREENS)
    .where(
        _SCREENS.c.id == bindparam("screen_id"),
        _SCREENS.c.player_jwt_hash.is_not_distinct_from(bindparam("token")),
        _SCREENS.c.status == bindparam("was"),
        _SCREENS.c.last_seen.is_not_distinct_from(bindparam("seen")),
    )
    .values(
        status=bindparam("new_status"),
        last_seen=bindparam("at"),
        ip_address=func.coalesce(bindparam("ip", type_=String), _SCREENS.c.ip_address),
    )
)


def _announced(pending: dict[int, Change]) -> list[dict[str, Any]]:
    """Write the changes and commit: the console's news of the screens that moved."""
    return commit_status(screen_states(_apply(pending)))


def _apply(pending: dict[int, Change]) -> list[int]:
    """Write each screen's newest change that still applies; the screens to tell the console
    about (on PostgreSQL, one another process wrote between the read and the compare-and-set
    is left as that process wrote it, and told as it now is)."""
    rows = []
    for screen_id, token, status, last_seen in db.session.connection().execute(_READ, {"ids": list(pending)}):
        change = pending[screen_id]
        if token != change.token:  # re-activated since, or deleted and its id reused
            continue
        new = presence_status(change.online, change.at, status.value, last_seen)
        if new is None:
            continue
        rows.append(
            {"screen_id": screen_id, "token": token, "was": status, "seen": last_seen,
             "new_status": ScreenStatus(new), "at": change.at, "ip": change.ip if change.online else None}
        )  # fmt: skip
    # In id order, as the other writers update screens: two transactions taking the same
    # rows in different orders could deadlock (PostgreSQL).
    rows.sort(key=lambda row: row["screen_id"])
    if rows:
        db.session.connection().execute(_MOVE, rows)
    return [row["screen_id"] for row in rows]


def presence_writer(app: Flask | None = None) -> PresenceWriter:
    return per_app(EXTENSION_KEY, PresenceWriter, app)


def thresholds_of(settings: Settings) -> Thresholds:
    return Thresholds(
        late_after=timedelta(seconds=settings.screen_warning_after_seconds),
        offline_after=timedelta(seconds=settings.screen_offline_after_seconds),
    )


def sweep(moment: datetime, limits: Thresholds) -> int:
    """Mark late screens WARNING and silent ones OFFLINE (the sweep-screens job). Returns how
    many screens changed."""
    candidates = db.session.execute(
        select(Screen.id, Screen.status, Screen.last_seen)
        .where(
            Screen.status != ScreenStatus.OFFLINE,
            or_(Screen.last_seen.is_(None), Screen.last_seen < moment - limits.late_after),
        )
        .order_by(Screen.id)  # the writers' lock order (PresenceWriter.flush)
    ).all()
    changed: list[int] = []
    for screen_id, status, last_seen in candidates:
        new = swept_status(status.value, last_seen, moment, limits)
        if new == status.value:
            continue
        # Compare-and-set: a heartbeat written since the read keeps its screen as it is.
        seen = Screen.last_seen.is_(None) if last_seen is None else Screen.last_seen == last_seen
        moved = db.session.execute(
            update(Screen)
            .where(Screen.id == screen_id, Screen.status == status, seen)
            .values(status=ScreenStatus(new))
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved:
            changed.append(screen_id)
    announce_status(changed)  # commits
    if changed:
        log.info("sweep-screens: %d screens changed status", len(changed))
    return len(changed)
