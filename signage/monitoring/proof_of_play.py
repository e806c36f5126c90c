"""Storing plays (CONTRACT §5): idempotent on the player's id for each play, one bad item
never blocking the rest, short write transactions (SQLite has one writer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from signage.core.errors import N_, Text
from signage.database import read_only_transactions
from signage.extensions import db
from signage.models import Media, Playlist, ProofOfPlay
from signage.monitoring.play_rules import MAX_BATCH, Play, impossible, parse_play, synced_at

# Rows per INSERT (and per transaction): a full batch of 1000 is five short writes.
CHUNK = 200


@dataclass
class BatchResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


class BatchTooLarge(Exception):
    pass


def _existing(model: type[Media] | type[Playlist], ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(db.session.scalars(select(model.id).where(model.id.in_(ids))))


def _insert(rows: list[dict[str, Any]]) -> int:
    """Insert, skipping what the screen already sent; how many rows were new."""
    table = ProofOfPlay.__table__
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(table)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["screen_id", "client_id"])
        .returning(table.c.client_id)
    )
    inserted = len(db.session.execute(stmt).all())
    db.session.commit()
    return inserted


OVERLAP_ERROR = Text(N_("playedAt: overlaps more plays than a screen shows at once"))


def record_plays(screen_id: int, items: list[Any], now: datetime | None = None) -> BatchResult:
    """Store the valid items of a batch; report the duplicates and each refused item."""
    if len(items) > MAX_BATCH:
        raise BatchTooLarge(Text(N_("At most %(count)s plays per batch."), count=MAX_BATCH))
    now = now or datetime.now(UTC)
    result = BatchResult()
    plays: list[Play] = []
    positions: list[int] = []  # each play's index in the batch, for the refusals
    seen: set[str] = set()
    for index, item in enumerate(items):
        play, problem = parse_play(item, now)
        if play is None:
            result.rejected.append({"index": index, "error": problem})
        elif play.client_id in seen:
            result.duplicates += 1  # the same play twice in one batch
        else:
            seen.add(play.client_id)
            plays.append(play)
            positions.append(index)
    refused = impossible(plays)
    for i in sorted(refused):
        result.rejected.append({"index": positions[i], "error": OVERLAP_ERROR})
    plays = [play for i, play in enumerate(plays) if i not in refused]
    result.rejected.sort(key=lambda refusal: refusal["index"])
    if not plays:
        return result
    # End whatever the caller began (a write transaction on SQLite), then read without the lock.
    db.session.commit()
    with read_only_transactions():
        media = _existing(Media, {p.media_id for p in plays})
        playlists = _existing(Playlist, {p.playlist_id for p in plays if p.playlist_id is not None})
        db.session.commit()
    # A play outlives what it mentions (models.monitoring): an id deleted meanwhile is kept as null.
    rows = [
        {
            "client_id": p.client_id,
            "screen_id": screen_id,
            "media_id": p.media_id if p.media_id in media else None,
            "playlist_id": p.playlist_id if p.playlist_id in playlists else None,
            "played_at": p.played_at,
            "duration_seconds": p.duration_seconds,
            "synced_at": synced_at(p, now),
            "received_at": now,
        }
        for p in plays
    ]
    for start in range(0, len(rows), CHUNK):
        inserted = _insert(rows[start : start + CHUNK])
        result.accepted += inserted
        result.duplicates += len(rows[start : start + CHUNK]) - inserted
    return result
