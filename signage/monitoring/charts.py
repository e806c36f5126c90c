"""Small line charts as SVG polylines, drawn on the server (the console's CSP allows no inline
style and no inline script; SVG attributes are neither). Pure: standard library only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Chart:
    lines: list[str]  # each a `points` attribute: "x,y x,y ..."
    maximum: float  # the value at the top edge
    start: datetime
    end: datetime


def line_chart(
    series: Sequence[tuple[datetime, float | None]],
    start: datetime,
    end: datetime,
    *,
    width: int = 600,
    height: int = 120,
    break_after: timedelta | None = None,
) -> Chart:
    """`series` in time order, on [start, end] × [0, max]. A missing value, or a gap longer than
    `break_after`, starts a new line: a silence is not drawn as a slope."""
    values = [v for _, v in series if v is not None]
    top = max(values) * 1.1 if values and max(values) > 0 else 1.0
    span = (end - start).total_seconds() or 1.0
    lines: list[str] = []
    current: list[str] = []
    previous: datetime | None = None
    for at, value in series:
        gap = previous is not None and break_after is not None and at - previous > break_after
        if value is None or gap:
            if len(current) > 1:
                lines.append(" ".join(current))
            current = []
        if value is not None:
            x = min(max((at - start).total_seconds() / span, 0.0), 1.0) * width
            y = height - min(max(value / top, 0.0), 1.0) * height
            current.append(f"{x:.1f},{y:.1f}")
        previous = at
    if len(current) > 1:
        lines.append(" ".join(current))
    return Chart(lines=lines, maximum=top, start=start, end=end)
