"""Daily rollups per screen (issue 17): availability from heartbeats, plays per media and
playlist, errors — written by the hourly `rollup-days` job, read by the reports beyond the
raw rows' retention (heartbeats go after 7 days, rollups stay ROLLUP_RETENTION_DAYS).

Each run computes the last RECOMPUTE_DAYS local days of every screen again from the raw rows
and replaces their rollups, so re-running a period gives the same numbers, and plays that
arrive late from an offline kiosk are counted on the day they were played.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import groupby

from flask import current_app
from sqlalchemy import delete, func, insert, select

from signage.extensions import db
from signage.jobs.context import periodic
from signage.models import PlayDay, PlayerError, ProofOfPlay, Screen, ScreenDay, ScreenHeartbeat, Site
from signage.monitoring.report_rules import HEARTBEAT_COVERS, online_seconds
from signage.monitoring.rollup_rules import day_bounds, days_to_compute, elapsed_seconds

log = logging.getLogger(__name__)

# Playback errors are raw rows like heartbeats: kept as long.
PLAYER_ERRORS_KEPT = timedelta(days=7)


def _screens_by_zone() -> dict[str, list[int]]:
    rows = db.session.execute(select(Screen.id, Site.timezone).join(Site, Site.id == Screen.site_id))
    zones: dict[str, list[int]] = defaultdict(list)
    for screen_id, zone in rows:
        zones[zone or "UTC"].append(screen_id)
    return zones


def roll_up_day(screen_ids: list[int], zone: str, day: date, moment: datetime) -> int:
    """Replace the rollups of `day` (local to `zone`) for these screens; returns rows written."""
    start, end = day_bounds(day, zone)
    until = min(end, moment)
    beats = db.session.execute(
        select(ScreenHeartbeat.screen_id, ScreenHeartbeat.timestamp)
        .where(
            ScreenHeartbeat.screen_id.in_(screen_ids),
            ScreenHeartbeat.timestamp >= start - HEARTBEAT_COVERS,
            ScreenHeartbeat.timestamp < end,
        )
        .order_by(ScreenHeartbeat.screen_id, ScreenHeartbeat.timestamp)
        .execution_options(yield_per=5000)
    )
    online: dict[int, float] = {}
    counted: dict[int, int] = {}
    for screen_id, rows in groupby(beats, key=lambda row: row[0]):
        stamps = [row[1] for row in rows]
        online[screen_id] = online_seconds(stamps, start, until)
        counted[screen_id] = sum(1 for stamp in stamps if stamp >= start)
    plays = db.session.execute(
        select(
            ProofOfPlay.screen_id,
            ProofOfPlay.media_id,
            ProofOfPlay.playlist_id,
            func.count(),
            func.coalesce(func.sum(ProofOfPlay.duration_seconds), 0.0),
        )
        .where(
            ProofOfPlay.screen_id.in_(screen_ids), ProofOfPlay.played_at >= start, ProofOfPlay.played_at < end
        )
        .group_by(ProofOfPlay.screen_id, ProofOfPlay.media_id, ProofOfPlay.playlist_id)
    ).all()
    errors = dict(
        db.session.execute(
            select(PlayerError.screen_id, func.sum(PlayerError.count))
            .where(PlayerError.screen_id.in_(screen_ids), PlayerError.hour >= start, PlayerError.hour < end)
            .group_by(PlayerError.screen_id)
        ).all()
    )
    per_screen: dict[int, tuple[int, float]] = defaultdict(lambda: (0, 0.0))
    for screen_id, _media, _playlist, count, seconds in plays:
        total_count, total_seconds = per_screen[screen_id]
        per_screen[screen_id] = (total_count + count, total_seconds + float(seconds))
    length = elapsed_seconds(day, zone, moment)
    db.session.execute(delete(ScreenDay).where(ScreenDay.day == day, ScreenDay.screen_id.in_(screen_ids)))
    db.session.execute(delete(PlayDay).where(PlayDay.day == day, PlayDay.screen_id.in_(screen_ids)))
    days = [
        {
            "screen_id": screen_id,
            "day": day,
            "zone": zone,
            "length_seconds": length,
            "online_seconds": round(online.get(screen_id, 0.0), 1),
            "heartbeats": counted.get(screen_id, 0),
            "plays": per_screen[screen_id][0],
            "play_seconds": round(per_screen[screen_id][1], 1),
            "errors": int(errors.get(screen_id) or 0),
            "computed_at": moment,
        }
        for screen_id in screen_ids
    ]
    if days:
        db.session.execute(insert(ScreenDay), days)
    rows = [
        {
            "day": day,
            "screen_id": s,
            "media_id": m,
            "playlist_id": p,
            "plays": c,
            "seconds": round(float(t), 1),
        }
        for s, m, p, c, t in plays
    ]
    if rows:
        db.session.execute(insert(PlayDay), rows)
    db.session.commit()
    return len(days) + len(rows)


@periodic
def roll_up_days(moment: datetime) -> int:
    """rollup-days: the last local days of every screen, then the retention."""
    written = 0
    for zone, screen_ids in _screens_by_zone().items():
        # RECOMPUTE_DAYS stays inside the heartbeats' 7 days: no day is computed again once
        # its beats are gone, so a final rollup is never overwritten with zeros.
        for day in days_to_compute(moment, zone):
            written += roll_up_day(screen_ids, zone, day, moment)
    keep = current_app.config["SIGNAGE"].rollup_retention_days
    oldest = (moment - timedelta(days=keep)).date()
    db.session.execute(delete(ScreenDay).where(ScreenDay.day < oldest))
    db.session.execute(delete(PlayDay).where(PlayDay.day < oldest))
    db.session.execute(delete(PlayerError).where(PlayerError.hour < moment - PLAYER_ERRORS_KEPT))
    db.session.commit()
    log.info("rollup-days: %d rows written", written)
    return written
