"""A screen's status from what it reports and how long it has been silent (CONTRACT §6).

ONLINE: heartbeats arrive on its socket, the page is visible and reports no error.
WARNING: something needs a look but the screen is alive: a heartbeat is late, the page is
hidden, the player reports an error, or its socket dropped (it then reports over REST, or not
at all yet). OFFLINE: silent for longer than the offline threshold, or never seen.

Pure: standard library only; time is always given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

ONLINE, WARNING, OFFLINE = "ONLINE", "WARNING", "OFFLINE"
# Severity order for lists: what needs attention first.
SEVERITY = (OFFLINE, WARNING, ONLINE)


@dataclass(frozen=True)
class Thresholds:
    # Players beat every 30 s: two missed beats and a half make a late one.
    late_after: timedelta = timedelta(seconds=90)
    offline_after: timedelta = timedelta(minutes=5)

    def __post_init__(self) -> None:
        if not timedelta(0) < self.late_after < self.offline_after:
            raise ValueError("late_after must be positive and shorter than offline_after")


def heartbeat_status(*, is_visible: bool | None, error_message: str | None, via_socket: bool) -> str:
    """The status a heartbeat shows on arrival. Over REST the socket is down: commands and
    live updates cannot reach the screen, which is worth a warning even if it plays well."""
    if not via_socket or is_visible is False or (error_message or "").strip():
        return WARNING
    return ONLINE


def swept_status(status: str, last_seen: datetime | None, now: datetime, thresholds: Thresholds) -> str:
    """What the periodic sweep makes of a screen heard from last at `last_seen`."""
    if last_seen is None or now - last_seen > thresholds.offline_after:
        return OFFLINE
    if status == ONLINE and now - last_seen > thresholds.late_after:
        return WARNING
    return status


def presence_status(online: bool, at: datetime, status: str, last_seen: datetime | None) -> str | None:
    """What a socket connecting (`online`) or a screen's last one dropping at `at` makes of a
    screen holding the socket's token; None leaves it as it is. Nothing heard after `at` is
    overruled (a heartbeat written since); a drop never touches a screen not yet seen nor one
    the sweep has called OFFLINE: it was not connected as far as the console knows."""
    if online:
        return ONLINE if last_seen is None or last_seen <= at else None
    if last_seen is None or last_seen > at or status == OFFLINE:
        return None
    return WARNING


def offline_for(status: str, last_seen: datetime | None, now: datetime) -> timedelta | None:
    """How long an OFFLINE screen has been silent (None when it is not offline or never seen)."""
    if status != OFFLINE or last_seen is None:
        return None
    return max(now - last_seen, timedelta(0))


def offline_too_long(
    status: str, last_seen: datetime | None, now: datetime, alarm_after: timedelta = timedelta(minutes=5)
) -> bool:
    """The red badge of the monitoring page: offline, and silent longer than `alarm_after`. A
    screen never heard from is not activated yet, not an outage."""
    if status != OFFLINE or last_seen is None:
        return False
    return now - last_seen > alarm_after


@dataclass(frozen=True)
class Period:
    status: str
    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


def status_history(
    beats: Iterable[tuple[datetime, bool | None, str | None]],
    now: datetime,
    thresholds: Thresholds,
) -> list[Period]:
    """Periods of one status, oldest first, from heartbeats `(timestamp, isVisible,
    errorMessage)` in time order: a silence longer than the offline threshold is OFFLINE from
    the last beat heard to the next one (or to `now`)."""
    periods: list[Period] = []

    def extend(status: str, start: datetime, end: datetime) -> None:
        if periods and periods[-1].status == status and periods[-1].end >= start:
            periods[-1] = Period(status, periods[-1].start, end)
        else:
            periods.append(Period(status, start, end))

    previous: datetime | None = None
    for timestamp, is_visible, error in beats:
        status = heartbeat_status(is_visible=is_visible, error_message=error, via_socket=True)
        if previous is None:
            periods.append(Period(status, timestamp, timestamp))
        elif timestamp - previous > thresholds.offline_after:
            extend(OFFLINE, previous, timestamp)
            extend(status, timestamp, timestamp)
        else:  # the status heard last lasted until this beat
            last = periods[-1]
            periods[-1] = Period(last.status, last.start, timestamp)
            extend(status, timestamp, timestamp)
        previous = timestamp
    if previous is not None:
        if now - previous > thresholds.offline_after:
            extend(OFFLINE, previous, now)
        else:
            last = periods[-1]
            periods[-1] = Period(last.status, last.start, now)
    return periods
