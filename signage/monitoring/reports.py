"""The reports of CONTRACT §9: proof of play (filtered, paged or streamed) and uptime per
screen computed from the heartbeats (rule in signage.monitoring.report_rules)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import IO, Any

from sqlalchemy import Select, select

from signage.extensions import db
from signage.models import Screen, ScreenHeartbeat, Site
from signage.monitoring.payloads import play_json
from signage.monitoring.report_rules import (
    HEARTBEAT_COVERS,
    csv_cell,
    online_seconds,
    uptime_percent,
    wall_clock,
)
from signage.monitoring.report_sheets import workbook

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


def plays_csv(query: Select[Any]) -> Iterator[str]:
    """The header, then one line per play of `query` (signage.monitoring.queries.plays), read
    from the database in slices."""
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


def plays_xlsx(query: Select[Any]) -> IO[bytes]:
    """The rows of plays_csv as an XLSX book: the instants on the clock of each screen's site,
    named in a last column `timeZone`."""
    zones = {site: zone for site, zone in db.session.execute(select(Site.id, Site.timezone))}

    def rows() -> Iterator[list[object]]:
        for row in db.session.execute(query.execution_options(yield_per=500)):
            body = play_json(row)
            play = row[0]
            zone = zones.get(row.site_id, "UTC")
            body |= {
                "playedAt": wall_clock(play.played_at, zone),
                "syncedAt": wall_clock(play.synced_at, zone),
                "receivedAt": wall_clock(play.received_at, zone),
            }
            yield [body[column] for column in PLAY_COLUMNS] + [zone]

    return workbook("Proof of play", [*PLAY_COLUMNS, "timeZone"], rows())


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
