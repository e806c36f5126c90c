"""The console calendar's blocks: each schedule's windows over some local days, cut at local
midnights and told in wall-clock minutes of the site. Pure (standard library and zoneinfo).

The windows come from `windows.intervals`, the engine's own, so a block sits exactly where the
schedule plays. Wall-clock minutes, not real ones: on the fall-back day 01:00–03:00 is three
real hours but draws as two, like every wall calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .resolution import timeline
from .windows import ScheduleRule, intervals, wall_to_utc

DAY_MINUTES = 24 * 60
MAX_DAYS = 7


@dataclass(frozen=True)
class Block:
    rule: ScheduleRule
    day: date
    start_minute: int  # 0..1439, wall clock
    end_minute: int  # 1..1440; 1440 is the midnight that ends the day
    starts_here: bool  # the window opens on this day (else it continues from the day before)
    ends_here: bool  # the window closes on this day (else it runs past midnight)
    plays: bool  # the schedule wins somewhere in this block (else it is overridden throughout)
    enabled: bool = True  # False: switched off, drawn only (it never plays)


def _minute(instant: datetime, day: date, zone: ZoneInfo) -> int:
    local = instant.astimezone(zone)
    if local.date() > day:
        return DAY_MINUTES
    return local.hour * 60 + local.minute


@dataclass(frozen=True)
class Piece:
    """The part of a window that falls on one local day."""

    day: date
    start_minute: int
    end_minute: int
    starts_here: bool
    ends_here: bool
    start: datetime  # the real instants of this part
    end: datetime


def _midnights(zone: ZoneInfo, first_day: date, days: int) -> list[datetime]:
    return [wall_to_utc(first_day + timedelta(days=n), time(0), zone) for n in range(days + 1)]


def pieces_of(
    start: datetime | None, end: datetime | None, zone: ZoneInfo, first_day: date, days: int
) -> list[Piece]:
    """The window [start, end) (None: open on that side) cut at the local midnights of `days`
    days from `first_day`."""
    days = max(1, min(days, MAX_DAYS))
    midnights = _midnights(zone, first_day, days)
    pieces = []
    for n in range(days):
        lo = midnights[n] if start is None else max(start, midnights[n])
        hi = midnights[n + 1] if end is None else min(end, midnights[n + 1])
        if lo >= hi:
            continue
        day = first_day + timedelta(days=n)
        first, last = _minute(lo, day, zone), _minute(hi, day, zone)
        if last <= first:  # a sliver inside a skipped DST hour
            continue
        pieces.append(Piece(day, first, last, lo == start, hi == end, lo, hi))
    return pieces


def blocks_of(
    rules: list[ScheduleRule],
    zone: ZoneInfo,
    first_day: date,
    days: int,
    disabled: Sequence[ScheduleRule] = (),
) -> list[Block]:
    """The blocks of every rule over `days` local days from `first_day`, by day then start.
    `disabled` rules (switched-off schedules) are drawn where they would play, never playing
    and never overriding another."""
    days = max(1, min(days, MAX_DAYS))
    midnights = _midnights(zone, first_day, days)
    begin, finish = midnights[0], midnights[-1]
    winners = [(s.start, s.end, s.winner.id) for s in timeline(rules, zone, begin, finish) if s.winner]
    blocks: list[Block] = []
    for enabled, group in ((True, rules), (False, disabled)):
        for rule in group:
            for start, end in intervals(rule, zone, begin, finish):
                for piece in pieces_of(start, end, zone, first_day, days):
                    plays = enabled and any(
                        w == rule.id and s < piece.end and e > piece.start for s, e, w in winners
                    )
                    blocks.append(
                        Block(
                            rule,
                            piece.day,
                            piece.start_minute,
                            piece.end_minute,
                            piece.starts_here,
                            piece.ends_here,
                            plays,
                            enabled,
                        )
                    )
    blocks.sort(key=lambda b: (b.day, b.start_minute, -b.rule.priority, b.rule.id))
    return blocks


def clock(minute: int) -> str:
    """`HH:MM` of a wall-clock minute; 1440 reads 24:00."""
    return f"{minute // 60:02d}:{minute % 60:02d}"
