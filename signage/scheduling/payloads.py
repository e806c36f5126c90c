"""Schedules, their warnings, previews and the player's schedule as the API shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from signage.alerts.payloads import show_payload
from signage.core.wire import iso, ref
from signage.models import Schedule, Screen
from signage.scheduling.candidates import zone_of
from signage.scheduling.resolution import Explanation
from signage.scheduling.schedules import OverlapWarning
from signage.scheduling.screen_schedule import PlayerSchedule


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": str(schedule.id),
        "name": schedule.name,
        "targetType": schedule.target_type.value,
        "targetId": str(schedule.target_id),
        "playlistId": str(schedule.playlist_id),
        "priority": schedule.priority,
        "startDate": _day(schedule.start_date),
        "endDate": _day(schedule.end_date),
        "startTime": schedule.start_time,
        "endTime": schedule.end_time,
        "daysOfWeek": sorted(schedule.days_of_week or []),
        "isRecurring": schedule.is_recurring,
        "isInterruption": schedule.is_interruption,
        "isEnabled": schedule.is_enabled,
        "createdAt": iso(schedule.created_at),
        "updatedAt": iso(schedule.updated_at),
        "createdBy": ref(schedule.created_by),
    }


def warning_json(warning: OverlapWarning) -> dict[str, Any]:
    return {
        "code": "equal_priority_overlap",
        "scheduleId": str(warning.schedule_id),
        "message": warning.message,
    }


def saved_json(schedule: Schedule, warnings: list[OverlapWarning]) -> dict[str, Any]:
    """A create/update answer: the schedule, plus `warnings` (CONTRACT §7.3; empty when none)."""
    return {**schedule_json(schedule), "warnings": [warning_json(w) for w in warnings]}


def explanation_json(explanation: Explanation, versions: dict[int, int]) -> dict[str, Any]:
    winner = explanation.winner
    return {
        "at": iso(explanation.at),
        "playlist": None
        if winner is None
        else {
            "id": str(winner.playlist_id),
            "version": versions.get(winner.playlist_id),
            "scheduleId": str(winner.id),
            "isInterruption": winner.is_interruption,
        },
        "nextChangeAt": iso(explanation.next_change_at),
        "candidates": [
            {
                "scheduleId": str(v.rule.id),
                "name": v.rule.name,
                "playlistId": str(v.rule.playlist_id),
                "priority": v.rule.priority,
                "isInterruption": v.rule.is_interruption,
                "updatedAt": iso(v.rule.updated_at),
                "active": v.active,
                "winner": v.winner,
                "reason": v.reason,
                "message": v.message,
            }
            for v in explanation.verdicts
        ],
    }


def preview_json(
    screen: Screen, at: datetime, explanation: Explanation, versions: dict[int, int]
) -> dict[str, Any]:
    """GET /screens/{id}/preview: `localTime` is the instant on the site's wall clock."""
    return {
        "screenId": str(screen.id),
        "timezone": screen.site.timezone,
        "localTime": at.astimezone(zone_of(screen.site)).isoformat(timespec="seconds"),
        **explanation_json(explanation, versions),
    }


def schedule_body(schedule: PlayerSchedule) -> dict[str, Any]:
    """The player's schedule without `screenId` and `serverTime` (CONTRACT §5)."""
    current = schedule.current
    playlist = None
    if current is not None and current.winner is not None:
        playlist = {
            "id": str(current.winner.playlist_id),
            "version": schedule.versions.get(current.winner.playlist_id),
            "scheduleId": str(current.winner.id),
            "isInterruption": current.winner.is_interruption,
        }
    return {
        "playlist": playlist,
        "upcoming": [
            {
                "playlistId": str(s.winner.playlist_id),
                "version": schedule.versions.get(s.winner.playlist_id),
                "scheduleId": str(s.winner.id),
                "start": iso(s.start),
                "end": iso(s.end),
            }
            for s in schedule.upcoming
            if s.winner is not None
        ],
        "alerts": [show_payload(alert) for alert in schedule.alerts],
    }
