"""Playlist versions: every change that alters what a screen would show bumps the version,
and the screens playing the playlist are told to reload it (CONTRACT §4, spec playlist:reload).

Callers bump inside their own transaction, then notify after they commit, so a screen never
fetches a version the database does not have yet.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update

from signage.extensions import db
from signage.models import Playlist, PlaylistItem, Screen
from signage.push import to_screen


def bump(playlist_ids: Iterable[int]) -> list[int]:
    """Increment the versions of these playlists (in the caller's transaction)."""
    ids = sorted(set(playlist_ids))
    if ids:
        db.session.execute(
            update(Playlist)
            .where(Playlist.id.in_(ids))
            .values(version=Playlist.version + 1)
            .execution_options(synchronize_session=False)
        )
    return ids


def playlists_using_media(media_ids: Iterable[int]) -> list[int]:
    ids = list(set(media_ids))
    if not ids:
        return []
    query = select(PlaylistItem.playlist_id).where(PlaylistItem.media_id.in_(ids)).distinct()
    return list(db.session.scalars(query))


def playlists_using_template(template_id: int) -> list[int]:
    return list(db.session.scalars(select(Playlist.id).where(Playlist.template_id == template_id)))


def notify(playlist_ids: Iterable[int]) -> int:
    """Tell the screens now playing these playlists to reload them; returns how many screens.

    "Playing" is what each player last reported (Screen.current_playlist_id): a screen that
    will switch to the playlist later fetches the new version then anyway.
    """
    ids = sorted(set(playlist_ids))
    if not ids:
        return 0
    rows = db.session.execute(
        select(Screen.id, Playlist.id, Playlist.version)
        .join(Playlist, Playlist.id == Screen.current_playlist_id)
        .where(Playlist.id.in_(ids))
    ).all()
    for screen_id, playlist_id, version in rows:
        to_screen(screen_id, "playlist:reload", {"playlistId": str(playlist_id), "version": version})
    return len(rows)
