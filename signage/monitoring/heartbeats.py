"""Heartbeats (CONTRACT §6): validated on arrival, written in batches by one writer per process.

5,000 screens beating every 30 s make ~170 heartbeats a second. A transaction each would take
SQLite's one write lock 170 times a second, and SQLite calls never yield to gevent, so every
socket of the process would wait on each of them. Handlers therefore only validate and queue
(no database, no I/O); one writer greenlet per process flushes the queue every second in ONE
transaction: the heartbeat rows, each screen's fields from its newest heartbeat, then one
`admin:screen_status` per screen. `flush()` is also what tests call to write deterministically.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

from flask import Flask
from sqlalchemy import select

from signage.bodies import Body, Bool, Id, Int, Number, Str, check, omitted, one_of, sized
from signage.bulk_rows import insert_rows, update_rows
from signage.core.errors import N_, Text
from signage.core.validation import ValidationError
from signage.core.values import reference
from signage.extensions import db, per_app
from signage.models import ConnectionType, Playlist, Screen, ScreenHeartbeat, ScreenStatus
from signage.monitoring.announce import ScreenState, commit_status, screen_states, tell_console
from signage.monitoring.flusher import Flusher
from signage.monitoring.status_rules import heartbeat_status

log = logging.getLogger(__name__)

FLUSH_SECONDS = 1.0
# A database outage must not eat the process's memory: beyond this, the oldest are dropped.
MAX_PENDING = 100_000
EXTENSION_KEY = "signage.heartbeats"
_TEN_YEARS = 10 * 365 * 86400


def _number(maximum: float):
    def check(value: Any) -> str | None:
        # NaN fails both comparisons: JSON parsers here accept it, the database should not.
        if not (0 <= value <= maximum) or (isinstance(value, float) and not math.isfinite(value)):
            return Text(N_("Must be a number from 0 to %(maximum)s."), maximum=maximum)
        return None

    return check


def _resolution(value: str) -> str | None:
    width, sep, height = value.partition("x")
    ok = sep and width.isascii() and width.isdigit() and height.isascii() and height.isdigit()
    if not ok or not (0 < len(width) <= 5 and 0 < len(height) <= 5):
        return N_("Must be WIDTHxHEIGHT, e.g. 1920x1080.")
    return None


def _playlist_id(value: Any) -> str | None:
    return None if reference(value) is not None else N_("Must be a playlist id.")


def _version(value: str) -> str | None:
    if not 0 < len(value) <= 32 or not all(c.isascii() and (c.isalnum() or c in ".-+_") for c in value):
        return N_("Must be a version such as 2.0.0.")
    return None


def _instant(value: str) -> str | None:
    return None if parse_instant(value) is not None else N_("Must be an ISO 8601 instant with its offset.")


def parse_instant(value: str | None) -> datetime | None:
    """An ISO instant with an offset (or Z), in UTC; None when it is not one."""
    if not isinstance(value, str) or not 0 < len(value) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo is not None else None


TRANSPORTS = ("websocket", "polling", "rest")

Uptime = Annotated[Number, check(_number(_TEN_YEARS))]
MemoryMb = Annotated[Number, check(_number(1024 * 1024))]
StorageMb = Annotated[Number, check(_number(1024**3))]
Connection = one_of(*(c.value for c in ConnectionType))
Resolution = Annotated[Str, check(_resolution)]
PlaylistRef = Annotated[Id, check(_playlist_id)]
PlayerVersion = Annotated[Str, check(_version)]
CachedUntil = Annotated[Str, check(_instant)]
PendingCount = Annotated[Int, check(_number(10**9))]
Transport = one_of(*TRANSPORTS)
BrowserVersion = sized(0, 120)
ErrorText = sized(0, 2000)
MediaName = sized(0, 255)


class Heartbeat(Body):
    """What a player reports every 30 s (Socket.IO `heartbeat` or POST /api/player/heartbeat)."""

    uptime: Uptime | None = omitted()
    memory_usage_mb: MemoryMb | None = omitted()
    connection_type: Connection | None = omitted()
    browser_version: BrowserVersion | None = omitted()
    resolution: Resolution | None = omitted()
    is_visible: Bool | None = omitted()
    error_message: ErrorText | None = omitted()
    current_playlist_id: PlaylistRef | None = omitted()
    current_media_name: MediaName | None = omitted()
    player_version: PlayerVersion | None = omitted()
    # The offline player (CONTRACT §13).
    cached_until: CachedUntil | None = omitted()
    storage_used_mb: StorageMb | None = omitted()
    storage_quota_mb: StorageMb | None = omitted()
    storage_persisted: Bool | None = omitted()
    pending_proof_of_play: PendingCount | None = omitted()
    online: Transport | None = omitted()


@dataclass(frozen=True)
class Reading:
    """One validated heartbeat, as received."""

    screen_id: int
    received_at: datetime
    via_socket: bool
    ip: str | None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def playlist_id(self) -> int | None:
        raw = self.values.get("currentPlaylistId")
        return None if raw is None else int(raw)

    def row(self) -> dict[str, Any]:
        v = self.values
        uptime = v.get("uptime")
        return {
            "screen_id": self.screen_id,
            "timestamp": self.received_at,
            "current_playlist_id": self.playlist_id,
            "current_media_name": v.get("currentMediaName"),
            "uptime": None if uptime is None else int(uptime),
            "memory_usage_mb": v.get("memoryUsageMb"),
            "connection_type": ConnectionType(v.get("connectionType") or ConnectionType.UNKNOWN.value),
            "browser_version": v.get("browserVersion"),
            "resolution": v.get("resolution"),
            "is_visible": v.get("isVisible"),
            "error_message": v.get("errorMessage") or None,
        }


def parse_heartbeat(data: Any) -> dict[str, Any]:
    """The accepted fields, or ValidationError naming each bad one (unknown ones too)."""
    if not isinstance(data, dict):
        raise ValidationError(
            {"": N_("The heartbeat must be an object.")}, N_("The heartbeat must be an object.")
        )
    return Heartbeat.validated(data)


class HeartbeatWriter(Flusher):
    """The process's queue of heartbeats, written by one background thread."""

    thread_name = "signage-heartbeats"

    def __init__(self, app: Flask, interval: float = FLUSH_SECONDS, max_pending: int = MAX_PENDING) -> None:
        super().__init__(app, interval)
        self._pending: deque[Reading] = deque(maxlen=max_pending)
        self._flush_lock = threading.Lock()
        self.written = 0

    def submit(self, reading: Reading) -> None:
        """Queue a heartbeat; never touches the database (safe in any socket handler)."""
        if len(self._pending) == self._pending.maxlen:
            log.warning("heartbeat queue full (%d): dropping the oldest", self._pending.maxlen)
        self._pending.append(reading)
        self.ensure_running()

    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> int:
        """Write everything queued so far in one transaction; returns the rows written. A
        concurrent call waits for the running one, so after it returns all is committed."""
        with self._flush_lock:
            batch: list[Reading] = []
            while True:
                try:
                    batch.append(self._pending.popleft())
                except IndexError:
                    break
            if not batch:
                return 0
            try:
                written, payloads = self.write(_write, batch)
            except Exception:
                log.exception("heartbeats: a batch of %d could not be written", len(batch))
                return 0
            self.written += written
            with self.app.app_context():
                tell_console(payloads)
            return written


