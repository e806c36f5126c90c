"""Which local days a rollup covers, and their bounds in UTC (pure).

A report's "day" is the screen's: midnight to midnight in its site's timezone, so a day is 23
or 25 hours long when the clocks change, and a screen in Paris and one in Montréal each have
their own 1 March.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Plays reach the server late from a kiosk's offline outbox (up to 72 h), so the last few
# local days are computed again at each run; older ones are final.
RECOMPUTE_DAYS = 4


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) of the local `day` in `zone`, in UTC."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end


def local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def days_to_compute(moment: datetime, zone: str, back: int = RECOMPUTE_DAYS) -> list[date]:
    """The last `back` local days up to today in `zone`, oldest first."""
    today = local_day(moment, zone)
    return [today - timedelta(days=n) for n in range(back - 1, -1, -1)]


def elapsed_seconds(day: date, zone: str, moment: datetime) -> int:
    """How much of the local `day` has passed at `moment` (its whole length once it is over)."""
    start, end = day_bounds(day, zone)
    return int(max(0.0, (min(end, moment) - start).total_seconds()))


def percent(part: float, whole: float) -> float:
    return round(min(100.0, 100.0 * part / whole), 2) if whole > 0 else 0.0
