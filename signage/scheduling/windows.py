"""When a schedule is on, as UTC intervals: its wall-clock rules read in the site's timezone.

Pure (standard library and zoneinfo). Rules of CONTRACT §7:
- recurring: each local date in [start_date, end_date] whose weekday is in days_of_week
  (0 = Sunday) opens a window [start_time, end_time); a window with start_time > end_time
  crosses midnight and belongs to the day it starts on; start_time == end_time lasts 24 hours;
  a missing start_time is 00:00 and a missing end_time the next midnight (all day).
- one-shot: [start_date + start_time, end_date + end_time); a missing date leaves that side
  open, a missing start_time is 00:00, a missing end_time the end of end_date.
- wall-clock times hold across DST: 08:00 is 08:00 local whatever the UTC offset that day.

Local times that DST makes odd (the one decision, documented in the README too):
- a time that does not exist (spring forward, 02:30 in Paris on 2026-03-29) is the first
  instant after the gap, when clocks show 03:00: a window opening at 02:30 opens at 03:00,
  one closing at 02:30 closes at 03:00, and a window lying wholly inside the gap is empty
  that day. This keeps wall time -> instant monotonic, so no window ever runs backwards.
- a time that occurs twice (fall back, 02:30 in Paris on 2026-10-25) is its first
  occurrence (RFC 5545's rule; Python's fold=0): a window 02:00-03:00 that night lasts the
  two real hours during which the clock reads 02:xx.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MIDNIGHT = time(0, 0)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ScheduleRule:
    """A schedule's fields as the engine needs them. Times are local to the site."""

    id: int
    playlist_id: int
    priority: int = 50
    is_interruption: bool = False
    is_recurring: bool = True
    updated_at: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    start_date: date | None = None
    end_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    days_of_week: frozenset[int] = field(default_factory=lambda: frozenset(range(7)))
    name: str = ""


def weekday_of(day: date) -> int:
    """0 = Sunday ... 6 = Saturday (the spec's numbering; Python's Monday is 0)."""
    return (day.weekday() + 1) % 7


@lru_cache(maxsize=65536)
def wall_to_utc(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant a wall clock in `zone` shows `day clock` (see the module docstring for
    times that do not exist or occur twice)."""
    local = datetime.combine(day, clock, tzinfo=zone)  # fold=0: the first occurrence
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant
    # In a gap. fold=0 reads it with the offset before the jump (an instant after it),
    # fold=1 with the offset after (an instant before it): the jump lies between.
    before = local.replace(fold=1).astimezone(UTC)
    after = instant
    if before > after:
        before, after = after, before
    offset_before = before.astimezone(zone).utcoffset()
    low, high = int(before.timestamp()), int(after.timestamp())
    while high - low > 1:  # offsets change on whole seconds: bisect seconds
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == offset_before:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def occurrence_on(rule: ScheduleRule, day: date, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The window a recurring rule opens on local date `day`, or None (not that day, or empty)."""
    if rule.start_date is not None and day < rule.start_date:
        return None
    if rule.end_date is not None and day > rule.end_date:
        return None
    if weekday_of(day) not in rule.days_of_week:
        return None
    begin_clock = rule.start_time or MIDNIGHT
    start = wall_to_utc(day, begin_clock, zone)
    if rule.end_time is None:
        end = wall_to_utc(day + ONE_DAY, MIDNIGHT, zone)
    elif rule.end_time > begin_clock:
        end = wall_to_utc(day, rule.end_time, zone)
    else:  # crosses midnight (or the same time: 24 hours)
        end = wall_to_utc(day + ONE_DAY, rule.end_time, zone)
    return (start, end) if end > start else None


def one_shot_bounds(rule: ScheduleRule, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """[start, end) of a one-shot rule; None is an open side."""
    start = None
    if rule.start_date is not None:
        start = wall_to_utc(rule.start_date, rule.start_time or MIDNIGHT, zone)
    end = None
    if rule.end_date is not None:
        if rule.end_time is None:
            end = wall_to_utc(rule.end_date + ONE_DAY, MIDNIGHT, zone)
        else:
            end = wall_to_utc(rule.end_date, rule.end_time, zone)
    return start, end


def is_active(rule: ScheduleRule, zone: ZoneInfo, at: datetime) -> bool:
    if not rule.is_recurring:
        start, end = one_shot_bounds(rule, zone)
        return (start is None or start <= at) and (end is None or at < end)
    today = local_date(at, zone)
    # A window is at most 25 hours and starts on its own local date: only the windows of
    # today and yesterday can hold `at`.
    for day in (today - ONE_DAY, today):
        window = occurrence_on(rule, day, zone)
        if window is not None and window[0] <= at < window[1]:
            return True
    return False


def intervals(
    rule: ScheduleRule, zone: ZoneInfo, start: datetime, end: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """The rule's windows that meet [start, end), clipped to it, in order."""
    if not rule.is_recurring:
        begin, finish = one_shot_bounds(rule, zone)
        lo = start if begin is None else max(start, begin)
        hi = end if finish is None else min(end, finish)
        if lo < hi:
            yield lo, hi
        return
    day = local_date(start, zone) - ONE_DAY
    last = local_date(end, zone)
    if rule.start_date is not None and day < rule.start_date:
        day = rule.start_date
    if rule.end_date is not None and last > rule.end_date:
        last = rule.end_date
    while day <= last:
        window = occurrence_on(rule, day, zone)
        if window is not None:
            lo, hi = max(start, window[0]), min(end, window[1])
            if lo < hi:
                yield lo, hi
        day += ONE_DAY