def heartbeat_writer(app: Flask | None = None) -> HeartbeatWriter:
    return per_app(EXTENSION_KEY, HeartbeatWriter, app)


def record_heartbeat(
    screen_id: int, data: Any, *, via_socket: bool, ip: str | None, at: datetime | None = None
) -> Reading:
    """Validate and queue one heartbeat of `screen_id` (ValidationError when it is bad)."""
    reading = Reading(
        screen_id=screen_id,
        received_at=at or datetime.now(UTC),
        via_socket=via_socket,
        ip=(ip or None) and ip[:64],
        values=parse_heartbeat(data),
    )
    heartbeat_writer().submit(reading)
    return reading


# What a heartbeat reports that its screen keeps as it is: the wire key and the column.
COPIED = (
    ("currentMediaName", "current_media_name"),
    ("playerVersion", "player_version"),
    ("resolution", "resolution"),
    ("storageUsedMb", "storage_used_mb"),
    ("storageQuotaMb", "storage_quota_mb"),
    ("storagePersisted", "storage_persisted"),
    ("pendingProofOfPlay", "pending_proof_of_play"),
    ("online", "transport"),
)
_WRITTEN = (
    *(column for _, column in COPIED),
    *("cached_until", "uptime", "current_playlist_id", "ip_address", "last_seen", "status"),
)


