"""The monitoring panel of a screen's page: status history, last screenshot, recent heartbeats
with a memory and uptime chart, errors, commands. Every query is bounded by the screen and a
time window or a row limit, on the (screen_id, timestamp|created_at|taken_at) indexes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from signage.extensions import db
from signage.models import Screen, ScreenCommand, ScreenHeartbeat, ScreenScreenshot
from signage.monitoring.charts import line_chart
from signage.monitoring.presence import thresholds_of
from signage.monitoring.screenshots import image_url
from signage.monitoring.status_rules import status_history

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
    beats = list(
        reversed(
            db.session.execute(
                select(
                    ScreenHeartbeat.timestamp,
                    ScreenHeartbeat.is_visible,
                    ScreenHeartbeat.error_message,
                    ScreenHeartbeat.memory_usage_mb,
                    ScreenHeartbeat.uptime,
                    ScreenHeartbeat.connection_type,
                    ScreenHeartbeat.current_media_name,
                )
                .where(ScreenHeartbeat.screen_id == screen.id, ScreenHeartbeat.timestamp >= start)
                .order_by(ScreenHeartbeat.timestamp.desc())
                .limit(MAX_BEATS)
            ).all()
        )
    )
    history = status_history(((b.timestamp, b.is_visible, b.error_message) for b in beats), now, limits)
    last_shot = db.session.scalar(
        select(ScreenScreenshot)
        .where(ScreenScreenshot.screen_id == screen.id)
        .order_by(ScreenScreenshot.taken_at.desc(), ScreenScreenshot.id.desc())
        .limit(1)
    )
    commands = db.session.scalars(
        select(ScreenCommand)
        .where(ScreenCommand.screen_id == screen.id)
        .order_by(ScreenCommand.created_at.desc(), ScreenCommand.id.desc())
        .limit(COMMANDS)
    ).all()
    return {
        "window_hours": int(WINDOW.total_seconds() // 3600),
        "history": list(reversed(history))[:PERIODS],
        "recent_beats": list(reversed(beats[-RECENT:])),
        "errors": [b for b in reversed(beats) if b.error_message][:RECENT],
        "memory_chart": line_chart(
            [(b.timestamp, b.memory_usage_mb) for b in beats], start, now, break_after=limits.offline_after
        ),
        "uptime_chart": line_chart(
            [(b.timestamp, None if b.uptime is None else b.uptime / 3600) for b in beats],
            start,
            now,
            break_after=limits.offline_after,
        ),
        "last_shot": last_shot,
        "last_shot_url": image_url(last_shot) if last_shot else None,
        "commands": commands,
    }
