"""Wire formats every payload shares (CONTRACT §1): times in UTC with a Z, ids as strings."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z (CONTRACT §1)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def ref(value: int | None) -> str | None:
    """An optional row id as the API shows it: a string, or null."""
    return None if value is None else str(value)
