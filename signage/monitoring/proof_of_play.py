"""Storing plays (CONTRACT §5): idempotent on the player's id for each play, one bad item
never blocking the rest.

Every screen sends a play every few seconds: a transaction each would take SQLite's one write
lock hundreds of times a second, and the process's every socket would wait on each. Plays from
sockets and REST alike are therefore checked where they arrive (play_rules, no database) and
handed to the process's `PlayWriter`, which writes whatever arrived meanwhile in ONE
transaction (group commit) every FLUSH_SECONDS, or sooner when enough are waiting. The caller
waits for that commit before it answers: an acknowledgement (`{accepted, duplicates,
rejected}`) is only ever sent for plays that are in the database. A flush that fails answers
an error instead, the player keeps the plays in its outbox and sends them again, and the
client id makes the second delivery count once.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import Select, Table, bindparam, select

from signage.bulk_rows import insert_rows
from signage.core.errors import N_, Text
from signage.extensions import db, per_app
from signage.models import Media, Playlist, ProofOfPlay
from signage.monitoring.flusher import Flusher
from signage.monitoring.play_rules import MAX_BATCH, Play, impossible, parse_play, synced_at

log = logging.getLogger(__name__)

# Twice a second: each flush has its fixed cost (five times a second cost about twice the CPU
# in all), and once a second kept every waiting handler's greenlet alive long enough to cost
# memory per player. Nothing is in a hurry: the player keeps a play in its outbox until the
# acknowledgement comes.
FLUSH_SECONDS = 0.5
# Waiting plays that wake the writer before its interval, and the most one transaction takes.
FLUSH_AT = 500
MAX_PER_FLUSH = 5000
# A caller waits this long for its flush, then answers an error (the plays may still be
# written: the player's resend then counts them as duplicates).
WAIT_SECONDS = 30.0
EXTENSION_KEY = "signage.plays"
FLUSH_FAILED = "The server could not store these plays: send them again later."


@dataclass
class BatchResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


class BatchTooLarge(Exception):
    pass


def _ids_among(table: Table) -> Select[tuple[int]]:
    # Built once: an ORM select built per flush cost more than the INSERT it guards.
    return select(table.c.id).where(table.c.id.in_(bindparam("ids", expanding=True)))


_EXISTING = {Media: _ids_among(Media.__table__), Playlist: _ids_among(Playlist.__table__)}


def _existing(model: type[Media] | type[Playlist], ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(db.session.connection().scalars(_EXISTING[model], {"ids": list(ids)}))


def _insert(rows: list[dict[str, Any]]) -> set[tuple[int, str]]:
    """Insert, skipping what the screens already sent; the (screen, client id) of new rows."""
    inserted = insert_rows(
        db.session,
        ProofOfPlay.__table__,
        rows,
        skip_conflicts_on=("screen_id", "client_id"),
        returning=("screen_id", "client_id"),
    )
    return {(screen_id, client_id) for screen_id, client_id in inserted}


OVERLAP_ERROR = Text(N_("playedAt: overlaps more plays than a screen shows at once"))


@dataclass
class Submission:
    """One batch of one screen, checked, waiting for its flush."""

    screen_id: int
    plays: list[Play]
    received_at: datetime
    result: BatchResult
    done: threading.Event = field(default_factory=threading.Event)
    failed: bool = False


def check_plays(screen_id: int, items: list[Any], now: datetime) -> Submission:
    """The batch's valid plays and its refusals, decided without the database."""
    if len(items) > MAX_BATCH:
        raise BatchTooLarge(Text(N_("At most %(count)s plays per batch."), count=MAX_BATCH))
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
    return Submission(screen_id, plays, now, result)


