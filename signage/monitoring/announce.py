"""`admin:screen_status` after a batch: what every writer that changes screens (heartbeats,
presence, budgets, the sweep) sends the console once its transaction is committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from sqlalchemy import select

from signage.extensions import db
from signage.fleet.payloads import screen_heartbeat_status_json
from signage.models import Playlist, Screen
from signage.monitoring.player_versions import is_older
from signage.push import to_console


def announce_status(screen_ids: Iterable[int]) -> int:
    """Commit the session's transaction and tell the console the state of these screens as
    committed (read in that same transaction: one query for the screens, one for their
    playlists' names); returns how many were told. A screen deleted meanwhile is left out."""
    return announce_screens_status(_screens(screen_ids))


def announce_screens_status(screens: list[Screen]) -> int:
    """`announce_status` for screens this session has loaded and changed (the heartbeat
    writer's: reading them back was a second query and a second hydration a second)."""
    db.session.flush()
    payloads = payloads_of(screens)
    db.session.commit()
    for payload in payloads:
        to_console("admin:screen_status", payload)
    return len(payloads)


def _screens(screen_ids: Iterable[int]) -> list[Screen]:
    ids = set(screen_ids)
    if not ids:
        return []
    return list(db.session.scalars(select(Screen).where(Screen.id.in_(ids)).order_by(Screen.id)))


def status_payloads(screen_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The `admin:screen_status` of each of these screens, as the session reads them now."""
    return payloads_of(_screens(screen_ids))


def payloads_of(screens: list[Screen]) -> list[dict[str, Any]]:
    """The `admin:screen_status` of these loaded screens (one query for their playlists' names)."""
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
