"""The monitoring panel of a screen's page: status history, last screenshot, recent heartbeats
with a memory and uptime chart (their points as JSON in the page, drawn by Chart.js:
static/console/src/screen-charts.js), errors, commands. Every query is bounded by the screen and a
time window or a row limit, on the (screen_id, timestamp|created_at|taken_at) indexes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app

from signage.models import Screen
from signage.monitoring.payloads import image_url
from signage.monitoring.presence import thresholds_of
from signage.monitoring.queries import latest_commands, latest_screenshot, recent_heartbeats
from signage.monitoring.status_rules import status_history
from signage.web.i18n import user_zone

WINDOW = timedelta(hours=24)
# A beat every 30 s for 24 h, with room for a player that beat faster.
MAX_BEATS = 4000
RECENT = 10
COMMANDS = 20
PERIODS = 20


def screen_monitoring(screen: Screen, now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    start = now - WINDOW
    limits = thresholds_of(current_app.config["SIGNAGE"])
    beats = recent_heartbeats(screen.id, start, MAX_BEATS)
    history = status_history(((b.timestamp, b.is_visible, b.error_message) for b in beats), now, limits)
    last_shot = latest_screenshot(screen.id)
    commands = latest_commands(screen.id, COMMANDS)
    return {
        "window_hours": int(WINDOW.total_seconds() // 3600),
        "history": list(reversed(history))[:PERIODS],
        "recent_beats": list(reversed(beats[-RECENT:])),
        "errors": [b for b in reversed(beats) if b.error_message][:RECENT],
        "charts": {
            "start": _ms(start),
            "end": _ms(now),
            # A silence longer than this is a gap in the line, not a slope.
            "breakAfter": int(limits.offline_after.total_seconds() * 1000),
            "zone": user_zone().key,
            "memory": [[_ms(b.timestamp), b.memory_usage_mb] for b in beats],
            "uptime": [[_ms(b.timestamp), _hours(b.uptime)] for b in beats],
        },
        "has_memory": any(b.memory_usage_mb is not None for b in beats),
        "has_uptime": any(b.uptime is not None for b in beats),
        "last_shot": last_shot,
        "last_shot_url": image_url(last_shot) if last_shot else None,
        "commands": commands,
    }


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _hours(seconds: int | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)
