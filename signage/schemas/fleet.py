"""Sites, groups, screens and their identity (CONTRACT §3, §4, §12), as the API answers them
(signage.fleet.payloads builds them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from signage.models.enums import Orientation, ScreenStatus
from signage.schemas.base import Answer, Id, Instant


class Site(Answer):
    id: Id
    name: str
    city: str
    address: str
    timezone: str = Field(description="IANA zone, e.g. Europe/Paris")
    locale: str = Field(description="the site's language (its screens' texts, its e-mails)")
    contact_name: str
    contact_email: str
    created_at: Instant
    screen_count: int
    group_count: int


class Group(Answer):
    id: Id
    name: str
    description: str
    site_id: Id
    screen_count: int
    screenshot_interval_minutes: int | None = Field(description="automatic screenshots; null: none")


class Screen(Answer):
    """Never its activation token nor its JWT digest."""

    id: Id
    name: str
    description: str
    site_id: Id
    group_id: Id | None
    status: ScreenStatus
    last_seen: Instant | None
    resolution: str | None
    orientation: Orientation
    player_version: str | None
    ip_address: str | None
    uptime: int | None = Field(description="seconds since the player started")
    current_playlist_id: Id | None
    current_media_name: str | None
    last_screenshot_at: Instant | None
    created_at: Instant
    activated: bool
    revoked: bool
    dropped_messages: int = Field(description="messages its player sent beyond its budget")
    over_budget_at: Instant | None


class Activation(Answer):
    """A new activation link, shown once."""

    screen_id: Id
    token: str
    url: str
    expires_at: Instant | None


class Activated(Answer):
    """POST /api/player/activate: the screen's token, sent as `Authorization: Bearer`."""

    jwt: str
    screen_id: Id


class PairingStarted(Answer):
    pairing_id: str
    code: str = Field(description="shown on the screen, typed in the console")
    poll_token: str = Field(description="Bearer token of GET /api/player/pairings/{pairingId}")
    expires_at: Instant


class PairingPending(Answer):
    status: Literal["PENDING"]


class PairingDone(Answer):
    status: Literal["PAIRED"]
    jwt: str
    screen_id: Id
