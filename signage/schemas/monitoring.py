"""Commands, screenshots, proof of play, player errors and the reports (CONTRACT §6, §9);
signage.monitoring.payloads builds them."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from signage.models.enums import CommandStatus, CommandType
from signage.schemas.base import Answer, Id, Instant, page_of


class Command(Answer):
    id: Id
    screen_id: Id
    command: CommandType
    payload: dict[str, Any]
    status: CommandStatus
    error: str | None
    created_at: Instant
    sent_at: Instant | None
    acknowledged_at: Instant | None
    sent_by: Id | None


class CommandAccepted(Answer):
    """Accepted, not yet done: `admin:command_status` tells the rest."""

    id: Id
    status: CommandStatus


class Screenshot(Answer):
    id: Id
    screen_id: Id
    command_id: Id | None
    taken_at: Instant
    width: int | None
    height: int | None
    file_size_bytes: int | None
    url: str | None = Field(description="the image (JPEG), with the same credentials")


class Play(Answer):
    """A proof-of-play row; names of what was deleted since are null."""

    id: Id
    client_id: str = Field(description="the player's id for the play (retries are idempotent)")
    played_at: Instant
    duration_seconds: float
    screen_id: Id | None
    screen_name: str | None
    site_id: Id | None
    site_name: str | None
    media_id: Id | None
    media_name: str | None
    playlist_id: Id | None
    playlist_name: str | None
    synced_at: Instant | None
    received_at: Instant


class Rejected(Answer):
    index: int = Field(description="the play's position in the batch sent")
    error: str


class PlaysReceived(Answer):
    """POST /api/player/{screenId}/proof_of_play, once the plays are committed."""

    accepted: int
    duplicates: int = Field(description="plays already received (a batch sent again)")
    rejected: list[Rejected]


class ScreenUptime(Answer):
    screen_id: Id
    screen_name: str
    site_id: Id
    online_seconds: float
    uptime_percent: float | None


class UptimeReport(page_of(ScreenUptime)):  # type: ignore[misc]
    """Per screen over [from, to), paged by screen."""

    from_: Instant = Field(alias="from")
    to: Instant


class PlayerError(Answer):
    """One row per screen, hour and distinct error, with its count."""

    id: Id
    screen_id: Id
    screen_name: str | None
    hour: Instant
    type: str
    media_id: Id | None
    message: str
    count: int
    first_at: Instant
    last_at: Instant


class PlayerErrorPage(page_of(PlayerError)):  # type: ignore[misc]
    screens: int = Field(description="distinct screens across every match, not only this page")
    reports: int = Field(description="reports across every match")


class AvailabilityDay(Answer):
    day: date
    online_seconds: float
    covered_seconds: float
    uptime_percent: float | None


class ScreenAvailability(Answer):
    screen_id: Id
    screen_name: str
    site_id: Id
    online_seconds: float
    covered_seconds: float
    uptime_percent: float | None
    heartbeats: int
    plays: int
    errors: int
    incidents: int
    longest_outage_seconds: float


class Availability(Answer):
    """Per local day (the chart) and per screen (the table)."""

    days: list[AvailabilityDay]
    screens: list[ScreenAvailability]


class DayPlays(Answer):
    day: date
    plays: int
    seconds: float


class MediaPlays(Answer):
    media_id: Id | None
    media_name: str | None
    plays: int
    seconds: float


class ScreenPlays(Answer):
    screen_id: Id
    screen_name: str
    plays: int
    seconds: float


class PlaysByDay(Answer):
    days: list[DayPlays]
    top_media: list[MediaPlays]
    by_screen: list[ScreenPlays]