def write_submissions(batch: list[Submission]) -> None:
    """Store the plays of every submission in one transaction and count, per submission, what
    was new and what the database already had. Raises (nothing written) when it fails."""
    plays = [(s, p) for s in batch for p in s.plays]
    media = _existing(Media, {p.media_id for _, p in plays})
    playlists = _existing(Playlist, {p.playlist_id for _, p in plays if p.playlist_id is not None})
    rows: list[dict[str, Any]] = []
    owner: dict[tuple[int, str], Submission] = {}
    for submission, p in plays:
        key = (submission.screen_id, p.client_id)
        if key in owner:  # sent again before the first copy was written: the first one counts
            continue
        owner[key] = submission
        # A play outlives what it mentions (models.monitoring): an id deleted meanwhile is kept as null.
        rows.append(
            {
                "client_id": p.client_id,
                "screen_id": submission.screen_id,
                "media_id": p.media_id if p.media_id in media else None,
                "playlist_id": p.playlist_id if p.playlist_id in playlists else None,
                "played_at": p.played_at,
                "duration_seconds": p.duration_seconds,
                "synced_at": synced_at(p, submission.received_at),
                "received_at": submission.received_at,
            }
        )
    new = _insert(rows) if rows else set()
    db.session.commit()
    for submission in batch:
        accepted = sum(
            1
            for p in submission.plays
            if (submission.screen_id, p.client_id) in new
            and owner[(submission.screen_id, p.client_id)] is submission
        )
        submission.result.accepted += accepted
        submission.result.duplicates += len(submission.plays) - accepted


def record_plays(screen_id: int, items: list[Any], now: datetime | None = None) -> BatchResult:
    """Store the valid items of a batch; report the duplicates and each refused item. Written
    at once, in the caller's context (the writer below does the same for many batches)."""
    submission = check_plays(screen_id, items, now or datetime.now(UTC))
    if submission.plays:
        # End whatever the caller began, so the plays are one short transaction of their own.
        db.session.commit()
        try:
            write_submissions([submission])
        except Exception:
            db.session.rollback()
            raise
    return submission.result


class FlushFailed(Exception):
    """The plays could not be written (or not in time): nothing is acknowledged."""


class PlayWriter(Flusher):
    """The process's queue of plays, written by one background thread; each caller waits
    for the commit of its own plays."""

    thread_name = "signage-plays"

    def __init__(self, app: Flask, interval: float = FLUSH_SECONDS) -> None:
        super().__init__(app, interval)
        self._pending: deque[Submission] = deque()
        self._queued_plays = 0  # in _pending: counted as they come, not summed per submit
        self._flush_lock = threading.Lock()
        self.flushes = 0
        self.written = 0

    def submit(self, submission: Submission, wait: float = WAIT_SECONDS) -> BatchResult:
        """Queue checked plays and wait for the commit that stores them; FlushFailed when it
        fails or does not come in time. Plays with nothing to store answer at once."""
        if not submission.plays:
            return submission.result
        self._pending.append(submission)
        self._queued_plays += len(submission.plays)
        if self._queued_plays >= FLUSH_AT:
            self.wake()
        self.ensure_running()
        if not submission.done.wait(wait) or submission.failed:
            raise FlushFailed(FLUSH_FAILED)
        return submission.result

    def drain(self) -> None:
        while self.flush() and self._pending:
            pass

    def flush(self) -> int:
        """Write what is queued (up to MAX_PER_FLUSH plays) in one transaction, then release
        its callers; returns how many submissions were flushed."""
        with self._flush_lock:
            batch: list[Submission] = []
            count = 0
            while self._pending and count < MAX_PER_FLUSH:
                submission = self._pending.popleft()
                batch.append(submission)
                count += len(submission.plays)
            self._queued_plays -= count
            if not batch:
                return 0
            try:
                self.write(write_submissions, batch)
                self.written += count
            except Exception:
                log.exception("proof of play: a flush of %d plays failed; none acknowledged", count)
                for submission in batch:
                    submission.failed = True
            self.flushes += 1
            for submission in batch:
                submission.done.set()
            return len(batch)


def play_writer(app: Flask | None = None) -> PlayWriter:
    return per_app(EXTENSION_KEY, PlayWriter, app)


def submit_plays(screen_id: int, items: list[Any], now: datetime | None = None) -> BatchResult:
    """Check a batch where it arrives and wait until its plays are committed with the other
    screens' (BatchTooLarge before anything, FlushFailed when the write fails)."""
    submission = check_plays(screen_id, items, now or datetime.now(UTC))
    return play_writer().submit(submission)
