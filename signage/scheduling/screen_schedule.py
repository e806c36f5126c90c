"""One screen's schedule as its player and the console's preview read it (CONTRACT §5, §7):
the engine over the screen's candidates, plus the alerts aimed at it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from signage.alerts.queries import active_alerts, next_alert_change
from signage.extensions import db
from signage.models import Alert, Playlist, Screen
from signage.scheduling.candidates import candidate_rules, zone_of
from signage.scheduling.resolution import Explanation, Segment, explain, timeline

# The player pre-caches what `upcoming` lists: CONTRACT §5 asks for at least 72 hours.
UPCOMING_AT_LEAST = timedelta(hours=72)


@dataclass(frozen=True)
class PlayerSchedule:
    """`current` is the segment playing now (None: nothing); `upcoming` the segments with a
    playlist from now on, over a window that moves by whole UTC days so the answer (and its
    ETag) stays the same between two polls unless the schedule itself changed."""

    current: Segment | None
    upcoming: list[Segment]
    versions: dict[int, int]
    alerts: list[Alert]
    # The first instant the answer changes with time alone (a window or an alert starting or
    # ending, the window of upcoming segments moving at UTC midnight).
    valid_until: datetime


def versions_of(playlist_ids: set[int]) -> dict[int, int]:
    if not playlist_ids:
        return {}
    rows = db.session.execute(select(Playlist.id, Playlist.version).where(Playlist.id.in_(playlist_ids)))
    return {playlist_id: version for playlist_id, version in rows}


def preview(screen: Screen, at: datetime) -> Explanation:
    return explain(candidate_rules(screen), zone_of(screen.site), at)


def player_schedule(screen: Screen, now: datetime) -> PlayerSchedule:
    midnight = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
    # From the day before (so a window that began earlier keeps its real start) to 4 days
    # after midnight, which is always more than 72 hours from now.
    segments = timeline(
        candidate_rules(screen),
        zone_of(screen.site),
        midnight - timedelta(days=1),
        midnight + timedelta(days=4),
    )
    segments = [s for s in segments if s.end > now]
    current = next((s for s in segments if s.start <= now and s.winner is not None), None)
    upcoming = _by_schedule(s for s in segments if s.winner is not None)
    versions = versions_of({s.winner.playlist_id for s in upcoming if s.winner is not None})
    changes = [midnight + timedelta(days=1)]
    changes += [moment for s in segments for moment in (s.start, s.end) if moment > now]
    if (alert_change := next_alert_change(screen, now)) is not None:
        changes.append(alert_change)
    return PlayerSchedule(current, upcoming, versions, active_alerts(screen, now), min(changes))


def _by_schedule(segments) -> list[Segment]:
    """Join back-to-back segments of the same winner: the player cares who plays, not which
    other candidates were active meanwhile."""
    joined: list[Segment] = []
    for segment in segments:
        last = joined[-1] if joined else None
        if last is not None and last.end == segment.start and last.winner == segment.winner:
            joined[-1] = Segment(last.start, segment.end, last.winner)
        else:
            joined.append(Segment(segment.start, segment.end, segment.winner))
    return joined
