"""Forms of the alerts pages. Values are checked by signage.alerts (like the API)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from signage.alerts.rules import EMERGENCY_BACKGROUND, EMERGENCY_TEXT
from signage.fleet.targets import split_target_key, target_key, target_options

MODE_CHOICES = [
    SelectChoice("BANNER", "Banner (a strip over the content)"),
    SelectChoice("FULLSCREEN", "Full screen"),
]
# Service field -> form field (the schedule form's too: both name their target `target`).
# The services name a target by type and id; the forms choose it in one select.
TARGET_FIELDS = {"target_type": "target", "target_id": "target"}


def target_choices(*, include_all: bool = True) -> list[SelectChoice]:
    """The "Show on" / "Screen or group" select, shared with the schedule form: "All screens"
    first (alerts; schedules have no such target), then every group, then every screen."""
    return [SelectChoice(value, label) for value, label in target_options(with_all=include_all)]


def _target_args(raw: str | None) -> dict[str, Any]:
    target_type, target_id = split_target_key(raw)
    return {"target_type": target_type, "target_id": target_id or None}


def _instant(raw: str | None) -> str | None:
    """A datetime-local value, read as UTC (the form says so)."""
    text = (raw or "").strip()
    return f"{text}Z" if text and not text.endswith("Z") else (text or None)


class EmergencyForm(FlaskForm):
    """The ten-second path: a message, who sees it, send. Full screen, red, at once."""

    SERVICE_FIELDS = TARGET_FIELDS

    title = StringField("Title", default="Emergency")
    content = TextAreaField("Message")
    target = SelectField("Show on", default="ALL")

    def service_args(self) -> dict[str, Any]:
        return {
            "title": self.title.data or "",
            "content": self.content.data or "",
            "display_mode": "FULLSCREEN",
            "background_color": EMERGENCY_BACKGROUND,
            "text_color": EMERGENCY_TEXT,
            **_target_args(self.target.data),
        }


class AlertForm(FlaskForm):
    SERVICE_FIELDS = TARGET_FIELDS
    title = StringField("Title")
    content = TextAreaField("Message (shown as plain text)")
    target = SelectField("Show on", default="ALL")
    display_mode = SelectField("Display", choices=MODE_CHOICES, default="BANNER")
    background_color = StringField("Background", default=EMERGENCY_BACKGROUND, render_kw={"type": "color"})
    text_color = StringField("Text colour", default=EMERGENCY_TEXT, render_kw={"type": "color"})
    start_at = StringField("From (UTC, optional)", render_kw={"type": "datetime-local"})
    end_at = StringField("Until (UTC, optional)", render_kw={"type": "datetime-local"})
    activate = BooleanField("Send now (activate)")

    def service_args(self) -> dict[str, Any]:
        return {
            "title": self.title.data or "",
            "content": self.content.data or "",
            "display_mode": self.display_mode.data or "",
            "background_color": self.background_color.data or "",
            "text_color": self.text_color.data or "",
            "start_at": _instant(self.start_at.data),
            "end_at": _instant(self.end_at.data),
            **_target_args(self.target.data),
        }


def edit_data(alert: Any) -> dict[str, Any]:
    def local(dt: Any) -> str:
        return dt.strftime("%Y-%m-%dT%H:%M") if dt else ""

    return {
        "title": alert.title,
        "content": alert.content,
        "target": target_key(alert.target_type, alert.target_id),
        "display_mode": alert.display_mode.value,
        "background_color": alert.background_color,
        "text_color": alert.text_color,
        "start_at": local(alert.start_at),
        "end_at": local(alert.end_at),
    }
