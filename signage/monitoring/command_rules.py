"""Remote commands (CONTRACT §6): which event each one sends, what payload it takes, and
when an undelivered one gives up. Pure: standard library and signage.core only."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from signage.core.errors import N_, Text

# Command → the Socket.IO event the player receives in its room.
EVENTS = {
    "SCREENSHOT": "player:screenshot",
    "RELOAD": "player:refresh",
    "RESTART_BROWSER": "player:restart_browser",
    "REBOOT": "player:reboot",
    "PLAYLIST_RELOAD": "playlist:reload",
    "CACHE_CLEAR": "cache:clear",
    "ALERT_SHOW": "alert:show",
    "ALERT_HIDE": "alert:hide",
    "VOLUME_SET": "volume:set",
}
# A command queued for a screen with no live socket is delivered when it reconnects, if it
# is younger than this; older, it fails (a reboot an hour late would surprise everyone).
DELIVERY_WINDOW = timedelta(minutes=10)
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DISPLAY_MODES = ("BANNER", "FULLSCREEN")


def _id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and 0 < len(value) <= 10:
        return value
    return None


def payload_problems(command: str, payload: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The payload to send with the event, or the problems keyed `payload.field`."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        return {}, {"payload": N_("Must be an object.")}
    allowed: dict[str, tuple[str, ...]] = {
        "VOLUME_SET": ("level",),
        "PLAYLIST_RELOAD": ("playlistId", "version"),
        "ALERT_SHOW": ("id", "title", "content", "displayMode", "backgroundColor", "textColor"),
        "ALERT_HIDE": ("id",),
    }
    problems = {
        f"payload.{key}": N_("Unknown field.") for key in payload if key not in allowed.get(command, ())
    }
    clean: dict[str, Any] = {}
    if command == "VOLUME_SET":
        level = payload.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 100:
            problems["payload.level"] = N_("Required: a whole number from 0 to 100.")
        else:
            clean["level"] = level
    elif command == "PLAYLIST_RELOAD":
        if "playlistId" in payload:
            playlist_id = _id(payload["playlistId"])
            if playlist_id is None:
                problems["payload.playlistId"] = N_("Must be a playlist id.")
            clean["playlistId"] = playlist_id
        if "version" in payload:
            version = payload["version"]
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                problems["payload.version"] = N_("Must be a version number.")
            clean["version"] = version
    elif command in ("ALERT_SHOW", "ALERT_HIDE"):
        alert_id = _id(payload.get("id"))
        if alert_id is None:
            problems["payload.id"] = N_("Required: the alert's id.")
        clean["id"] = alert_id
        if command == "ALERT_SHOW":
            for key, limit in (("title", 200), ("content", 5000)):
                value = payload.get(key)
                if not isinstance(value, str) or not value.strip() or len(value) > limit:
                    problems[f"payload.{key}"] = Text(
                        N_("Required: text of 1 to %(limit)s characters."), limit=limit
                    )
                clean[key] = value
            mode = payload.get("displayMode", "BANNER")
            if mode not in DISPLAY_MODES:
                problems["payload.displayMode"] = N_("Must be BANNER or FULLSCREEN.")
            clean["displayMode"] = mode
            for key, default in (("backgroundColor", "#b91c1c"), ("textColor", "#ffffff")):
                color = payload.get(key, default)
                if not isinstance(color, str) or not COLOR.match(color):
                    problems[f"payload.{key}"] = N_("A colour as #rgb or #rrggbb.")
                clean[key] = color
    return (clean, {}) if not problems else ({}, problems)


def expired(created_at: datetime, now: datetime) -> bool:
    return now - created_at > DELIVERY_WINDOW
