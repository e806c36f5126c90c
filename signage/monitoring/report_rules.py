"""The arithmetic of reports. Pure: standard library only.

Uptime rule: a heartbeat proves the screen was online from its timestamp until the next
heartbeat, for at most HEARTBEAT_COVERS (a player beats every 30 s; a gap longer than the
"late" threshold counts as offline from the point the next beat was due). The covered time
is clipped to the report's period; uptimePercent = onlineSeconds / period length. Heartbeats
are kept 7 days, so a period reaching further back counts the older part as offline.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

HEARTBEAT_COVERS = timedelta(seconds=90)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Text for a CSV cell that a spreadsheet shows as text, never runs."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text  # numbers (even negative ones) stay numbers
    return "'" + text if text.startswith(FORMULA_START) else text


def _overlap(a: datetime, b: datetime, start: datetime, end: datetime) -> float:
    return max(0.0, (min(b, end) - max(a, start)).total_seconds())


def online_seconds(
    timestamps: Iterable[datetime], start: datetime, end: datetime, covers: timedelta = HEARTBEAT_COVERS
) -> float:
    """Seconds of [start, end) covered by heartbeats at `timestamps` (ascending)."""
    total = 0.0
    previous: datetime | None = None
    for moment in timestamps:
        if previous is not None:
            total += _overlap(previous, min(moment, previous + covers), start, end)
        previous = moment
    if previous is not None:
        total += _overlap(previous, previous + covers, start, end)
    return total


def uptime_percent(seconds: float, start: datetime, end: datetime) -> float:
    period = (end - start).total_seconds()
    return round(min(100.0, 100.0 * seconds / period), 2) if period > 0 else 0.0


def csv_text(header: list[str], rows: Iterable[list[object]]) -> str:
    """A small CSV document (a report's table), every cell made safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def wall_clock(instant: datetime | None, zone: str | None) -> datetime | None:
    """`instant` as the naive time a clock in `zone` showed (what a spreadsheet cell holds, as
    it has no time zones); an unknown zone reads as UTC."""
    if instant is None:
        return None
    try:
        where = ZoneInfo(zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        where = ZoneInfo("UTC")
    return instant.astimezone(where).replace(tzinfo=None)
