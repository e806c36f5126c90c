"""`admin:screen_status` after a batch: what every writer that changes screens (heartbeats,
presence, budgets, the sweep) sends the console once its transaction is committed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from signage.extensions import db
from signage.fleet.payloads import screen_heartbeat_status_json
from signage.models import Playlist, Screen, ScreenStatus
from signage.monitoring.player_versions import is_older
from signage.push import to_console_many


@dataclass(slots=True)
class ScreenState:
    """A screen's columns that the writers read or set and the console is told: read as plain
    rows, because a writer's batch of hundreds of ORM objects cost more than its UPDATE."""

    id: int
    status: ScreenStatus
    last_seen: datetime | None
    ip_address: str | None
    current_playlist_id: int | None
    current_media_name: str | None
    uptime: int | None
    player_version: str | None
    resolution: str | None
    cached_until: datetime | None
    storage_used_mb: float | None
    storage_quota_mb: float | None
    storage_persisted: bool | None
    pending_proof_of_play: int | None
    transport: str | None
    dropped_messages: int
    over_budget_at: datetime | None


_STATE_COLUMNS = tuple(getattr(Screen, name) for name in ScreenState.__slots__)


def screen_states(screen_ids: Iterable[int], *, for_update: bool = False) -> list[ScreenState]:
    """These screens as the session reads them now (its pending changes flushed), by id; a
    screen deleted meanwhile is left out. `for_update` locks their rows until the commit
    (PostgreSQL; SQLite's write transaction holds the whole file), in id order: the order
    every writer of screens takes them in, so that two writers never deadlock."""
    ids = set(screen_ids)
    if not ids:
        return []
    query = select(*_STATE_COLUMNS).where(Screen.id.in_(ids)).order_by(Screen.id)
    rows = db.session.execute(query.with_for_update() if for_update else query)
    return [ScreenState(*row) for row in rows]


def announce_status(screen_ids: Iterable[int]) -> int:
    """Commit the session's transaction and tell the console the state of these screens as
    committed (read in that same transaction: one query for the screens, one for their
    playlists' names); returns how many were told. A screen deleted meanwhile is left out."""
    return announce_screens_status(screen_states(screen_ids))


def announce_screens_status(screens: Sequence[ScreenState]) -> int:
    """`announce_status` for screens the caller has read and written itself."""
    payloads = commit_status(screens)
    tell_console(payloads)
    return len(payloads)


def commit_status(screens: Sequence[ScreenState]) -> list[dict[str, Any]]:
    """Commit the session's transaction; the `admin:screen_status` of these screens, which
    the caller has read and written itself (reading them back was a second query a second),
    for `tell_console` once back on the event loop."""
    db.session.flush()
    payloads = payloads_of(screens)
    db.session.commit()
    return payloads


def tell_console(payloads: Iterable[dict[str, Any]]) -> None:
    to_console_many("admin:screen_status", list(payloads))


def status_payloads(screen_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The `admin:screen_status` of each of these screens, as the session reads them now."""
    return payloads_of(screen_states(screen_ids))


def payloads_of(screens: Sequence[ScreenState]) -> list[dict[str, Any]]:
    """The `admin:screen_status` of these screens (one query for their playlists' names)."""
    if not screens:
        return []
    playing = {s.current_playlist_id for s in screens if s.current_playlist_id is not None}
    names: dict[int, str] = {}
    if playing:
        rows = db.session.execute(select(Playlist.id, Playlist.name).where(Playlist.id.in_(playing)))
        names = dict(rows.tuples().all())
    expected = current_app.config["SIGNAGE"].current_player_version
    return [
        screen_heartbeat_status_json(
            screen,
            names.get(screen.current_playlist_id or 0),
            is_older(screen.player_version, expected),
        )
        for screen in screens
    ]
