"""Monitoring on the wire: commands, their status events, screenshots, plays and uptime as
the console API and the admin sockets carry them. (A screen's status payload lives with
presence, signage.monitoring.presence.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from signage.core.wire import iso, ref
from signage.models import CommandStatus, PlayerError, ProofOfPlay, ScreenCommand, ScreenScreenshot
from signage.monitoring.rollup_queries import Availability, Plays
from signage.monitoring.rollup_rules import percent
from signage.urls import public_url


def command_json(command: ScreenCommand) -> dict[str, Any]:
    return {
        "id": str(command.id),
        "screenId": str(command.screen_id),
        "command": command.command.value,
        "payload": command.payload or {},
        "status": command.status.value,
        "error": command.error,
        "createdAt": iso(command.created_at),
        "sentAt": iso(command.sent_at),
        "acknowledgedAt": iso(command.acknowledged_at),
        "sentBy": str(command.sent_by) if command.sent_by else None,
    }


def command_accepted_json(command_id: int) -> dict[str, Any]:
    """The 202 of POST /screens/{id}/command: accepted, not yet done."""
    return {"id": str(command_id), "status": CommandStatus.PENDING.value}


def command_status_json(command: ScreenCommand) -> dict[str, Any]:
    """`admin:command_status`."""
    return command_status_payload(command.id, command.screen_id, command.status)


def command_status_payload(command_id: int, screen_id: int, status: CommandStatus) -> dict[str, Any]:
    return {"commandId": str(command_id), "screenId": str(screen_id), "status": status.value}


def image_url(shot: ScreenScreenshot) -> str | None:
    return public_url("api_admin.screen_screenshot_image", screen_id=shot.screen_id, screenshot_id=shot.id)


def screenshot_json(shot: ScreenScreenshot) -> dict[str, Any]:
    return {
        "id": str(shot.id),
        "screenId": str(shot.screen_id),
        "commandId": str(shot.command_id) if shot.command_id else None,
        "takenAt": iso(shot.taken_at),
        "width": shot.width,
        "height": shot.height,
        "fileSizeBytes": shot.file_size_bytes,
        "url": image_url(shot),
    }


def screenshot_ready_json(shot: ScreenScreenshot) -> dict[str, Any]:
    """`admin:screenshot_ready`."""
    return {
        "screenId": str(shot.screen_id),
        "commandId": str(shot.command_id),
        "url": image_url(shot),
        "takenAt": iso(shot.taken_at),
    }


def play_json(row: Any) -> dict[str, Any]:
    """A row of signage.monitoring.queries.plays."""
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


def uptime_report_json(start: datetime, end: datetime, rows: list[Any], total: int) -> dict[str, Any]:
    """`rows`: signage.monitoring.reports.Uptime, one per screen of the page."""
    items: list[dict[str, Any]] = [
        {
            "screenId": str(row.screen.id),
            "screenName": row.screen.name,
            "siteId": str(row.screen.site_id),
            "onlineSeconds": row.online_seconds,
            "uptimePercent": row.percent,
        }
        for row in rows
    ]
    return {"from": iso(start), "to": iso(end), "items": items, "total": total}


def player_error_json(error: PlayerError, screen_name: str | None) -> dict[str, Any]:
    """A stored playback error: one row per screen, hour and distinct error, with its count."""
    return {
        "id": str(error.id),
        "screenId": str(error.screen_id),
        "screenName": screen_name,
        "hour": iso(error.hour),
        "type": error.type,
        "mediaId": ref(error.media_id),
        "message": error.message,
        "count": error.count,
        "firstAt": iso(error.first_at),
        "lastAt": iso(error.last_at),
    }


def availability_json(result: Availability) -> dict[str, Any]:
    """/reports/availability: per local day (for the chart) and per screen (for the table)."""
    days = [
        {
            "day": d.isoformat(),
            "onlineSeconds": round(o, 1),
            "coveredSeconds": c,
            "uptimePercent": percent(o, c),
        }
        for d, o, c in result.days
    ]
    screens = [
        {
            "screenId": str(s.screen_id),
            "screenName": s.name,
            "siteId": str(s.site_id),
            "onlineSeconds": round(s.online_seconds, 1),
            "coveredSeconds": s.covered_seconds,
            "uptimePercent": s.uptime_percent,
            "heartbeats": s.heartbeats,
            "plays": s.plays,
            "errors": s.errors,
            "incidents": s.incidents,
            "longestOutageSeconds": s.longest_outage_seconds,
        }
        for s in result.screens
    ]
    return {"days": days, "screens": screens}


def plays_by_day_json(result: Plays) -> dict[str, Any]:
    return {
        "days": [{"day": d.isoformat(), "plays": n, "seconds": round(s, 1)} for d, n, s in result.days],
        "topMedia": [
            {"mediaId": ref(m), "mediaName": name, "plays": n, "seconds": round(s, 1)}
            for m, name, n, s in result.top_media
        ],
        "byScreen": [
            {"screenId": str(sid), "screenName": name, "plays": n, "seconds": round(s, 1)}
            for sid, name, n, s in result.by_screen
        ],
    }
