"""Schedules, their previews and the player's schedule (CONTRACT §5, §7); alerts (CONTRACT
§10). signage.scheduling.payloads and signage.alerts.payloads build them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from signage.models.enums import AlertDisplayMode, AlertTarget, CommandStatus, CommandType, ScheduleTarget
from signage.schemas.base import Answer, Id, Instant


class Schedule(Answer):
    id: Id
    name: str
    target_type: ScheduleTarget
    target_id: Id
    playlist_id: Id
    priority: int
    start_date: date | None
    end_date: date | None
    start_time: str | None = Field(description="HH:MM on the site's clock")
    end_time: str | None
    days_of_week: list[int] = Field(description="1 (Monday) to 7; empty: every day")
    is_recurring: bool
    is_interruption: bool
    is_enabled: bool
    created_at: Instant
    updated_at: Instant
    created_by: Id | None


class OverlapWarning(Answer):
    code: Literal["equal_priority_overlap"]
    schedule_id: Id
    message: str


class SavedSchedule(Schedule):
    """A create or update answer (CONTRACT §7.3)."""

    warnings: list[OverlapWarning] = Field(description="empty when none")


class Winner(Answer):
    id: Id = Field(description="the playlist's id")
    version: int | None
    schedule_id: Id
    is_interruption: bool


class Candidate(Answer):
    schedule_id: Id
    name: str
    playlist_id: Id
    priority: int
    is_interruption: bool
    updated_at: Instant | None
    active: bool
    winner: bool
    reason: str = Field(description="a stable code")
    message: str


class Preview(Answer):
    """What a screen plays at an instant, and why."""

    screen_id: Id
    timezone: str
    local_time: str = Field(description="the instant on the site's clock, with its offset")
    at: Instant
    playlist: Winner | None
    next_change_at: Instant | None
    candidates: list[Candidate]


class Upcoming(Answer):
    playlist_id: Id
    version: int | None
    schedule_id: Id
    start: Instant
    end: Instant


class AlertShown(Answer):
    """`alert:show` as screens get it."""

    id: Id
    title: str
    content: str
    display_mode: AlertDisplayMode
    background_color: str
    text_color: str


class PlayerSchedule(Answer):
    screen_id: Id
    server_time: Instant
    timezone: str
    locale: str
    playlist: Winner | None
    upcoming: list[Upcoming] = Field(description="at least 72 hours ahead")
    alerts: list[AlertShown]


class Alert(AlertShown):
    target_type: AlertTarget
    target_id: Id | None
    start_at: Instant | None
    end_at: Instant | None
    is_active: bool
    state: Literal["INACTIVE", "SCHEDULED", "LIVE", "ENDED"]
    created_at: Instant
    created_by: Id | None


class Delivery(Answer):
    screen_id: Id
    screen_name: str | None
    command_id: Id
    command: CommandType
    status: CommandStatus
    sent_at: Instant | None
    acknowledged_at: Instant | None
    error: str | None


class AlertWithDeliveries(Alert):
    deliveries: list[Delivery] = Field(description="per screen, the latest show or hide sent")
