"""The alerts' periodic job (signage.jobs.periodic)."""

from __future__ import annotations

from datetime import datetime

from signage.alerts import delivery
from signage.jobs.context import periodic


@periodic
def apply_windows(moment: datetime) -> dict[str, list[int]]:
    """alert-windows: show the alerts whose startAt arrived, hide those whose endAt passed."""
    return delivery.apply_windows(moment)
