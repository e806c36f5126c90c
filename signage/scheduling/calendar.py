"""The console calendar's blocks: each schedule's windows over some local days, cut at local
midnights and told in wall-clock minutes of the site. Pure (standard library and zoneinfo).

The windows come from `windows.intervals`, the engine's own, so a block sits exactly where the
schedule plays. Wall-clock minutes, not real ones: on the fall-back day 01:00–03:00 is three
real hours but draws as two, like every wall calendar.
"""

from __future__ import annotations

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


def _minute(instant: datetime, day: date, zone: ZoneInfo) -> int:
    local = instant.astimezone(zone)
    if local.date() > day:
        return DAY_MINUTES
    return local.hour * 60 + local.minute


def blocks_of(rules: list[ScheduleRule], zone: ZoneInfo, first_day: date, days: int) -> list[Block]:
    """The blocks of every rule over `days` local days from `first_day`, by day then start."""
    days = max(1, min(days, MAX_DAYS))
    begin = wall_to_utc(first_day, time(0), zone)
    finish = wall_to_utc(first_day + timedelta(days=days), time(0), zone)
    winners = [(s.start, s.end, s.winner.id) for s in timeline(rules, zone, begin, finish) if s.winner]
    midnights = [wall_to_utc(first_day + timedelta(days=n), time(0), zone) for n in range(days + 1)]
    blocks: list[Block] = []
    for rule in rules:
        for start, end in intervals(rule, zone, begin, finish):
            for n in range(days):
                lo, hi = max(start, midnights[n]), min(end, midnights[n + 1])
                if lo >= hi:
                    continue
                day = first_day + timedelta(days=n)
                first, last = _minute(lo, day, zone), _minute(hi, day, zone)
                if last <= first:  # a sliver inside a skipped DST hour
                    continue
                plays = any(w == rule.id and s < hi and e > lo for s, e, w in winners)
                blocks.append(Block(rule, day, first, last, lo == start, hi == end, plays))
    blocks.sort(key=lambda b: (b.day, b.start_minute, -b.rule.priority, b.rule.id))
    return blocks


def clock(minute: int) -> str:
    """`HH:MM` of a wall-clock minute; 1440 reads 24:00."""
    return f"{minute // 60:02d}:{minute % 60:02d}"
