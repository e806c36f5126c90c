"""A week of a screen's (or a group's) timeline, cut into local days and hours for the
console's week view. Pure (standard library and zoneinfo), drawn from `timeline`, so the
week view, the preview and the player's schedule always agree.

Hours follow the wall clock: on the spring-forward day the skipped hour is an empty cell,
on the fall-back day the repeated hour is one cell two real hours long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .resolution import Segment, timeline
from .windows import ScheduleRule, wall_to_utc

DAYS = 7
HOURS = 24


@dataclass(frozen=True)
class Hour:
    clock: str  # "08:00"
    start: datetime
    end: datetime  # == start: an hour the clocks skip
    segments: tuple[Segment, ...]  # the parts of the timeline inside this hour

    @property
    def skipped(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Day:
    day: date
    segments: tuple[Segment, ...]  # clipped to the local day
    hours: tuple[Hour, ...]


@dataclass(frozen=True)
class Week:
    start: date
    days: tuple[Day, ...]
    schedules: tuple[ScheduleRule, ...]  # those that win somewhere this week, by id

    @property
    def has_conflicts(self) -> bool:
        return any(s.conflicts for d in self.days for s in d.segments)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _clip(segments: list[Segment], start: datetime, end: datetime) -> tuple[Segment, ...]:
    if start >= end:
        return ()
    return tuple(
        Segment(max(s.start, start), min(s.end, end), s.winner, s.active)
        for s in segments
        if s.start < end and s.end > start
    )


def week_of(rules: list[ScheduleRule], zone: ZoneInfo, first_day: date) -> Week:
    """Seven local days from `first_day`."""
    begin = wall_to_utc(first_day, time(0), zone)
    finish = wall_to_utc(first_day + timedelta(days=DAYS), time(0), zone)
    segments = timeline(rules, zone, begin, finish)
    days = []
    for offset in range(DAYS):
        day = first_day + timedelta(days=offset)
        edges = [wall_to_utc(day, time(h), zone) for h in range(HOURS)]
        edges.append(wall_to_utc(day + timedelta(days=1), time(0), zone))
        hours = tuple(
            Hour(f"{h:02d}:00", edges[h], edges[h + 1], _clip(segments, edges[h], edges[h + 1]))
            for h in range(HOURS)
        )
        days.append(Day(day, _clip(segments, edges[0], edges[-1]), hours))
    winners = {s.winner.id: s.winner for s in segments if s.winner is not None}
    return Week(first_day, tuple(days), tuple(winners[k] for k in sorted(winners)))
