"""A schedule's field values as clients write them: parsing and checks (CONTRACT §7).

Pure (standard library). Each parser returns (value, None) or (None, problem sentence),
so the service can gather every bad field of a request into one 422.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from signage.core.errors import N_, Text

PRIORITY_MIN, PRIORITY_MAX = 1, 100
NAME_MAX = 120
# Dates a schedule may name: wide enough for any real plan, narrow enough that date
# arithmetic around them (the day before, the day after, a year ahead) never overflows.
FIRST_DATE, LAST_DATE = date(1970, 1, 1), date(2199, 12, 31)
CLOCK_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# An ISO timestamp: a date, "T", a time, and an offset or Z (without one it names no instant).
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")


def parse_clock(raw: str) -> tuple[time | None, str | None]:
    match = CLOCK_RE.match(raw)
    if not match:
        return None, N_('Must be a time "HH:MM" (00:00 to 23:59).')
    return time(int(match.group(1)), int(match.group(2))), None


def parse_calendar_date(raw: str) -> tuple[date | None, str | None]:
    """ "YYYY-MM-DD", or an ISO timestamp whose UTC date is taken."""
    problem = N_('Must be a date "YYYY-MM-DD" (or an ISO 8601 timestamp with its offset).')
    try:
        if DATE_RE.match(raw):
            value = date.fromisoformat(raw)
        elif TIMESTAMP_RE.match(raw):
            value = datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC).date()
        else:
            return None, problem
    except (ValueError, OverflowError):
        return None, problem
    if not FIRST_DATE <= value <= LAST_DATE:
        return None, Text(
            N_("Must lie between %(first)s and %(last)s."),
            first=FIRST_DATE.isoformat(),
            last=LAST_DATE.isoformat(),
        )
    return value, None


def days_problem(days: list[object]) -> str | None:
    if not days:
        return N_("Choose at least one day (0 = Sunday ... 6 = Saturday).")
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            return N_("Each day must be a whole number from 0 (Sunday) to 6 (Saturday).")
    if len(set(days)) != len(days):
        return N_("A day appears twice.")
    return None


def priority_problem(value: int) -> str | None:
    if not PRIORITY_MIN <= value <= PRIORITY_MAX:
        return Text(
            N_("Must be between %(minimum)s and %(maximum)s."), minimum=PRIORITY_MIN, maximum=PRIORITY_MAX
        )
    return None


def date_order_problem(start: date | None, end: date | None) -> str | None:
    if start is not None and end is not None and start > end:
        return N_("The end date comes before the start date.")
    return None


def one_shot_order_problem(
    start: date | None, start_time: time | None, end: date | None, end_time: time | None
) -> str | None:
    """A one-off period must not end before it starts (same day, end time before start time)."""
    if start is None or end is None or start != end or end_time is None:
        return None
    if end_time <= (start_time or time(0, 0)):
        return N_("On a one-off schedule of a single day the end time must come after the start time.")
    return None
