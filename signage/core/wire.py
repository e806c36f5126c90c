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


def parse_instant(value: str) -> datetime:
    """An ISO 8601 instant with a timezone (`Z` or an offset), as aware UTC; ValueError says
    what is wrong."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError("Must be an ISO 8601 date-time, e.g. 2026-05-01T08:00:00Z.") from exc
    if moment.tzinfo is None:
        raise ValueError("Must carry a timezone (Z or an offset).")
    return moment.astimezone(UTC)


def ref(value: int | None) -> str | None:
    """An optional row id as the API shows it: a string, or null."""
    return None if value is None else str(value)
