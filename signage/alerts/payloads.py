"""Alerts on the wire: `alert:show` as the screens get it, alerts and their deliveries as the
console API shows them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from signage.alerts.rules import state
from signage.core.wire import iso
from signage.models import Alert, ScreenCommand


def show_payload(alert: Alert) -> dict[str, Any]:
    """The spec's `alert:show` fields (the player adds nothing but the commandId)."""
    return {
        "id": str(alert.id),
        "title": alert.title,
        "content": alert.content,
        "displayMode": alert.display_mode.value,
        "backgroundColor": alert.background_color,
        "textColor": alert.text_color,
    }


def alert_json(alert: Alert, now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    return {
        **show_payload(alert),  # what the screens get, then what only the console needs
        "targetType": alert.target_type.value,
        "targetId": None if alert.target_id is None else str(alert.target_id),
        "startAt": iso(alert.start_at),
        "endAt": iso(alert.end_at),
        "isActive": alert.is_active,
        # INACTIVE | SCHEDULED | LIVE | ENDED: whether screens show it now.
        "state": state(alert.is_active, alert.start_at, alert.end_at, now).value,
        "createdAt": iso(alert.created_at),
        "createdBy": None if alert.created_by is None else str(alert.created_by),
    }


def delivery_json(command: ScreenCommand, screen_name: str | None) -> dict[str, Any]:
    return {
        "screenId": str(command.screen_id),
        "screenName": screen_name,
        "commandId": str(command.id),
        "command": command.command.value,
        "status": command.status.value,
        "sentAt": iso(command.sent_at),
        "acknowledgedAt": iso(command.acknowledged_at),
        "error": command.error,
    }
