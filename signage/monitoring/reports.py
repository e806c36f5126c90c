"""The reports of CONTRACT §9: proof of play (filtered, paged or streamed) and uptime per
screen computed from the heartbeats (rule in signage.monitoring.report_rules)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from signage.core.wire import iso, ref
from signage.extensions import db
from signage.models import Media, Playlist, ProofOfPlay, Screen, ScreenHeartbeat, Site
from signage.monitoring.report_rules import HEARTBEAT_COVERS, csv_cell, online_seconds, uptime_percent

PLAY_COLUMNS = (
    "playedAt",
    "durationSeconds",
    "screenId",
    "screenName",
    "siteId",
    "siteName",
    "mediaId",
    "mediaName",
    "playlistId",
    "playlistName",
    "syncedAt",
    "receivedAt",
    "clientId",
)


def plays_query(where: list[ColumnElement[bool]]) -> Select[Any]:
    """Plays with the names of what they mention (null once deleted), newest first."""
    return (
        select(
            ProofOfPlay,
            Screen.name.label("screen_name"),
            Screen.site_id.label("site_id"),
            Site.name.label("site_name"),
            Media.name.label("media_name"),
            Playlist.name.label("playlist_name"),
        )
        .outerjoin(Screen, Screen.id == ProofOfPlay.screen_id)
        .outerjoin(Site, Site.id == Screen.site_id)
        .outerjoin(Media, Media.id == ProofOfPlay.media_id)
        .outerjoin(Playlist, Playlist.id == ProofOfPlay.playlist_id)
        .where(*where)
        .order_by(ProofOfPlay.played_at.desc(), ProofOfPlay.id.desc())
    )


def play_json(row: Any) -> dict[str, Any]:
    play: ProofOfPlay = row[0]
    return {
        "id": str(play.id),
        "clientId": play.client_id,
        "playedAt": iso(play.played_at),
        "durationSeconds": play.duration_seconds,
        "screenId": ref(play.screen_id),
        "screenName": row.screen_name,
        "siteId": ref(row.site_id),
        "siteName": row.site_name,
        "mediaId": ref(play.media_id),
        "mediaName": row.media_name,
        "playlistId": ref(play.playlist_id),
        "playlistName": row.playlist_name,
        "syncedAt": iso(play.synced_at),
        "receivedAt": iso(play.received_at),
    }


def plays_csv(query: Select[Any]) -> Iterator[str]:
    """The header, then one line per play, read from the database in slices."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(v) for v in values])
        return buffer.getvalue()

    yield line(list(PLAY_COLUMNS))
    for row in db.session.execute(query.execution_options(yield_per=500)):
        body = play_json(row)
        yield line([body[column] for column in PLAY_COLUMNS])


@dataclass(frozen=True)
class Uptime:
    screen: Screen
    online_seconds: float
    percent: float


def uptime(screens: list[Screen], start: datetime, end: datetime) -> list[Uptime]:
    """Each screen's online time over [start, end), from its heartbeats."""
    seconds = {screen.id: 0.0 for screen in screens}
    if screens:
        stamps = db.session.execute(
            select(ScreenHeartbeat.screen_id, ScreenHeartbeat.timestamp)
            .where(
                ScreenHeartbeat.screen_id.in_(list(seconds)),
                # A beat just before the period still covers its first seconds.
                ScreenHeartbeat.timestamp >= start - HEARTBEAT_COVERS,
                ScreenHeartbeat.timestamp < end,
            )
            .order_by(ScreenHeartbeat.screen_id, ScreenHeartbeat.timestamp)
            .execution_options(yield_per=5000)
        )
        for screen_id, rows in groupby(stamps, key=lambda row: row[0]):
            seconds[screen_id] = online_seconds((row[1] for row in rows), start, end)
    return [
        Uptime(screen, round(seconds[screen.id], 1), uptime_percent(seconds[screen.id], start, end))
        for screen in screens
    ]