def _write(batch: list[Reading]) -> tuple[int, list[dict[str, Any]]]:
    """Store the batch and commit: how many were kept, and the console's news of them."""
    # Locked as read: the one UPDATE below sets every screen from what was read here, and
    # PostgreSQL's UPDATE ... FROM unnest would take the rows in no particular order.
    screens = {screen.id: screen for screen in screen_states({r.screen_id for r in batch}, for_update=True)}
    kept = [r for r in batch if r.screen_id in screens]  # a screen deleted meanwhile
    if not kept:
        db.session.rollback()
        return 0, []
    reported = {r.playlist_id for r in kept if r.playlist_id is not None}
    playlists: set[int] = set()
    if reported:
        playlists = set(db.session.scalars(select(Playlist.id).where(Playlist.id.in_(reported))))
    insert_rows(db.session, ScreenHeartbeat.__table__, [r.row() for r in kept])

    newest: dict[int, Reading] = {}
    for reading in kept:
        if reading.screen_id not in newest or reading.received_at >= newest[reading.screen_id].received_at:
            newest[reading.screen_id] = reading
    changed = [_apply(screens[screen_id], newest[screen_id], playlists) for screen_id in sorted(newest)]
    # One statement for every screen, every row the same keys: through the ORM, each screen
    # was an object to load, dirty and diff, the flush's largest cost. No ORM event sees it:
    # a heartbeat sets none of the columns that invalidate the schedule cache
    # (scheduling.cache.SCREEN_COLUMNS).
    update_rows(
        db.session,
        Screen.__table__,
        [{"id": screen.id, **{column: getattr(screen, column) for column in _WRITTEN}} for screen in changed],
    )
    return len(kept), commit_status(changed)


def _apply(screen: ScreenState, reading: Reading, playlists: set[int]) -> ScreenState:
    """The screen once its newest heartbeat of the batch is applied."""
    values = reading.values
    for key, attribute in COPIED:
        if key in values:
            setattr(screen, attribute, values[key])
    if "cachedUntil" in values:
        screen.cached_until = parse_instant(values["cachedUntil"])
    if "uptime" in values:
        screen.uptime = None if values["uptime"] is None else int(values["uptime"])
    if "currentPlaylistId" in values:
        # The screen's column references playlists: one deleted since is "unknown".
        screen.current_playlist_id = reading.playlist_id if reading.playlist_id in playlists else None
    if reading.ip:
        screen.ip_address = reading.ip
    # A presence change recorded after this heartbeat (its socket dropped) stays.
    if screen.last_seen is None or reading.received_at >= screen.last_seen:
        screen.last_seen = reading.received_at
        screen.status = ScreenStatus(
            heartbeat_status(
                is_visible=values.get("isVisible"),
                error_message=values.get("errorMessage"),
                # A player on its REST fallback (a proxy refusing the socket) plays and
                # reports on time: alive, not a warning.
                via_socket=reading.via_socket or values.get("online") == "rest",
            )
        )
    return screen
