"""What an audit entry records of a changed row (pure): which tables and fields, values in
JSON, secrets hidden."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

HIDDEN = "********"
# Telemetry and bookkeeping: written by players, jobs or the sign-in itself, in volume.
NOT_AUDITED = frozenset(
    {
        "audit_log",
        "screen_heartbeats",
        "proof_of_play",
        "screen_incidents",
        "login_failures",
        "user_sessions",
        "screen_screenshots",
        "pairings",
        "pairing_failures",
        "screen_days",
        "play_days",
        "player_errors",
        "notifications",
    }
)
# Fields that change on their own or say nothing to a reader of the log.
IGNORED_FIELDS = frozenset(
    {"updated_at", "last_used_at", "last_seen_at", "version", "last_data", "last_fetched", "last_error"}
)
TEXT_MAX = 500


def is_secret(field: str) -> bool:
    name = field.lower()
    return name.endswith("_hash") or "password" in name or "token" in name or "secret" in name


def json_value(value: Any) -> Any:
    """A value as the log stores it: JSON types, long text cut."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return json_value(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    text = str(value)
    return text if len(text) <= TEXT_MAX else text[:TEXT_MAX] + "…"


def shown(field: str, value: Any) -> Any:
    """The value of `field` for the log: secrets hidden (a data source's header values too)."""
    if is_secret(field) and value is not None:
        return HIDDEN
    if isinstance(value, Mapping) and isinstance(value.get("headers"), Mapping):
        value = {**value, "headers": {name: HIDDEN for name in value["headers"]}}
    return json_value(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose shown values differ."""
    out: dict[str, list[Any]] = {}
    for field in sorted(set(before) | set(after)):
        if field in IGNORED_FIELDS:
            continue
        old, new = shown(field, before.get(field)), shown(field, after.get(field))
        if old != new or (is_secret(field) and before.get(field) != after.get(field)):
            out[field] = [old, new]
    return out


def snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    return {f: shown(f, v) for f, v in sorted(values.items()) if f not in IGNORED_FIELDS}
