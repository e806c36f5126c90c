"""Proof-of-play items as players send them (CONTRACT §5): what makes one acceptable, and
when a play counts as synced late. Pure: standard library and signage.core only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from signage.core.errors import N_, Text

MAX_BATCH = 1000
CLIENT_ID_MAX = 64
# A play may reach the server days late (the player's offline outbox holds 72 h and more);
# older than this it is more likely a broken clock than a play worth reporting.
OLDEST = timedelta(days=31)
# Player clocks drift: a play a little in the future is the clock, much further is nonsense.
FUTURE_SLACK = timedelta(minutes=10)
MAX_DURATION = 24 * 3600.0
# A screen shows at most this many plays at once (one per zone of its layout); a batch that
# has more running at the same instant is reporting plays that cannot have happened.
MAX_CONCURRENT = 16
# Received later than this after it ended, a play came from the outbox: syncedAt is set.
LIVE_DELAY = timedelta(minutes=2)
FIELDS = frozenset({"id", "mediaId", "playlistId", "playedAt", "durationSeconds"})


@dataclass(frozen=True)
class Play:
    client_id: str
    media_id: int
    playlist_id: int | None
    played_at: datetime
    duration_seconds: float


def _ref(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        number = int(value)
    else:
        return None
    return number if 0 < number <= 2**31 - 1 else None


def _client_id_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not 1 <= len(value) <= CLIENT_ID_MAX:
        return Text(N_("id: required, a string of 1 to %(count)s characters"), count=CLIENT_ID_MAX)
    if not value.isascii() or not all(ch.isalnum() or ch in "-_.:" for ch in value):
        return Text(N_("id: letters, digits and - _ . : only"))
    return None


def parse_play(item: Any, now: datetime) -> tuple[Play | None, str | None]:
    """One item, or the reason it is refused (a sentence naming the field)."""
    if not isinstance(item, dict):
        return None, Text(N_("not an object"))
    unknown = sorted(str(key) for key in item if key not in FIELDS)
    if unknown:
        return None, Text(N_("unknown field: %(names)s"), names=", ".join(unknown)[:200])
    if problem := _client_id_problem(item.get("id")):
        return None, problem
    media_id = _ref(item.get("mediaId"))
    if media_id is None:
        return None, Text(N_("mediaId: required, a media id"))
    playlist_id = None
    if item.get("playlistId") is not None:
        playlist_id = _ref(item["playlistId"])
        if playlist_id is None:
            return None, Text(N_("playlistId: a playlist id or null"))
    raw = item.get("playedAt")
    try:
        played_at = datetime.fromisoformat(raw) if isinstance(raw, str) and len(raw) <= 40 else None
    except ValueError:
        played_at = None
    if played_at is None or played_at.tzinfo is None:
        return None, Text(N_("playedAt: required, ISO 8601 with a timezone (Z)"))
    played_at = played_at.astimezone(UTC)
    if played_at > now + FUTURE_SLACK:
        return None, Text(N_("playedAt: in the future"))
    if played_at < now - OLDEST:
        return None, Text(N_("playedAt: older than %(days)s days"), days=OLDEST.days)
    duration = item.get("durationSeconds")
    # JSON true is not the number 1.
    if (
        isinstance(duration, bool)
        or not isinstance(duration, int | float)
        or not 0 <= duration <= MAX_DURATION
    ):
        return None, Text(
            N_("durationSeconds: required, a number from 0 to %(maximum)s"), maximum=int(MAX_DURATION)
        )
    return Play(item["id"], media_id, playlist_id, played_at, float(duration)), None


def synced_at(play: Play, received_at: datetime) -> datetime | None:
    """None for a play reported as it ended; the receipt time for one the outbox sent late."""
    ended = play.played_at + timedelta(seconds=play.duration_seconds)
    return received_at if received_at - ended > LIVE_DELAY else None


def impossible(plays: list[Play]) -> set[int]:
    """Indexes (in `plays`) of the plays that would make more than MAX_CONCURRENT run at one
    instant on the screen: the later ones are refused, the first MAX_CONCURRENT kept. A play
    of 0 s counts as a second (a flood of zero-length plays at one instant is no less false)."""
    ends: list[datetime] = []  # ends of the plays kept, for the sweep
    refused: set[int] = set()
    for index in sorted(range(len(plays)), key=lambda i: (plays[i].played_at, i)):
        play = plays[index]
        ends = [end for end in ends if end > play.played_at]
        if len(ends) >= MAX_CONCURRENT:
            refused.add(index)
            continue
        ends.append(play.played_at + timedelta(seconds=max(1.0, play.duration_seconds)))
    return refused
